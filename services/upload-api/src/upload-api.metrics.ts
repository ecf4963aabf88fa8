import { Counter, Histogram } from 'prom-client';
import { processRegistry } from '@bej/ops';

const registers = [processRegistry()];

export const uploadsStored = new Counter({
  name: 'bej_uploads_total',
  help: 'Uploads stored, by where their mapping came from (fast_path, cache, llm, heuristic, user)',
  labelNames: ['mapping_source'] as const,
  registers,
});

/** Uploads mapped with local heuristics because the mapper gave no usable answer, by why. */
export const mapperFallbacks = new Counter({
  name: 'bej_upload_mapper_fallbacks_total',
  help: 'Uploads mapped with local heuristics instead of the mapper, by reason (timeout, unavailable, mapper_failed, invalid_answer)',
  labelNames: ['reason'] as const,
  registers,
});

/** `route` is the route template (`/api/v1/batch/enrich/:id`), never the path itself (ids, tokens). */
export const httpDuration = new Histogram({
  name: 'bej_http_request_duration_seconds',
  help: 'HTTP request latency by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});
