import type { Logger } from '@bej/logger';
import { createRedis, warnIfRedisEvicts } from '@bej/queue';
import type { MapperEnv } from './env.ts';
import { createHeaderCache } from './header-cache.ts';
import { llmClientFromEnv } from './llm-client.ts';
import { createMappingWorker } from './mapping.worker.ts';

/** Builds the mapping worker from its env; `main.ts` and the end-to-end tests both use it. */
export async function startMapper(env: MapperEnv, logger: Logger) {
  const redis = createRedis(env.REDIS_URL, 'worker');
  redis.on('error', (err) => logger.error('redis error', { err: err.message }));
  await warnIfRedisEvicts(redis, logger);
  const cache = createHeaderCache({ redis, prefix: env.QUEUE_PREFIX, logger });
  const llm = llmClientFromEnv(env, logger);
  const worker = createMappingWorker({ connection: redis, prefix: env.QUEUE_PREFIX, cache, llm, logger, concurrency: env.MAPPER_CONCURRENCY });
  await worker.waitUntilReady();
  // Whether the LLM step is on, and where it points, without the key itself.
  logger.info('mapper started', {
    queue_prefix: env.QUEUE_PREFIX,
    concurrency: env.MAPPER_CONCURRENCY,
    llm_enabled: llm !== null,
    llm_disabled_reason: llm ? null : env.BATCH_ENRICH_LLM_MAP_ENABLED ? 'no OPENROUTER_API_KEY' : 'BATCH_ENRICH_LLM_MAP_ENABLED=0',
    llm_model: env.BATCH_ENRICH_LLM_MAP_MODEL,
    // Host only: a base URL may carry credentials in its userinfo or query.
    llm_host: new URL(env.OPENROUTER_BASE_URL).host,
    preview_rows: env.BATCH_ENRICH_LLM_PREVIEW_ROWS,
  });
  return {
    steps: [
      { name: 'mapping worker', run: () => worker.close() },
      { name: 'redis', run: () => redis.quit() },
    ],
  };
}
