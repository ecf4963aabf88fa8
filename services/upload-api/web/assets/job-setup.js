// The job panel of /batch/{id}: summary, mapping correction, the agent's balance and Start.
import { $, ApiError, UserError, api, el, jobAuth, session, settings, showError, usd } from './common.js';
import { jobHeaders, mappingBody, renderMapping } from './mapping-editor.js';

const connectUrl = (jobId) => `/connect?action=topup&return=${encodeURIComponent(`/batch/${jobId}`)}`;

/**
 * Loads the job with the best credential this tab has. A connected agent that does not own
 * the job yet links it with the upload token kept since the upload, then applies a mapping
 * correction made while anonymous.
 */
async function loadJob(jobId) {
  const token = session.agentToken();
  const uploadToken = session.uploadToken(jobId);
  if (!token) {
    if (!uploadToken) throw new UserError('This batch was uploaded in another tab or session. Connect the agent that owns it to see it.');
    return { job: await api('GET', `/api/v1/batch/enrich/${jobId}`, { auth: `Batch ${uploadToken}` }), owner: false };
  }
  let job;
  try {
    job = await api('GET', `/api/v1/batch/enrich/${jobId}`, { auth: `Bearer ${token}` });
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404 && uploadToken)) throw err;
    job = await api('POST', `/api/v1/batch/enrich/${jobId}/link`, { auth: `Bearer ${token}`, json: { upload_token: uploadToken } });
  }
  const pending = session.get(`pending_mapping.${jobId}`);
  if (pending) {
    // Applied once, whatever happens: a correction the server refuses must not block the page.
    session.remove(`pending_mapping.${jobId}`);
    if (job.status === 'uploaded') {
      try {
        job = await api('PUT', `/api/v1/batch/enrich/${jobId}/mapping`, { auth: `Bearer ${token}`, json: pending });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return { job, owner: true, notice: `Your mapping correction was not applied: ${err.message}` };
      }
    }
  }
  return { job, owner: true };
}

async function quoteText(jobId, job) {
  try {
    const quote = await api('GET', `/api/v1/batch/enrich/${jobId}/quote`, { auth: jobAuth(jobId) });
    return `${quote.rows_to_enrich} rows to enrich at ${usd(quote.price_usd)} each: at most ${usd(quote.max_cost_usd)}, charged only for rows that find something.`;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    // Servers without the quote endpoint: the same figure from the job object.
    return `${job.row_count} rows to enrich at ${usd(job.price_usd)} each: at most ${usd(job.row_count * job.price_usd)}, charged only for rows that find something.`;
  }
}

function summaryText(job) {
  const c = job.counts;
  const parts = [`Status ${job.status}`, `${job.file_row_count} rows in the file`, `${job.row_count} to enrich`];
  if (c.skipped) parts.push(`${c.skipped} past the limit (skipped)`);
  if (c.invalid) parts.push(`${c.invalid} without a company or enough address (never billed)`);
  if (job.max_spend_usd !== null && job.max_spend_usd !== undefined) parts.push(`spending cap ${usd(job.max_spend_usd)}`);
  if (job.malformed_rows) parts.push(`${job.malformed_rows} with more cells than the header (kept whole, not enriched)`);
  return `${parts.join(' · ')}.`;
}

async function renderAccount(jobId, job, owner) {
  const box = $('#account');
  box.replaceChildren();
  if (job.status !== 'uploaded') {
    box.append(el('p', {}, el('a', { class: 'button', href: `/batch/${jobId}/results`, text: 'See the results' })));
    return;
  }
  box.append(el('p', { id: 'quote', text: await quoteText(jobId, job) }));
  if (!owner) {
    box.append(
      el('p', { text: 'To start, connect an agent: it holds the balance that pays for the rows. This batch is linked to it when you come back.' }),
      el('p', {}, el('a', { id: 'connect-link', class: 'button', href: connectUrl(jobId), text: 'Connect an agent' })),
    );
    return;
  }
  const [me, config] = await Promise.all([api('GET', '/api/v1/agents/me', { auth: `Bearer ${session.agentToken()}` }), settings()]);
  box.append(el('p', {}, 'Balance ', el('strong', { id: 'balance', text: usd(me.balance_usd) }), ` · agent ${me.agent_id}`));
  const missing = Math.max(0, config.start_minimum_usd - me.balance_usd);
  if (missing > 0) {
    box.append(
      el('p', { id: 'shortfall', class: 'warning', text: `Starting needs a balance of at least ${usd(config.start_minimum_usd)}: ${usd(missing)} missing.` }),
      el('p', {}, el('a', { class: 'button', href: connectUrl(jobId), text: 'How to top up' }), ' ', el('button', { id: 'recheck', type: 'button', class: 'secondary', text: 'Check balance again' })),
    );
    $('#recheck').addEventListener('click', () => renderJobPanel(jobId).catch(showError));
    return;
  }
  const start = el('button', { id: 'start', type: 'button', text: 'Start enrichment' });
  box.append(el('p', {}, start, ' ', el('span', { id: 'start-status', role: 'status' })));
  start.addEventListener('click', () => startJob(jobId).catch(showError));
}

async function startJob(jobId) {
  $('#start').disabled = true;
  $('#start-status').textContent = 'Starting…';
  try {
    await api('POST', `/api/v1/batch/enrich/${jobId}/start`, { auth: `Bearer ${session.agentToken()}` });
    location.assign(`/batch/${jobId}/results`);
  } catch (err) {
    $('#start').disabled = false;
    $('#start-status').textContent = '';
    if (err instanceof ApiError && err.status === 402) {
      const shortfall = err.body?.error?.shortfall_usd;
      throw new UserError(`${err.message}${shortfall ? ` (${usd(shortfall)} missing)` : ''}${err.body?.accepts ? ' A wallet payment (x402) can cover it.' : ''}`);
    }
    throw err;
  }
}

function bindMappingForm(jobId, job, owner, readColumns) {
  const form = $('#mapping-form');
  const status = $('#mapping-status');
  form.onsubmit = async (event) => {
    event.preventDefault();
    status.textContent = '';
    try {
      const body = mappingBody(job.mapping, readColumns());
      if (!owner) {
        session.set(`pending_mapping.${jobId}`, body);
        status.textContent = 'Saved in this tab: it is applied to the batch when you connect an agent.';
        return;
      }
      status.textContent = 'Saving…';
      await api('PUT', `/api/v1/batch/enrich/${jobId}/mapping`, { auth: `Bearer ${session.agentToken()}`, json: body });
      await renderJobPanel(jobId);
      $('#mapping-status').textContent = 'Mapping saved; rows were read again with it.';
    } catch (err) {
      status.textContent = '';
      showError(err);
    }
  };
}

/** Renders the whole job panel from the server's current state. */
export async function renderJobPanel(jobId) {
  const { job, owner, notice } = await loadJob(jobId);
  if (notice) showError(new UserError(notice));
  $('#job').hidden = false;
  $('#job-summary').textContent = summaryText(job);
  const pending = session.get(`pending_mapping.${jobId}`);
  const shown = pending ? { ...job.mapping, columns: pending.columns, fields: {} } : job.mapping;
  $('#mapping-source').textContent = pending ? 'your correction, not applied yet' : job.mapping.source;
  const headers = jobHeaders(job.mapping, session.get(`headers.${jobId}`));
  const editable = job.status === 'uploaded';
  const readColumns = renderMapping($('#mapping-table tbody'), shown, headers, { editable });
  $('#mapping-save').hidden = !editable;
  bindMappingForm(jobId, job, owner, readColumns);
  await renderAccount(jobId, job, owner);
  return job;
}
