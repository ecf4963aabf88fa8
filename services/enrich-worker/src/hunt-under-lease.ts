import { renewRowLease, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';

/** Why a hunt stopped before its provider answered; nothing about the row was written. */
export class HuntInterrupted extends Error {
  constructor(readonly reason: 'lease_lost' | 'shutdown') {
    super(reason === 'lease_lost' ? 'the row lease was lost to another delivery' : 'the worker is shutting down');
    this.name = 'HuntInterrupted';
  }
}

interface LeaseDeps {
  db: Database;
  logger: Logger;
  /** Lease length; the heartbeat renews it every third of that. */
  leaseMs: number;
  /** Aborted when the worker's shutdown grace ran out: in-flight hunts stop and release their rows. */
  stopping?: AbortSignal;
}

/**
 * Runs a hunt while renewing the row's lease (a heartbeat, as visibility timeouts work). If a
 * renewal finds the lease gone (the row was retaken after its lease lapsed) or the worker is
 * stopping, the hunt is abandoned at once, whether or not the provider honours the signal.
 * A renewal that fails (database unreachable) is logged and retried at the next beat: the
 * lease may lapse meanwhile, and then the row's store is refused rather than doubled.
 */
export async function huntUnderLease<T>(
  deps: LeaseDeps,
  row: { jobId: string; rowIndex: number; owner: string },
  hunt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let interrupted: HuntInterrupted | null = null;
  let onInterrupt: (err: HuntInterrupted) => void = () => undefined;
  const interrupt = (reason: HuntInterrupted['reason']) => {
    if (interrupted) return;
    interrupted = new HuntInterrupted(reason);
    controller.abort(interrupted);
    onInterrupt(interrupted);
  };
  const onStopping = () => interrupt('shutdown');
  if (deps.stopping?.aborted) onStopping();
  deps.stopping?.addEventListener('abort', onStopping, { once: true });
  const beat = setInterval(() => {
    renewRowLease(deps.db, row.jobId, row.rowIndex, row.owner, deps.leaseMs).then(
      (held) => {
        if (!held) interrupt('lease_lost');
      },
      (err: Error) => deps.logger.warn('row lease renewal failed', { job_id: row.jobId, row_index: row.rowIndex, err: err.message.slice(0, 200) }),
    );
  }, Math.max(50, Math.floor(deps.leaseMs / 3)));
  try {
    const stopped = new Promise<never>((_, reject) => {
      onInterrupt = reject;
      if (interrupted) reject(interrupted);
    });
    return await Promise.race([hunt(controller.signal), stopped]);
  } finally {
    clearInterval(beat);
    deps.stopping?.removeEventListener('abort', onStopping);
  }
}
