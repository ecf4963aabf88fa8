/** BullMQ's largest job priority (`PRIORITY_LIMIT` in bullmq 5: 2^21 - 1). */
export const MAX_ROW_PRIORITY = 2 ** 21 - 1;

/**
 * Fairness between batches (README "Fairness between batches"). BullMQ's open-source edition has no fair groups, so every
 * row delivery carries a priority: its rank within the set of rows its batch enqueues at once
 * (1 for the first row of this start/resume, 2 for the second, ...). BullMQ serves the lowest
 * number first, ties in arrival order, so:
 * - two big batches interleave row by row (round robin by batch, whoever owns them);
 * - a 10-row batch started while a 10,000-row batch is mid-way gets ranks 1..10, lower than every
 *   rank the big batch still has queued: it starts within a second whatever is running;
 * - a resumed batch re-ranks its remaining rows from 1 (it rejoins the round robin, not the tail).
 * The share is per batch, not per agent: an agent running three batches gets three shares.
 * Ranks past BullMQ's limit share the last priority (FIFO among themselves).
 */
export function rowPriority(rank: number): number {
  return Math.min(Math.max(1, Math.floor(rank)), MAX_ROW_PRIORITY);
}
