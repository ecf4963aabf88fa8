import { eq } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { agents } from './schema.ts';

export async function insertAgent(db: Executor, input: { tokenHash: string; webhookSecret: string }) {
  const [agent] = await db.insert(agents).values(input).returning();
  if (!agent) throw new Error('agent insert returned nothing');
  return agent;
}

export async function findAgentByTokenHash(db: Executor, tokenHash: string) {
  const [agent] = await db.select().from(agents).where(eq(agents.tokenHash, tokenHash));
  return agent ?? null;
}

export async function findAgentById(db: Executor, agentId: string) {
  const [agent] = await db.select().from(agents).where(eq(agents.id, agentId));
  return agent ?? null;
}
