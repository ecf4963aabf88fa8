// /batch/{id}/results: live counts (event stream, polling as fallback), progress with rows/s
// and ETA, pause and resume, and the download. Counts only: no value from the file is shown.
import { $, ApiError, PAUSE_REASONS, TERMINAL, UserError, api, clearError, el, jobAuth, jobIdFromPath, session, showError, usd } from './common.js';
import { followJobEvents } from './event-stream.js';
import { RateMeter, duration } from './rate-meter.js';

const jobId = jobIdFromPath();
const bearer = () => (session.agentToken() ? `Bearer ${session.agentToken()}` : null);
let mode = 'connecting';
let job = null;
let timer = null;
let stream = null;
const meter = new RateMeter();

const processed = (j) => j.counts.done + j.counts.failed;
function showMode() {
  const finished = job && TERMINAL.has(job.status);
  $('#live').textContent = finished ? '' : mode === 'live' ? '(live)' : mode === 'polling' ? '(updating every second)' : '(connecting…)';
}

function renderJob(j) {
  job = j;
  $('#status').textContent = j.status;
  showMode();
  $('#finished').hidden = j.status !== 'completed';
  if (TERMINAL.has(j.status)) stream?.close();
  const total = Math.max(1, j.row_count);
  $('#progress').max = total;
  $('#progress').value = Math.min(total, processed(j));
  meter.add(Date.now(), processed(j));
  const { rate, eta } = meter.estimate(j.row_count - processed(j));
  const parts = [`${processed(j)} of ${j.row_count} rows`];
  if (rate !== null && j.status === 'running') parts.push(`${rate.toFixed(1)} rows/s`);
  if (eta !== null && j.status === 'running') parts.push(`about ${duration(eta)} left`);
  $('#progress-text').textContent = parts.join(' · ');
  const values = { row_count: j.row_count, done: j.counts.done, matched: j.counts.matched, empty: j.counts.empty, failed: j.counts.failed, spent_usd: usd(j.spent_usd) };
  for (const [key, value] of Object.entries(values)) document.querySelector(`[data-count="${key}"]`).textContent = String(value);
  $('#paused').hidden = j.status !== 'paused';
  if (j.status === 'paused') renderPaused(j);
  $('#not-started').hidden = j.status !== 'uploaded';
  $('#download').disabled = !bearer();
  if (!bearer()) $('#download-status').textContent = 'Connect the agent that owns this batch to download.';
}

function renderPaused(j) {
  $('#paused-reason').textContent = PAUSE_REASONS[j.paused_reason] ?? `Paused (${j.paused_reason ?? 'no reason given'}).`;
  $('#resume').disabled = !bearer();
  $('#topup-link').hidden = j.paused_reason === 'spend_cap';
  const cap = $('#new-cap');
  if (j.paused_reason === 'spend_cap' && !cap) {
    $('#resume').before(el('label', { for: 'new-cap', text: 'New spending cap (USD) ' }), el('input', { id: 'new-cap', type: 'number', min: '0', step: '0.01' }), ' ');
  }
}

function renderPreview(preview) {
  for (const key of ['people', 'phones', 'emails']) document.querySelector(`[data-count="${key}"]`).textContent = String(preview.found[key]);
}

async function refresh() {
  const auth = jobAuth(jobId);
  const [j, preview] = await Promise.all([
    api('GET', `/api/v1/batch/enrich/${jobId}`, { auth }),
    api('GET', `/api/v1/batch/enrich/${jobId}/preview`, { auth }),
  ]);
  renderJob(j);
  renderPreview(preview);
  return j;
}

function schedule() {
  clearTimeout(timer);
  if (job && TERMINAL.has(job.status)) return;
  // With a live stream polling is only a safety net; without it, it is the update.
  timer = setTimeout(tick, mode === 'live' ? 5000 : 1000);
}

let stopped = false;

async function tick() {
  if (stopped) return;
  try {
    await refresh();
  } catch (err) {
    showError(err);
    // Not ours to see (or the key is wrong): asking again every second will not change that.
    if (err instanceof ApiError && (err.status === 401 || err.status === 404)) {
      stopped = true;
      stream?.close();
      return;
    }
  }
  schedule();
}

let previewSoon = null;
function onEvent(type, payload) {
  const next = payload?.counts ? payload : payload?.job;
  if (type !== 'job' || !next?.counts) return;
  renderJob(next);
  // Job events carry counts; what was found (people, phones, emails) comes from the preview.
  clearTimeout(previewSoon);
  previewSoon = setTimeout(() => {
    api('GET', `/api/v1/batch/enrich/${jobId}/preview`, { auth: jobAuth(jobId) }).then(renderPreview, showError);
  }, 300);
}

async function resume() {
  clearError();
  const cap = $('#new-cap');
  const json = cap && cap.value !== '' ? { max_spend_usd: Number(cap.value) } : {};
  try {
    await api('POST', `/api/v1/batch/enrich/${jobId}/resume`, { auth: bearer(), json });
  } catch (err) {
    if (err instanceof ApiError && err.status === 402) {
      const shortfall = err.body?.error?.shortfall_usd;
      throw new UserError(`${err.message}${shortfall ? ` (${usd(shortfall)} missing)` : ''}`);
    }
    throw err;
  }
  await tick();
}

async function download() {
  const status = $('#download-status');
  status.textContent = 'Preparing the file…';
  const res = await fetch(`/api/v1/batch/enrich/${jobId}/download.csv`, { headers: { authorization: bearer() } });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new UserError(body?.error?.message ?? `Download failed with status ${res.status}.`);
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `batch-${jobId}.enriched.csv`;
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  status.textContent = `Downloaded ${name} (${(blob.size / 1024).toFixed(1)} KB).`;
}

$('#rows-link').href = `/batch/${jobId}/rows`;
$('#job-link').href = `/batch/${jobId}`;
$('#start-link').href = `/batch/${jobId}`;
$('#topup-link').href = `/connect?action=topup&return=${encodeURIComponent(`/batch/${jobId}/results`)}`;
$('#download').addEventListener('click', () => download().catch(showError));
$('#resume').addEventListener('click', () => resume().catch(showError));
if (!jobAuth(jobId)) {
  showError(new UserError('This tab has no key to this batch. Connect the agent that owns it.'));
} else {
  stream = followJobEvents(jobId, {
    onEvent,
    finished: () => Boolean(job && TERMINAL.has(job.status)),
    onMode: (m) => {
      mode = m;
      showMode();
      schedule();
    },
  });
  tick();
}
