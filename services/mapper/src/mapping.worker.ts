import { UnrecoverableError, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createQueueWorker } from '@bej/queue';
import { isMappable, validateColumnMapping, withFieldDecisions, type MappingDecision } from '@bej/leads';
import type { HeaderCache } from './header-cache.ts';
import type { LlmMappingClient } from './llm-client.ts';
import { mapHeaders } from './map-headers.ts';
import type { MapperLogger } from './mapper.types.ts';

interface MappingWorkerDeps {
  /** A worker-role connection (maxRetriesPerRequest null). */
  connection: Redis;
  /** QUEUE_PREFIX. */
  prefix: string;
  cache: HeaderCache;
  llm: LlmMappingClient | null;
  logger: MapperLogger;
  concurrency?: number;
  heuristic?: (headers: string[], sampleRows: string[][]) => MappingDecision | null;
  autorun?: boolean;
}

/** A user's correction is the best evidence there is. */
const USER_CONFIDENCE = 1;

/** Consumes `batch-enrich-mapping`: `mapping.infer` answers the upload-api's call, `mapping.remember` stores corrections. */
export function createMappingWorker(deps: MappingWorkerDeps): Worker {
  const { cache, logger } = deps;
  return createQueueWorker(
    'batch-enrich-mapping',
    {
      'mapping.infer': async (payload, job) => {
        const result = await mapHeaders(payload, deps);
        logger.info('mapping inferred', { job_id: job.id, namespace: payload.namespace, source: result.source });
        // The return value travels back to QueueClient.call unchanged.
        return result;
      },
      'mapping.remember': async (payload, job) => {
        // The shape was checked against the catalog's schema; whether it fits these headers is checked here.
        const mapping = payload.mapping;
        const validation = validateColumnMapping(payload.headers, mapping);
        if (!validation.ok) throw new UnrecoverableError(`mapping does not fit the headers: ${validation.problems.join('; ')}`);
        if (!isMappable(mapping.columns)) throw new UnrecoverableError('mapping maps neither company nor a full address');
        await cache.put(payload.namespace, payload.headers, withFieldDecisions(mapping, USER_CONFIDENCE, 'user'), 'user');
        logger.info('mapping remembered', { job_id: job.id, namespace: payload.namespace });
        return { stored: true as const };
      },
    },
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency ?? 4,
      logger,
      autorun: deps.autorun,
    },
  );
}
