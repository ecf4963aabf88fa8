// /batch and /batch/{id}: choose or drop a file, see its first lines, upload, then the job panel.
import { $, ApiError, UserError, clearError, el, jobIdFromPath, session, settings, showError } from './common.js';
import { renderMapping } from './mapping-editor.js';
import { RFC4180_HINT, sniffFile } from './csv-sniff.js';
import { renderJobPanel } from './job-setup.js';

let chosen = null;

function renderPreview(sniff) {
  $('#preview').hidden = false;
  $('#delimiter').textContent = sniff.delimiter.name;
  $('#column-count').textContent = String(sniff.header.length);
  $('#encoding').textContent = sniff.encoding;
  const thead = $('#preview-table thead');
  const tbody = $('#preview-table tbody');
  thead.replaceChildren(el('tr', {}, ...sniff.header.map((h) => el('th', { scope: 'col', text: h }))));
  tbody.replaceChildren(...sniff.rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', { text: c })))));
  const warning = $('#quote-warning');
  const notes = sniff.problems.map((p) => p.text);
  if (sniff.unevenRows && notes.length === 0) notes.push('rows have different numbers of columns');
  warning.hidden = notes.length === 0;
  warning.replaceChildren();
  if (notes.length > 0) {
    warning.append(
      el('p', {}, el('strong', { text: 'The quoting looks broken: ' }), notes.slice(0, 5).join('; '), '.'),
      el('p', { text: RFC4180_HINT }),
    );
  }
}

async function choose(file) {
  clearError();
  chosen = file;
  $('#manual').hidden = true;
  $('#file-name').textContent = `${file.name} · ${file.size < 1024 ? `${file.size} bytes` : `${(file.size / 1024).toFixed(1)} KB`}`;
  const limits = await settings();
  if (file.size > limits.max_upload_bytes) {
    showError(`This file is larger than ${limits.max_upload_bytes} bytes, the most one upload takes. Split it.`);
    return;
  }
  const sniff = await sniffFile(file);
  if (sniff.header.length < 2) showError('The first line has fewer than two columns: is this a CSV with a header row?');
  renderPreview(sniff);
  chosen.header = sniff.header;
  $('#row-limit').focus();
}

/** XMLHttpRequest rather than fetch: only it reports upload progress. */
function sendUpload(form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/batch/enrich/upload');
    const token = session.agentToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (e) => e.lengthComputable && onProgress(e.loaded / e.total));
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (err) {
        reject(new UserError(`The server answered ${xhr.status} without JSON (${err.message}).`));
        return;
      }
      if (xhr.status === 201) resolve(body);
      else reject(new ApiError(xhr.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `Upload failed with status ${xhr.status}.`, body));
    });
    xhr.addEventListener('error', () => reject(new UserError('The upload did not reach the server. Check the connection and try again.')));
    xhr.send(form);
  });
}

/** Sends the chosen file; `mapping` (the user's columns) when the server could not map it alone. */
async function upload(mapping) {
  clearError();
  if (!chosen) return;
  const limit = $('#row-limit').value.trim();
  const form = new FormData();
  form.append('file', chosen, chosen.name);
  if (limit !== '') form.append('row_limit', limit);
  const cap = $('#max-spend').value.trim();
  if (cap !== '') form.append('max_spend_usd', cap);
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  const progress = $('#upload-progress');
  const status = $('#upload-status');
  progress.hidden = false;
  progress.value = 0;
  $('#upload-button').disabled = true;
  status.textContent = 'Uploading…';
  try {
    const job = await sendUpload(form, (ratio) => {
      progress.value = Math.round(ratio * 100);
      status.textContent = ratio < 1 ? `Uploading… ${Math.round(ratio * 100)}%` : 'Reading and mapping the file…';
    });
    progress.value = 100;
    if (job.upload_token) session.setUploadToken(job.id, job.upload_token);
    session.set(`headers.${job.id}`, chosen.header ?? []);
    status.textContent = 'Uploaded.';
    $('#manual').hidden = true;
    history.replaceState(null, '', `/batch/${job.id}`);
    $('#upload-form').querySelectorAll('input, button').forEach((node) => (node.disabled = true));
    $('#choose').hidden = true; // another file is another batch: the Upload link starts one
    await renderJobPanel(job.id);
    $('#job-title').focus();
  } catch (err) {
    status.textContent = '';
    $('#upload-button').disabled = false;
    if (err instanceof ApiError && err.code === 'unmappable_headers' && Array.isArray(err.body?.error?.headers)) {
      askForMapping(err.message, err.body.error.headers);
      return;
    }
    showError(err);
  }
}

/** The server found no company or address columns: the person picks them, and the file goes again. */
function askForMapping(message, headers) {
  $('#manual').hidden = false;
  $('#manual-why').textContent = message;
  const readColumns = renderMapping($('#manual-table tbody'), { columns: {}, fields: {} }, headers, { editable: true, idPrefix: 'manual' });
  $('#manual-form').onsubmit = (event) => {
    event.preventDefault();
    try {
      upload({ columns: readColumns().columns }).catch(showError);
    } catch (err) {
      showError(err);
    }
  };
  $('#manual-title').focus();
}

function bindChooser() {
  const input = $('#file');
  const drop = $('#drop');
  input.addEventListener('change', () => input.files?.[0] && choose(input.files[0]).catch(showError));
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (file) choose(file).catch(showError);
  });
  $('#upload-form').addEventListener('submit', (event) => {
    event.preventDefault();
    upload(null).catch(showError);
  });
}

const jobId = jobIdFromPath();
$('#job-title').tabIndex = -1;
if (jobId) {
  $('#choose').hidden = true;
  renderJobPanel(jobId).catch(showError);
} else {
  bindChooser();
}
