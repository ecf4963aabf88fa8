import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { findAgentByTokenHash, findBatch, type Database, type BatchRecord } from '@bej/db';
import { AppError, notFound, tokenNotFound } from './app-error.ts';

type Agent = NonNullable<Awaited<ReturnType<typeof findAgentByTokenHash>>>;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

type Credentials = { scheme: 'bearer' | 'batch'; token: string } | null;

function readCredentials(req: Request): Credentials {
  const header = req.get('authorization');
  if (!header) return null;
  const match = /^(Bearer|Batch)\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError('unauthorized', 'Authorization must be "Bearer <token>" or "Batch <upload_token>".');
  return { scheme: match[1]!.toLowerCase() as 'bearer' | 'batch', token: match[2]! };
}

const unauthorized = () => new AppError('unauthorized', 'A valid "Authorization: Bearer <token>" header is required. Mint a token with POST /api/v1/agents.');

/** The agent of a bearer token; a missing or unknown token is 401. */
export async function requireAgent(db: Database, req: Request): Promise<Agent> {
  const agent = await optionalAgent(db, req);
  if (!agent) throw unauthorized();
  return agent;
}

const resolvedAgents = new WeakMap<Request, Promise<Agent | null>>();

/**
 * The agent when a bearer is sent; an invalid bearer is still 401 (a typo must not silently go anonymous).
 * Resolved once per request, so a middleware (rate limits) and the handler share one lookup.
 */
export function optionalAgent(db: Database, req: Request): Promise<Agent | null> {
  let agent = resolvedAgents.get(req);
  if (!agent) {
    agent = resolveAgent(db, req);
    resolvedAgents.set(req, agent);
  }
  return agent;
}

async function resolveAgent(db: Database, req: Request): Promise<Agent | null> {
  const credentials = readCredentials(req);
  if (!credentials) return null;
  if (credentials.scheme !== 'bearer') throw unauthorized();
  // Only the SHA-256 of a token is stored; the lookup is by that digest (an index probe reveals
  // nothing about the token), and the digests are compared once more in constant time.
  const digest = hashToken(credentials.token);
  const agent = await findAgentByTokenHash(db, digest);
  if (!agent || !sameHash(agent.tokenHash, digest)) throw unauthorized();
  return agent;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadBatch(db: Database, jobId: string): Promise<BatchRecord | null> {
  return UUID.test(jobId) ? findBatch(db, jobId) : null;
}

/** A job the bearer's agent owns; anything else (missing, someone else's, anonymous) is 404. */
export async function requireOwnedBatch(db: Database, req: Request, jobId: string): Promise<{ agent: Agent; job: BatchRecord }> {
  const agent = await requireAgent(db, req);
  const job = await loadBatch(db, jobId);
  if (!job || job.agentId !== agent.id) throw notFound();
  return { agent, job };
}

/** A job readable by its owner's bearer or by its own `Batch` upload token. */
export async function requireReadableBatch(
  db: Database,
  req: Request,
  jobId: string,
): Promise<{ job: BatchRecord; viewer: 'owner' | 'upload_token' }> {
  const credentials = readCredentials(req);
  if (!credentials) throw new AppError('unauthorized', 'Send "Authorization: Bearer <token>" or "Authorization: Batch <upload_token>".');
  if (credentials.scheme === 'bearer') {
    const { job } = await requireOwnedBatch(db, req, jobId);
    return { job, viewer: 'owner' };
  }
  const job = await loadBatch(db, jobId);
  if (!job || !job.uploadTokenHash || !sameHash(job.uploadTokenHash, hashToken(credentials.token))) throw tokenNotFound();
  return { job, viewer: 'upload_token' };
}

/** Constant-time comparison of two hex SHA-256 digests (always 32 bytes each, so lengths never differ). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
