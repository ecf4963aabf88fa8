import { readFile } from 'node:fs/promises';
import { CliError, type CliApi } from '../api-client.ts';
import { describeBatch, nextStep, type BatchView } from '../format.ts';
import type { Output } from '../output.ts';

interface SendOptions {
  rowLimit?: number;
  start?: boolean;
  callbackUrl?: string;
  maxSpendUsd?: string;
  idempotencyKey?: string;
}

/** Rows from a file: a JSON array of rows, a JSON body ({"rows": […], …}) or JSON Lines (one row a line). */
function readBody(text: string, file: string): Record<string, unknown> {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('[')) return { rows: JSON.parse(trimmed) };
    if (trimmed.startsWith('{') && !/\}\s*\n\s*\{/.test(trimmed)) {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      return Array.isArray(parsed.rows) ? parsed : { rows: [parsed] };
    }
    return { rows: trimmed.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l)) };
  } catch (err) {
    throw new CliError(`${file} is not JSON, a JSON array of rows, or JSON Lines: ${(err as Error).message}`, 2);
  }
}

/** `send FILE`: the rows as a headless batch (POST /api/v1/batch/enrich), no CSV involved. */
export async function send(api: CliApi, out: Output, file: string, opts: SendOptions): Promise<number> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${err.code ?? err.message}`, 2);
  });
  const body = readBody(text, file);
  if (opts.rowLimit !== undefined) body.row_limit = opts.rowLimit;
  if (opts.start) body.auto_start = true;
  if (opts.callbackUrl !== undefined) body.callback_url = opts.callbackUrl;
  if (opts.maxSpendUsd !== undefined) body.max_spend_usd = Number(opts.maxSpendUsd);
  const job = await api.json<BatchView>('POST', '/api/v1/batch/enrich', {
    json: body,
    headers: opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {},
  });
  if (out.json) return out.data(job);
  if (out.quiet) {
    out.line(job.id);
    return 0;
  }
  out.line(describeBatch(job));
  if (opts.start && job.status === 'uploaded') out.note('not started: the balance is below the minimum (top up, then batch-enrich start)');
  const hint = nextStep(job);
  if (hint) out.note(hint);
  return 0;
}
