import type { Logger } from '@bej/logger';
import { reconcileOnce, type ReconcileDeps } from './row-reconciler.ts';

/**
 * Sweeps now and then every `intervalMs` (the next sweep is planned only when the previous one
 * ended, so sweeps never overlap in one process). `stop` waits for a sweep under way.
 */
export function startReconcileLoop(deps: ReconcileDeps & { logger: Logger }, intervalMs: number): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const sweep = async () => {
    const startedAt = Date.now();
    try {
      const report = await reconcileOnce(deps);
      if (report && report.redelivered + report.freshIds + report.completed + report.released > 0) {
        deps.logger.info('reconciled', { ...report, took_ms: Date.now() - startedAt });
      }
    } catch (err) {
      deps.logger.error('reconcile sweep failed', { err: (err as Error).message.slice(0, 300) });
    }
  };
  const tick = () => {
    current = sweep().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
