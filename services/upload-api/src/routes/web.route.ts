import { fileURLToPath } from 'node:url';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../app.ts';
import { setContentSecurityPolicy } from '../http/security-headers.ts';

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** The pages' policy: scripts, styles and calls from this origin only, no inline script or style. */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROW_INDEX = /^\d{1,9}$/;

function sendPage(res: Response, page: string): void {
  // Replaces the strict API policy of the security-headers middleware, for this page only.
  setContentSecurityPolicy(res, PAGE_CSP);
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(`${page}.html`, { root: `${WEB_DIR}pages` });
}

/** The browser UI: static pages and ES modules, same origin as the API they call. */
export function webRouter(deps: AppDeps): Router {
  const router = Router();
  router.use('/ui/assets', express.static(`${WEB_DIR}assets`, { index: false, maxAge: '5m' }));

  // What the pages need to explain money before anything is spent (no secrets).
  router.get('/ui/settings.json', (_req, res) => {
    const startMinimumMicro = Math.max(deps.minBalanceMicro, deps.uploadLimits.priceMicro);
    res.json({
      min_balance_usd: deps.env.BATCH_ENRICH_MIN_BALANCE_USD,
      row_price_usd: deps.env.BATCH_ENRICH_ROW_PRICE_USD,
      start_minimum_usd: startMinimumMicro / 1_000_000,
      max_upload_bytes: deps.env.BATCH_ENRICH_MAX_UPLOAD_BYTES,
      max_rows: deps.env.BATCH_ENRICH_MAX_ROWS,
      operator_credit: deps.env.ADMIN_TOKEN !== undefined,
    });
  });

  router.get('/', (_req, res) => res.redirect(302, '/batch'));
  router.get('/batch', (_req, res) => sendPage(res, 'batch'));
  router.get('/connect', (_req, res) => sendPage(res, 'connect'));
  // Anything that is not a job id (or a row index) falls through to the JSON 404.
  const page = (name: string) => (req: Request, res: Response, next: NextFunction) => {
    const { id, rowIndex } = req.params as { id: string; rowIndex?: string };
    if (!JOB_ID.test(id) || (rowIndex !== undefined && !ROW_INDEX.test(rowIndex))) return next();
    sendPage(res, name);
  };
  router.get('/batch/:id', page('batch'));
  router.get('/batch/:id/results', page('results'));
  router.get('/batch/:id/rows', page('rows'));
  router.get('/batch/:id/rows/:rowIndex', page('lead'));
  return router;
}
