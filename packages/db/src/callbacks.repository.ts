import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from './client.ts';
import { agents, batchEnrichCallbackAttempts, batchEnrichCallbacks, batchEnrichJobs } from './schema.ts';

export type CallbackRecord = typeof batchEnrichCallbacks.$inferSelect;
export type CallbackAttemptRecord = typeof batchEnrichCallbackAttempts.$inferSelect;

/** Outbox rows no delivery was queued for yet (written by the job status trigger), oldest first. */
export async function unenqueuedCallbacks(db: Executor, limit: number): Promise<Array<{ id: string; round: number }>> {
  return db
    .select({ id: batchEnrichCallbacks.id, round: batchEnrichCallbacks.round })
    .from(batchEnrichCallbacks)
    .where(isNull(batchEnrichCallbacks.enqueuedAt))
    .orderBy(asc(batchEnrichCallbacks.createdAt))
    .limit(limit);
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

/**
 * Logs one attempt and moves the callback's state, together. Attempts are numbered across
 * redelivery rounds (1, 2, 3, … for the callback as a whole).
 */
export async function recordCallbackAttempt(
  db: Database,
  input: { callbackId: string; statusCode: number | null; error: string | null; durationMs: number; outcome: AttemptOutcome },
): Promise<void> {
  await db.transaction(async (tx) => {
    // The callback row is locked first, so two attempts never take the same number.
    const [locked] = await tx
      .select({ attempts: batchEnrichCallbacks.attempts, state: batchEnrichCallbacks.state })
      .from(batchEnrichCallbacks)
      .where(eq(batchEnrichCallbacks.id, input.callbackId))
      .for('update');
    if (!locked) return;
    await tx.insert(batchEnrichCallbackAttempts).values({
      callbackId: input.callbackId,
      attempt: locked.attempts + 1,
      statusCode: input.statusCode,
      error: input.error,
      durationMs: input.durationMs,
    });
    // Once delivered, a straggling attempt of an older round is logged but changes nothing else.
    const settled = locked.state === 'delivered';
    await tx
      .update(batchEnrichCallbacks)
      .set({
        attempts: locked.attempts + 1,
        ...(settled
          ? {}
          : {
              state: input.outcome === 'retrying' ? 'pending' : input.outcome,
              lastError: input.error,
              ...(input.outcome === 'delivered' ? { deliveredAt: new Date() } : {}),
            }),
      })
      .where(eq(batchEnrichCallbacks.id, input.callbackId));
  });
}

/**
 * Another round of delivery for one callback of a job (same id, same body): back to pending
 * and not enqueued, so the relay queues it under the new round's job id. Null when not found.
 */
export async function redeliverCallback(db: Executor, jobId: string, callbackId: string): Promise<CallbackRecord | null> {
  const [row] = await db
    .update(batchEnrichCallbacks)
    .set({ state: 'pending', round: sql`${batchEnrichCallbacks.round} + 1`, enqueuedAt: null, deliveredAt: null, lastError: null })
    .where(and(eq(batchEnrichCallbacks.id, callbackId), eq(batchEnrichCallbacks.jobId, jobId)))
    .returning();
  return row ?? null;
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
