import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { createRedis } from '@bej/queue';
import { loadMapperEnv } from './env.ts';
import { createHeaderCache } from './header-cache.ts';
import { llmClientFromEnv } from './llm-client.ts';
import { createMappingWorker } from './mapping.worker.ts';

const env = loadMapperEnv();
const logger = createLogger('mapper', env.LOG_LEVEL);
const shutdown = new ShutdownRegistry(logger);

const redis = createRedis(env.REDIS_URL, 'worker');
redis.on('error', (err) => logger.error('redis error', { err: err.message }));

const cache = createHeaderCache({ redis, prefix: env.QUEUE_PREFIX, logger });
const llm = llmClientFromEnv(env, logger);
const worker = createMappingWorker({ connection: redis, prefix: env.QUEUE_PREFIX, cache, llm, logger, concurrency: env.MAPPER_CONCURRENCY });

shutdown.register('mapping worker', () => worker.close());
shutdown.register('redis', () => redis.quit());
shutdown.listen();

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
