import { Router } from 'express';
import { z } from 'zod';
import { ROW_FILTERS, findRowDetail, listRows, rowEvents, type RowFilter } from '@bej/db';
import type { AppDeps } from '../app.ts';
import { AppError } from '../http/app-error.ts';
import { requireOwnedBatch } from '../http/auth.ts';
import type { HuntHub } from '../live/hunt-hub.ts';
import { presentRowDetail, presentRowSummary } from '../batches/row-presenter.ts';

const MAX_LIMIT = 1000;

export const listQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const wanted = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = wanted.filter((s) => !(ROW_FILTERS as readonly string[]).includes(s));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown status "${unknown[0]}"; use one or more of ${ROW_FILTERS.join(', ')} (comma-separated)` });
        return z.NEVER;
      }
      return wanted as RowFilter[];
    }),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
  cursor: z.string().optional(),
});

/** Cursors are opaque to clients: the last row index of the page, base64url-encoded. */
const encodeCursor = (rowIndex: number) => Buffer.from(`r:${rowIndex}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return -1;
  const match = /^r:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new AppError('validation_error', 'cursor: not a cursor this API returned; start again without one.');
  return Number(match[1]);
}

/** `GET …/rows` and `GET …/rows/{row_index}` (README "API at a glance"), owner only. */
export function rowsRouter(deps: AppDeps, hub: HuntHub | null): Router {
  const router = Router();

  router.get('/api/v1/batch/enrich/:id/rows', async (req, res) => {
    const { job } = await requireOwnedBatch(deps.db, req, req.params.id);
    const query = listQuery.parse(req.query);
    const rows = await listRows(deps.db, job.id, { filters: query.status, afterRowIndex: decodeCursor(query.cursor), limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    res.json({ rows: page.map(presentRowSummary), next_cursor: rows.length > query.limit && last ? encodeCursor(last.rowIndex) : null });
  });

  router.get('/api/v1/batch/enrich/:id/rows/:rowIndex', async (req, res) => {
    const { job } = await requireOwnedBatch(deps.db, req, req.params.id);
    const rowIndex = /^\d{1,9}$/.test(req.params.rowIndex) ? Number(req.params.rowIndex) : null;
    const row = rowIndex === null ? null : await findRowDetail(deps.db, job.id, rowIndex);
    if (!row) throw new AppError('not_found', `This job has no row ${req.params.rowIndex}; row indexes run from 0 to ${job.storedRowCount - 1}.`);
    const stored = await rowEvents(deps.db, job.id, row.rowIndex);
    // A row still being hunted has its events in the live list only; they are stored when it finishes.
    const live = hub && (row.status === 'running' || row.status === 'queued') ? await hub.liveRowEvents(job.id, row.rowIndex) : [];
    res.json(presentRowDetail(row, [...stored, ...live]));
  });

  return router;
}
