import type { CliApi } from '../api-client.ts';
import type { Output } from '../output.ts';
import { batchPath } from './jobs.command.ts';

interface RowSummary {
  row_index: number;
  status: string;
  matched: boolean | null;
  spent_usd: number;
  chat_title: string | null;
}

/** Every row (or those of one status), page after page; one line each, or JSON lines with --json. */
export async function rows(api: CliApi, out: Output, id: string, opts: { status?: string; limit?: number }): Promise<number> {
  let cursor: string | null = null;
  let printed = 0;
  do {
    const query = new URLSearchParams();
    if (opts.status) query.set('status', opts.status);
    query.set('limit', String(Math.min(500, opts.limit ? opts.limit - printed : 500)));
    if (cursor) query.set('cursor', cursor);
    const page: { rows: RowSummary[]; next_cursor: string | null } = await api.json('GET', `${batchPath(id)}/rows?${query}`);
    for (const row of page.rows) {
      if (out.json) out.line(JSON.stringify(row));
      else out.line([row.row_index, row.status, row.matched === null ? '-' : row.matched ? 'matched' : 'empty', row.spent_usd.toFixed(2), row.chat_title ?? ''].join('\t'));
      printed += 1;
      if (opts.limit && printed >= opts.limit) return 0;
    }
    cursor = page.next_cursor;
  } while (cursor);
  return 0;
}
