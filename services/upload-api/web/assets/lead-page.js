// /batch/{id}/rows/{row_index}: one lead for its owner: input, status, result, and the hunt's
// events as they happen (event stream; polling when it is not available).
import { $, UserError, api, el, jobIdFromPath, session, showError } from './common.js';
import { followJobEvents } from './event-stream.js';

const jobId = jobIdFromPath();
const rowIndex = Number(/\/rows\/(\d+)/.exec(location.pathname)[1]);
const FINAL = new Set(['done', 'failed', 'skipped', 'invalid']);
const INPUT_LABELS = { contact_id: 'Contact id', company: 'Company', street: 'Street', city: 'City', state: 'State', zip: 'Zip', number1: 'Phone 1', number2: 'Phone 2', dm_name: 'Decision maker' };
const auth = () => `Bearer ${session.agentToken()}`;
let row = null;
let mode = 'connecting';
let timer = null;
let stream = null;
const shownEvents = new Set();

function pairs(target, entries) {
  target.replaceChildren();
  for (const [label, value] of entries) target.append(el('div', {}, el('dt', { text: label }), el('dd', { text: value ?? '–' })));
}

function list(title, items) {
  if (!items || items.length === 0) return [];
  return [el('h3', { text: title }), el('ul', {}, ...items.map((text) => el('li', { text })))];
}

/** `**bold**` as <strong>, everything else as text: enough Markdown for a summary, no HTML injection. */
function markdownBold(text) {
  return text.split(/\*\*(.+?)\*\*/g).map((part, i) => (i % 2 === 1 ? el('strong', { text: part }) : part));
}

function renderResult(result) {
  const box = $('#result');
  if (!result) {
    box.replaceChildren(el('p', { class: 'hint', text: 'Nothing yet.' }));
    return;
  }
  const contacts = (result.contacts ?? []).map((c) => [c.display_name, c.title, ...(c.phones ?? []), ...(c.emails ?? [])].filter(Boolean).join(' · '));
  box.replaceChildren(
    el('p', { text: `Confidence ${Math.round(Number(result.confidence ?? 0) * 100)}%` }),
    ...(result.summary_markdown ? [el('p', { class: 'summary' }, ...markdownBold(result.summary_markdown))] : []),
    ...list('People', contacts),
    ...list('Phones', (result.phones ?? []).map((p) => [p.e164, p.type].filter(Boolean).join(' · '))),
    ...list('Emails', (result.emails ?? []).map((e) => [e.address, e.type].filter(Boolean).join(' · '))),
    ...list('Legal entities', (result.entities ?? []).map((e) => [e.legal_name, e.jurisdiction, e.registration_id].filter(Boolean).join(' · '))),
  );
  if (box.children.length === 1) box.append(el('p', { text: 'The hunt found nothing for this lead (not billed).' }));
}

function addEvent({ at, type, message }) {
  const key = `${at}|${type}|${message}`;
  if (shownEvents.has(key)) return;
  shownEvents.add(key);
  const time = at ? new Date(at).toLocaleTimeString() : '';
  $('#events').append(el('li', {}, el('time', { datetime: at ?? '', text: time }), ` ${type ?? 'event'}: ${message ?? ''}`));
}

function render(r) {
  row = r;
  $('#lead-title').textContent = r.chat_title || `Row ${r.row_index}`;
  document.title = `${$('#lead-title').textContent} · Batch enrichment`;
  $('#status').textContent = r.status;
  if (FINAL.has(r.status)) {
    stream?.close();
    $('#live').textContent = '';
  }
  pairs($('#input'), Object.entries(INPUT_LABELS).map(([key, label]) => [label, r.input?.[key] ?? null]));
  const variants = r.search_variants ?? [];
  $('#variants').replaceChildren(...list('Also searched', variants.map((v) => `${v.kind}: ${v.value} (${v.header})`)));
  renderResult(r.result);
  for (const event of r.events ?? []) addEvent(event);
}

async function refresh() {
  render(await api('GET', `/api/v1/batch/enrich/${jobId}/rows/${rowIndex}`, { auth: auth() }));
}

function schedule() {
  clearTimeout(timer);
  if (row && FINAL.has(row.status)) return;
  timer = setTimeout(() => refresh().then(schedule, showError), mode === 'live' ? 10_000 : 2000);
}

let soon = null;
function onEvent(type, payload) {
  if (type !== 'row' || Number(payload?.row_index) !== rowIndex) return;
  const detail = payload.event ?? payload;
  if (detail.message) addEvent({ at: detail.at ?? new Date().toISOString(), type: detail.type ?? payload.status, message: detail.message });
  if (payload.status && payload.status !== row?.status) {
    clearTimeout(soon);
    soon = setTimeout(() => refresh().catch(showError), 200);
  }
}

async function main() {
  $('#rows-link').href = `/batch/${jobId}/rows`;
  $('#results-link').href = `/batch/${jobId}/results`;
  if (!session.agentToken()) throw new UserError('A lead is shown to the agent that owns the batch only. Connect it first (Account).');
  await refresh();
  if (FINAL.has(row.status)) return;
  stream = followJobEvents(jobId, {
    onEvent,
    finished: () => Boolean(row && FINAL.has(row.status)),
    onMode: (m) => {
      mode = m;
      if (!FINAL.has(row.status)) $('#live').textContent = m === 'live' ? '(live)' : m === 'polling' ? '(updating every 2 s)' : '(reconnecting…)';
      schedule();
    },
  });
}

main().catch(showError);
