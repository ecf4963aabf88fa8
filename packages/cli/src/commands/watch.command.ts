import type { CliApi } from '../api-client.ts';
import { apiError } from '../api-client.ts';
import { readEventStream } from '../event-stream.ts';
import { nextStep, usd, type BatchView } from '../format.ts';
import type { Output } from '../output.ts';
import { ProgressView } from '../progress.ts';
import { batchPath } from './jobs.command.ts';

const TERMINAL = new Set(['completed', 'paused', 'cancelled']);

/** The job inside a `job` event: the job object itself, or wrapped as {"job": …}. */
function batchOf(data: string): BatchView | null {
  try {
    const parsed = JSON.parse(data) as BatchView & { job?: BatchView };
    const job = parsed.job ?? parsed;
    return job && typeof job.status === 'string' && job.counts ? job : null;
  } catch {
    return null;
  }
}

/**
 * Follows the job's event stream (`GET …/events`); when the API has none (404/405/406) or the
 * stream ends early, polls the job instead. Exit code: 0 completed, 3 paused, 1 cancelled.
 */
export async function watch(api: CliApi, out: Output, id: string, opts: { intervalMs: number; tty: boolean }): Promise<number> {
  const view = new ProgressView(out.progressStream, opts.tty);
  let job = await api.json<BatchView>('GET', batchPath(id));
  if (job.status === 'uploaded') out.note(`job ${id} has not started; waiting (start it with: batch-enrich start ${id})`);
  view.update(job);
  if (!TERMINAL.has(job.status)) job = (await followStream(api, id, view)) ?? job;
  while (!TERMINAL.has(job.status)) {
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
    job = await api.json<BatchView>('GET', batchPath(id));
    view.update(job);
  }
  view.finish(job);
  if (out.json) out.data(job);
  else {
    const c = job.counts;
    out.line(`${job.status}: ${c.done + c.failed} rows (matched ${c.matched}, empty ${c.empty}, failed ${c.failed}), spent ${usd(job.spent_usd)}`);
  }
  const hint = nextStep(job);
  if (hint) out.note(hint);
  return job.status === 'completed' ? 0 : job.status === 'paused' ? 3 : 1;
}

/** How often a streaming watch double-checks the job, in case the stream misses the end. */
const STREAM_CHECK_MS = 5000;

/** The last job seen on the stream when it reached a terminal status, else null (then poll). */
async function followStream(api: CliApi, id: string, view: ProgressView): Promise<BatchView | null> {
  const controller = new AbortController();
  const res = await api.raw('GET', `${batchPath(id)}/events`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  if (res.status === 404 || res.status === 405 || res.status === 406) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) throw apiError(res.status, await res.text());
  if (!res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    await res.body?.cancel();
    return null;
  }
  let ended: BatchView | null = null;
  const check = setInterval(() => {
    api
      .json<BatchView>('GET', batchPath(id))
      .then((job) => {
        if (TERMINAL.has(job.status)) {
          ended = job;
          controller.abort();
        }
      })
      .catch(() => controller.abort()); // polling takes over and reports the error itself
  }, STREAM_CHECK_MS);
  try {
    for await (const event of readEventStream(res.body)) {
      if (event.event !== 'job') continue;
      const job = batchOf(event.data);
      if (!job) continue;
      view.update(job);
      if (TERMINAL.has(job.status)) return job;
    }
    return ended;
  } catch (err) {
    // A dropped or aborted stream is not a failed watch: polling takes over.
    if ((err as Error).name === 'AbortError' || controller.signal.aborted) return ended;
    throw err;
  } finally {
    clearInterval(check);
    controller.abort();
  }
}
