import { parseArgs } from 'node:util';
import { CliApi, CliError } from './api-client.ts';
import { download } from './commands/download.command.ts';
import { mint, status, transition, upload } from './commands/jobs.command.ts';
import { rows } from './commands/rows.command.ts';
import { send } from './commands/send.command.ts';
import { watch } from './commands/watch.command.ts';
import { Output } from './output.ts';

export const USAGE = `batch-enrich: the batch enrichment API from a shell

Usage: batch-enrich <command> [arguments] [options]

Commands:
  mint                         mint an agent (prints its token once)
  upload FILE                  upload a CSV   [--row-limit N] [--start] [--mapping FILE] [--callback-url URL] [--max-spend USD]
  send FILE                    JSON rows as a headless batch (a JSON array, {"rows": …}, or JSON Lines)
                               [--row-limit N] [--start] [--callback-url URL] [--max-spend USD] [--idempotency-key K]
  start ID                     start enriching an uploaded job
  resume ID                    resume a paused job   [--max-spend USD]
  status ID                    the job: status, counts, spend
  watch ID                     live progress until the job completes or pauses
                               (exit 0 completed, 3 paused, 1 cancelled)
  rows ID                      one line per row   [--status S] [--limit N]
  download ID                  the enriched CSV   [-o FILE] [--no-file-columns]

Options:
  --url URL       API base URL (env BATCH_ENRICH_URL, default http://127.0.0.1:8080)
  --token TOKEN   agent bearer token (env BATCH_ENRICH_TOKEN)
  --json          print the API's JSON instead of a summary
  -q, --quiet     print only the job id (upload, send, start, resume, status); no notes
  -h, --help      this help

Failures print the API's message on stderr and exit non-zero (1; 2 for usage errors).`;

const options = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  'row-limit': { type: 'string' },
  start: { type: 'boolean', default: false },
  mapping: { type: 'string' },
  'callback-url': { type: 'string' },
  'max-spend': { type: 'string' },
  'idempotency-key': { type: 'string' },
  status: { type: 'string' },
  limit: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'no-file-columns': { type: 'boolean', default: false },
  interval: { type: 'string' },
} as const;

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new CliError(`${name} must be a positive integer, not "${value}".`, 2);
  return Number(value);
}

/** Runs one command; returns the exit code (errors are printed here, never thrown). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const [command, arg] = positionals;
    if (values.help || !command) {
      process.stdout.write(`${USAGE}\n`);
      return command || values.help ? 0 : 2;
    }
    const base = (values.url ?? env.BATCH_ENRICH_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
    const api = new CliApi(base, values.token ?? env.BATCH_ENRICH_TOKEN);
    const out = new Output(values.json, values.quiet);
    const need = (what: string) => {
      if (!arg) throw new CliError(`"${command}" needs ${what}. See batch-enrich --help.`, 2);
      return arg;
    };
    positiveInteger('--row-limit', values['row-limit']);
    switch (command) {
      case 'mint':
        return await mint(api, out);
      case 'upload':
        return await upload(api, out, need('a FILE'), {
          rowLimit: values['row-limit'],
          start: values.start,
          mapping: values.mapping,
          callbackUrl: values['callback-url'],
          maxSpendUsd: values['max-spend'],
        });
      case 'send':
        return await send(api, out, need('a FILE'), {
          rowLimit: positiveInteger('--row-limit', values['row-limit']),
          start: values.start,
          callbackUrl: values['callback-url'],
          maxSpendUsd: values['max-spend'],
          idempotencyKey: values['idempotency-key'],
        });
      case 'start':
        return await transition(api, out, need('a job ID'), 'start');
      case 'resume':
        return await transition(api, out, need('a job ID'), 'resume', values['max-spend']);
      case 'status':
        return await status(api, out, need('a job ID'));
      case 'watch':
        return await watch(api, out, need('a job ID'), {
          intervalMs: positiveInteger('--interval', values.interval) ?? 500,
          tty: Boolean(process.stderr.isTTY),
        });
      case 'rows':
        return await rows(api, out, need('a job ID'), { status: values.status, limit: positiveInteger('--limit', values.limit) });
      case 'download':
        return await download(api, out, need('a job ID'), { output: values.output, fileColumns: !values['no-file-columns'] });
      default:
        throw new CliError(`unknown command "${command}". See batch-enrich --help.`, 2);
    }
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`batch-enrich: ${err.message}\n`);
      return err.exitCode;
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`batch-enrich: ${(err as Error).message}. See batch-enrich --help.\n`);
      return 2;
    }
    process.stderr.write(`batch-enrich: unexpected failure: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
