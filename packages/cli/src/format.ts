/** A job object as the CLI reads it (the API's job object; only what is shown). */
export interface BatchView {
  id: string;
  status: string;
  paused_reason: string | null;
  file_row_count: number;
  row_count: number;
  counts: Record<'pending' | 'queued' | 'running' | 'done' | 'matched' | 'empty' | 'failed' | 'skipped' | 'invalid', number>;
  spent_usd: number;
  mapping?: { source?: string };
}

export const usd = (n: number) => `${n.toFixed(2)} USD`;

/** Rows hunted or given up on, and rows still to go. */
export function progressOf(job: BatchView) {
  const c = job.counts;
  const processed = c.done + c.failed;
  const remaining = c.pending + c.queued + c.running;
  return { processed, remaining, total: processed + remaining };
}

export function describeBatch(job: BatchView): string {
  const c = job.counts;
  const { processed, total } = progressOf(job);
  return [
    `job ${job.id}  ${job.status}${job.paused_reason ? ` (${job.paused_reason})` : ''}`,
    `  rows      ${job.row_count} to enrich of ${job.file_row_count} (invalid ${c.invalid}, skipped ${c.skipped})`,
    `  progress  ${processed}/${total}: matched ${c.matched}, empty ${c.empty}, failed ${c.failed}`,
    `  spent     ${usd(job.spent_usd)}`,
    ...(job.mapping?.source ? [`  mapping   ${job.mapping.source}`] : []),
  ].join('\n');
}

export function nextStep(job: BatchView): string | null {
  if (job.status === 'uploaded') return `start it: batch-enrich start ${job.id}`;
  if (job.status === 'paused') return `top up, then: batch-enrich resume ${job.id}`;
  if (job.status === 'completed') return `download it: batch-enrich download ${job.id} -o enriched.csv`;
  return null;
}
