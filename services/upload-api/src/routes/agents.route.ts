import { Router } from 'express';
import { z } from 'zod';
import { creditAgent, findAgentById, insertAgent, microToUsd, usdToMicro } from '@bej/db';
import type { AppDeps } from '../app.ts';
import { AppError } from '../http/app-error.ts';
import { hashToken, newSecret, requireAgent, sameHash } from '../http/auth.ts';
import { mintRateLimit } from '../http/request-limits.ts';

export function agentsRouter(deps: AppDeps): Router {
  const router = Router();

  router.post('/api/v1/agents', mintRateLimit(deps), async (_req, res) => {
    const token = newSecret('bej');
    const webhookSecret = newSecret('whsec', 24);
    const agent = await insertAgent(deps.db, { tokenHash: hashToken(token), webhookSecret });
    deps.logger.info('agent minted', { agent_id: agent.id });
    res.status(201).json({ agent_id: agent.id, token, balance_usd: 0, webhook_secret: webhookSecret });
  });

  router.get('/api/v1/agents/me', async (req, res) => {
    const agent = await requireAgent(deps.db, req);
    res.json({ agent_id: agent.id, balance_usd: microToUsd(agent.balanceMicro), webhook_secret: agent.webhookSecret });
  });

  return router;
}

export const creditBody = z.object({ amount_usd: z.number().positive().max(1_000_000) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Operator endpoints; without ADMIN_TOKEN they are not mounted at all and answer 404. */
export function adminRouter(deps: AppDeps, adminToken: string): Router {
  const router = Router();
  const expected = hashToken(adminToken);
  router.use('/api/v1/admin', (req, _res, next) => {
    const given = req.get('x-admin-token');
    if (!given || !sameHash(hashToken(given), expected)) {
      throw new AppError('unauthorized', 'The X-Admin-Token header is missing or wrong.');
    }
    next();
  });

  router.post('/api/v1/admin/agents/:agentId/credit', async (req, res) => {
    const { amount_usd } = creditBody.parse(req.body);
    const agentId = req.params.agentId;
    if (!UUID.test(agentId) || !(await findAgentById(deps.db, agentId))) throw new AppError('not_found', 'No agent with this id.');
    const balance = await creditAgent(deps.db, { agentId, amountMicro: usdToMicro(amount_usd), kind: 'admin_credit', reason: 'operator credit' });
    if (balance === null) throw new AppError('not_found', 'No agent with this id.');
    deps.logger.info('agent credited', { agent_id: agentId, amount_micro: usdToMicro(amount_usd) });
    res.json({ agent_id: agentId, balance_usd: microToUsd(balance) });
  });

  return router;
}
