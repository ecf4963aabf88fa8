import { rederiveRows, replaceMapping, rowsPage, type Database, type BatchRecord } from '@bej/db';
import { userMappingSchema } from '@bej/leads';
import type { Logger } from '@bej/logger';
import type { QueueClient } from '@bej/queue';
import { AppError } from '../http/app-error.ts';
import { completeUserMapping } from '../upload/resolve-mapping.ts';
import { buildBatchMapping, deriveBatchRowsYielding, rememberUserMapping } from '../upload/batch-rows.ts';

const PAGE = 2000;

/**
 * A user's correction of a job that has not started: every row is derived again from its
 * stored cells, and the agent's mapping cache learns the map so the next file of this shape
 * maps itself.
 */
export async function correctMapping(
  deps: { db: Database; queues: QueueClient; logger: Logger },
  agentId: string,
  job: BatchRecord,
  body: unknown,
): Promise<BatchRecord> {
  if (job.status !== 'uploaded') {
    throw new AppError('invalid_state', `The job is ${job.status}; the mapping can only be corrected before it starts.`, { status: job.status });
  }
  if (job.mapping.source === 'headless') {
    throw new AppError('invalid_state', 'A headless batch has no file to map; its rows already name their canonical fields.');
  }
  const headers = job.headers;
  const decision = completeUserMapping(headers, userMappingSchema.parse(body));
  const mapping = buildBatchMapping(decision, 'user', { headers, delimiter: job.mapping.delimiter, encoding: job.mapping.encoding });

  const updated = await deps.db.transaction(async (tx) => {
    let pending = 0;
    for (let after = -1; ; ) {
      const page = await rowsPage(tx, job.id, after, PAGE, 'cells');
      if (page.length === 0) break;
      after = page[page.length - 1]!.rowIndex;
      const derived = await deriveBatchRowsYielding(headers, page, mapping, job.processLimit);
      pending += derived.filter((r) => r.status === 'pending').length;
      await rederiveRows(
        tx,
        job.id,
        derived.map((r) => ({ row_index: r.rowIndex, input: r.input, search_variants: r.searchVariants, chat_title: r.chatTitle, status: r.status })),
      );
    }
    if (!(await replaceMapping(tx, job.id, mapping, pending))) throw new AppError('invalid_state', 'The job started meanwhile; its mapping can no longer change.');
    return pending;
  });
  await rememberUserMapping(deps.queues, agentId, headers, mapping);
  deps.logger.info('mapping corrected', { job_id: job.id, agent_id: agentId, rows_pending: updated });
  return { ...job, mapping, rowCount: updated, updatedAt: new Date() };
}
