import { Registry, collectDefaultMetrics, register } from 'prom-client';

let defaultsOn = false;

/**
 * The process-wide registry: counters and histograms of whatever services this process runs,
 * plus node's default process metrics (CPU, RSS, heap, event-loop lag), collected once.
 */
export function processRegistry(): Registry {
  if (!defaultsOn) {
    collectDefaultMetrics({ register, prefix: 'bej_' });
    defaultsOn = true;
  }
  return register;
}

/** Prometheus text of the process registry plus a server's own state gauges (queues, jobs, ledger). */
export async function renderMetrics(local?: Registry): Promise<{ contentType: string; body: string }> {
  const registry = local ? Registry.merge([processRegistry(), local]) : processRegistry();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
