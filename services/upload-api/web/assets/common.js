// Shared by every page: the session's credentials, API calls and small DOM helpers.
// Credentials live in sessionStorage (this tab only), never in the URL.

const AGENT_TOKEN_KEY = 'bej.agent_token';
const uploadTokenKey = (jobId) => `bej.upload_token.${jobId}`;

export const session = {
  agentToken: () => sessionStorage.getItem(AGENT_TOKEN_KEY),
  setAgentToken: (token) => sessionStorage.setItem(AGENT_TOKEN_KEY, token),
  forgetAgent: () => sessionStorage.removeItem(AGENT_TOKEN_KEY),
  uploadToken: (jobId) => sessionStorage.getItem(uploadTokenKey(jobId)),
  setUploadToken: (jobId, token) => sessionStorage.setItem(uploadTokenKey(jobId), token),
  get: (key) => {
    const raw = sessionStorage.getItem(`bej.${key}`);
    return raw === null ? null : JSON.parse(raw);
  },
  set: (key, value) => sessionStorage.setItem(`bej.${key}`, JSON.stringify(value)),
  remove: (key) => sessionStorage.removeItem(`bej.${key}`),
};

/** The Authorization header for a job: the agent's bearer when connected, else the job's upload token. */
export function jobAuth(jobId) {
  const token = session.agentToken();
  if (token) return `Bearer ${token}`;
  const uploadToken = session.uploadToken(jobId);
  return uploadToken ? `Batch ${uploadToken}` : null;
}

/** A message written for the person at the screen (shown, not logged as a bug). */
export class UserError extends Error {}

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** JSON API call; non-2xx answers throw ApiError carrying the contract's error code and message. */
export async function api(method, path, { auth, json } = {}) {
  const headers = { accept: 'application/json' };
  if (auth) headers.authorization = auth;
  let body;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const res = await fetch(path, { method, headers, body });
  const text = await res.text();
  let parsed = null;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  if (!res.ok) {
    const error = parsed?.error ?? {};
    throw new ApiError(res.status, error.code ?? 'http_error', error.message ?? `The server answered ${res.status}.`, parsed);
  }
  return parsed;
}

let settingsPromise = null;
/** Minimum balance, row price and limits of this server. */
export function settings() {
  settingsPromise ??= api('GET', '/ui/settings.json');
  return settingsPromise;
}

export const $ = (selector) => document.querySelector(selector);

/** Creates an element with text content (never innerHTML: values are always text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

export function usd(value) {
  return `$${Number(value ?? 0).toFixed(2)}`;
}

export function showError(err) {
  const box = $('#page-error');
  const message = err instanceof Error ? err.message : String(err);
  if (box) {
    box.textContent = message;
    box.hidden = false;
  }
  if (!(err instanceof ApiError || err instanceof UserError)) console.error(err);
}

export function clearError() {
  const box = $('#page-error');
  if (box) box.hidden = true;
}

/** The job id in /batch/{id}/…, or null. */
export function jobIdFromPath() {
  const match = /^\/batch\/([0-9a-fA-F-]{36})(?:\/|$)/.exec(location.pathname);
  return match ? match[1] : null;
}

export const TERMINAL = new Set(['completed', 'cancelled']);

export const PAUSE_REASONS = {
  insufficient_balance: 'The balance ran out. Top up, then resume: rows not yet hunted are waiting.',
  spend_cap: 'The spend cap of this batch was reached. Resume with a higher cap to continue.',
};
