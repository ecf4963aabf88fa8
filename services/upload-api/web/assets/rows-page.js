// /batch/{id}/rows?status=…: the owner's rows, filtered by status, each linked to its lead page.
import { $, UserError, api, el, jobIdFromPath, session, showError, usd } from './common.js';

const jobId = jobIdFromPath();
const status = new URLSearchParams(location.search).get('status') ?? '';
let cursor = null;

async function loadPage() {
  const query = new URLSearchParams({ limit: '50' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const page = await api('GET', `/api/v1/batch/enrich/${jobId}/rows?${query}`, { auth: `Bearer ${session.agentToken()}` });
  const tbody = $('#rows-table tbody');
  for (const row of page.rows) {
    const lead = el('a', { href: `/batch/${jobId}/rows/${row.row_index}`, text: row.chat_title || `Row ${row.row_index}` });
    tbody.append(
      el('tr', {}, el('td', { text: String(row.row_index) }), el('td', {}, lead), el('td', { text: row.status }), el('td', { text: row.matched ? 'yes' : 'no' }), el('td', { text: usd(row.spent_usd) })),
    );
  }
  if (tbody.children.length === 0) tbody.append(el('tr', {}, el('td', { colspan: '5', text: status ? `No ${status} rows.` : 'No rows.' })));
  cursor = page.next_cursor ?? null;
  $('#more').hidden = !cursor;
}

async function main() {
  $('#results-link').href = `/batch/${jobId}/results`;
  $('#status-filter').value = status;
  $('#rows-caption').textContent = status ? `Rows that are ${status}` : 'Rows of this batch';
  if (!session.agentToken()) throw new UserError('Rows are shown to the agent that owns the batch only. Connect it first (Account).');
  await loadPage();
}

$('#more').addEventListener('click', () => loadPage().catch(showError));
main().catch(showError);
