import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError, type CliApi } from '../api-client.ts';
import { describeBatch, nextStep, type BatchView } from '../format.ts';
import type { Output } from '../output.ts';

const batchPath = (id: string) => `/api/v1/batch/enrich/${encodeURIComponent(id)}`;

export async function mint(api: CliApi, out: Output): Promise<number> {
  const agent = await api.json<{ agent_id: string; token: string; balance_usd: number; webhook_secret: string }>('POST', '/api/v1/agents', { auth: false });
  if (out.json) return out.data(agent);
  out.line(`agent_id        ${agent.agent_id}`);
  out.line(`token           ${agent.token}`);
  out.line(`webhook_secret  ${agent.webhook_secret}`);
  out.note(`The token is shown once. Use it with: export BATCH_ENRICH_TOKEN=${agent.token}`);
  return 0;
}

interface UploadOptions {
  rowLimit?: string;
  start?: boolean;
  mapping?: string;
  callbackUrl?: string;
  maxSpendUsd?: string;
}

export async function upload(api: CliApi, out: Output, file: string, opts: UploadOptions): Promise<number> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 2);
  }
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)], { type: 'text/csv' }), basename(file));
  if (opts.rowLimit !== undefined) form.append('row_limit', opts.rowLimit);
  if (opts.callbackUrl !== undefined) form.append('callback_url', opts.callbackUrl);
  if (opts.maxSpendUsd !== undefined) form.append('max_spend_usd', opts.maxSpendUsd);
  if (opts.mapping !== undefined) {
    const mapping = await readFile(opts.mapping, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${opts.mapping}: ${err.code ?? err.message}`, 2);
    });
    form.append('mapping', mapping);
  }
  let job = await api.json<BatchView>('POST', '/api/v1/batch/enrich/upload', { form });
  out.note(`uploaded ${basename(file)}: job ${job.id}, ${job.row_count} rows to enrich (mapping: ${job.mapping?.source ?? '?'})`);
  if (opts.start) {
    try {
      job = await api.json<BatchView>('POST', `${batchPath(job.id)}/start`);
    } catch (err) {
      // The upload stands: say which job it is, so it can be started later.
      if (err instanceof CliError) throw new CliError(`job ${job.id} was uploaded but did not start: ${err.message}`, err.exitCode);
      throw err;
    }
    out.note(`started job ${job.id}`);
  }
  return printBatch(out, job);
}

export async function transition(api: CliApi, out: Output, id: string, action: 'start' | 'resume', maxSpendUsd?: string): Promise<number> {
  const json = maxSpendUsd === undefined ? undefined : { max_spend_usd: Number(maxSpendUsd) };
  const job = await api.json<BatchView>('POST', `${batchPath(id)}/${action}`, { json });
  return printBatch(out, job);
}

export async function status(api: CliApi, out: Output, id: string): Promise<number> {
  return printBatch(out, await api.json<BatchView>('GET', batchPath(id)));
}

function printBatch(out: Output, job: BatchView): number {
  if (out.json) return out.data(job);
  if (out.quiet) {
    out.line(job.id);
    return 0;
  }
  out.line(describeBatch(job));
  const hint = nextStep(job);
  if (hint) out.note(hint);
  return 0;
}

export { batchPath };
