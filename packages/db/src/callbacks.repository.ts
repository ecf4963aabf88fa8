import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from './client.ts';
import { agents, batchEnrichCallbackAttempts, batchEnrichCallbacks, batchEnrichJobs } from './schema.ts';

export type CallbackRecord = typeof batchEnrichCallbacks.$inferSelect;
export type CallbackAttemptRecord = typeof batchEnrichCallbackAttempts.$inferSelect;

/** Outbox rows no delivery was queued for yet (written by the job status trigger), oldest first. */
export async function unenqueuedCallbackIds(db: Executor, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: batchEnrichCallbacks.id })
    .from(batchEnrichCallbacks)
    .where(isNull(batchEnrichCallbacks.enqueuedAt))
    .orderBy(asc(batchEnrichCallbacks.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function markCallbacksEnqueued(db: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(batchEnrichCallbacks).set({ enqueuedAt: new Date() }).where(inArray(batchEnrichCallbacks.id, ids));
}

/** The callback with what signing it needs: the owning agent's webhook secret (null for an anonymous job). */
export async function findCallbackForDelivery(db: Executor, callbackId: string) {
  const [row] = await db
    .select({ callback: batchEnrichCallbacks, agentId: batchEnrichJobs.agentId, webhookSecret: agents.webhookSecret })
    .from(batchEnrichCallbacks)
    .innerJoin(batchEnrichJobs, eq(batchEnrichJobs.id, batchEnrichCallbacks.jobId))
    .leftJoin(agents, eq(agents.id, batchEnrichJobs.agentId))
    .where(eq(batchEnrichCallbacks.id, callbackId));
  return row ?? null;
}

/** Stores the body the first time and returns whatever is stored: every retry sends the same bytes. */
export async function fixCallbackBody(db: Executor, callbackId: string, body: string): Promise<string> {
  const [row] = await db.execute<{ body: string }>(sql`
    update batch_enrich_callback set body = coalesce(body, ${body})
    where id = ${callbackId} returning body`).then((r) => r.rows);
  if (!row) throw new Error(`callback ${callbackId} vanished`);
  return row.body;
}

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'refused';

/** Logs one attempt and moves the callback's state, together. */
export async function recordCallbackAttempt(
  db: Database,
  input: { callbackId: string; attempt: number; statusCode: number | null; error: string | null; durationMs: number; outcome: AttemptOutcome },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(batchEnrichCallbackAttempts).values({
      callbackId: input.callbackId,
      attempt: input.attempt,
      statusCode: input.statusCode,
      error: input.error,
      durationMs: input.durationMs,
    });
    await tx
      .update(batchEnrichCallbacks)
      .set({
        state: input.outcome === 'retrying' ? 'pending' : input.outcome,
        attempts: sql`greatest(${batchEnrichCallbacks.attempts}, ${input.attempt})`,
        lastError: input.error,
        ...(input.outcome === 'delivered' ? { deliveredAt: new Date() } : {}),
      })
      .where(and(eq(batchEnrichCallbacks.id, input.callbackId), sql`${batchEnrichCallbacks.state} <> 'delivered'`));
  });
}

/** A job's callbacks, each with its attempts in order: the owner's delivery log. */
export async function callbackLog(db: Executor, jobId: string): Promise<Array<CallbackRecord & { deliveries: CallbackAttemptRecord[] }>> {
  const callbacks = await db
    .select()
    .from(batchEnrichCallbacks)
    .where(eq(batchEnrichCallbacks.jobId, jobId))
    .orderBy(asc(batchEnrichCallbacks.createdAt), asc(batchEnrichCallbacks.id));
  if (callbacks.length === 0) return [];
  const attempts = await db
    .select()
    .from(batchEnrichCallbackAttempts)
    .where(inArray(batchEnrichCallbackAttempts.callbackId, callbacks.map((c) => c.id)))
    .orderBy(asc(batchEnrichCallbackAttempts.id));
  return callbacks.map((c) => ({ ...c, deliveries: attempts.filter((a) => a.callbackId === c.id) }));
}
