import type { RequestHandler } from 'express';
import type { AppDeps } from '../app.ts';
import { optionalAgent } from './auth.ts';
import { clientKey, rateLimit } from './rate-limit.ts';

/** RATE_LIMIT_AGENT_MINT: agents minted per client address. */
export function mintRateLimit(deps: Pick<AppDeps, 'limiter' | 'env'>): RequestHandler {
  return rateLimit(deps.limiter, 'agent_mint', deps.env.RATE_LIMIT_AGENT_MINT, clientKey);
}

/**
 * RATE_LIMIT_UPLOAD: new batches per agent (bearer) or per client address (anonymous), counted
 * before the body is read so a refused client costs no parsing. An invalid bearer is 401 here.
 * Use it on every route that creates a batch (file upload, headless JSON batch).
 */
export function uploadRateLimit(deps: Pick<AppDeps, 'limiter' | 'env' | 'db'>): RequestHandler {
  return rateLimit(deps.limiter, 'upload', deps.env.RATE_LIMIT_UPLOAD, async (req) => {
    const agent = await optionalAgent(deps.db, req);
    return agent ? `agent-${agent.id}` : clientKey(req);
  });
}
