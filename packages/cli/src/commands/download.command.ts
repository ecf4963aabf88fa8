import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { apiError, type CliApi } from '../api-client.ts';
import type { Output } from '../output.ts';
import { batchPath } from './jobs.command.ts';

/** Streams download.csv to a file (-o) or to stdout; nothing is held in memory. */
export async function download(api: CliApi, out: Output, id: string, opts: { output?: string; fileColumns: boolean }): Promise<number> {
  const res = await api.raw('GET', `${batchPath(id)}/download.csv${opts.fileColumns ? '' : '?file_columns=0'}`);
  if (!res.ok || !res.body) throw apiError(res.status, await res.text());
  const source = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
  if (!opts.output || opts.output === '-') {
    await pipeline(source, process.stdout, { end: false });
    return 0;
  }
  let bytes = 0;
  source.on('data', (chunk: Buffer) => (bytes += chunk.length));
  await pipeline(source, createWriteStream(opts.output));
  out.note(`wrote ${bytes} bytes to ${opts.output}`);
  return 0;
}
