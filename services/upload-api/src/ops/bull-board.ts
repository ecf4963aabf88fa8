import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler, Router } from 'express';
import { queueNames, type QueueClient } from '@bej/queue';
import { AppError } from '../http/app-error.ts';
import { hashToken, sameHash } from '../http/auth.ts';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board for operators, behind ADMIN_TOKEN: the X-Admin-Token header, or
 * `?admin_token=` once in a browser (then remembered in an HttpOnly cookie for the board's own requests).
 */
export function bullBoard(queues: QueueClient, adminToken: string): { guard: RequestHandler; router: Router } {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: queueNames.map((name) => new BullMQAdapter(queues.queue(name))), serverAdapter: adapter });
  const expected = hashToken(adminToken);
  // The cookie holds a digest derived from the token, never the token itself.
  const cookieValue = hashToken(`bull-board-session:${adminToken}`);
  const guard: RequestHandler = (req, res, next) => {
    const cookie = /(?:^|;\s*)bej_admin=([0-9a-f]{64})(?:;|$)/.exec(req.get('cookie') ?? '')?.[1];
    if (cookie && sameHash(cookie, cookieValue)) return next();
    const given = req.get('x-admin-token') ?? (typeof req.query.admin_token === 'string' ? req.query.admin_token : undefined);
    if (!given || !sameHash(hashToken(given), expected)) throw new AppError('unauthorized', 'Admin token required.');
    res.setHeader('Set-Cookie', `bej_admin=${cookieValue}; Path=${BULL_BOARD_PATH}; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`);
    next();
  };
  const board = adapter.getRouter() as Router & { disable?: (setting: string) => unknown };
  // The board is an express app of its own, which would announce itself again.
  board.disable?.('x-powered-by');
  return { guard, router: board };
}
