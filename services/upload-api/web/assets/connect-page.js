// /connect?action=topup&return=/batch/{id}: mint an agent (token shown once) or paste one,
// see the balance and how to top up, then go back to the batch.
import { $, ApiError, UserError, api, clearError, session, settings, showError, usd } from './common.js';

const params = new URLSearchParams(location.search);
// Only our own batch pages: a crafted link must not send a person (and their token) elsewhere.
const SAFE_RETURN = /^\/batch(\/[0-9a-fA-F-]{36}(\/results|\/rows(\/\d+)?)?)?$/;
const returnTo = SAFE_RETURN.test(params.get('return') ?? '') ? params.get('return') : '/batch';

async function showAgent() {
  const token = session.agentToken();
  $('#current').hidden = !token;
  $('#topup').hidden = !token;
  $('#continue').hidden = !token;
  $('#choose').hidden = Boolean(token);
  if (!token) return;
  let me;
  try {
    me = await api('GET', '/api/v1/agents/me', { auth: `Bearer ${token}` });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      session.forgetAgent();
      await showAgent();
      throw new UserError('That token is not valid here (it may be mistyped or from another server). Paste it again or create a new agent.');
    }
    throw err;
  }
  const config = await settings();
  $('#agent-id').textContent = me.agent_id;
  for (const node of document.querySelectorAll('.agent-id')) node.textContent = me.agent_id;
  $('#balance').textContent = usd(me.balance_usd);
  $('#operator-credit').hidden = !config.operator_credit;
  const missing = Math.max(0, config.start_minimum_usd - me.balance_usd);
  $('#balance-advice').textContent =
    missing > 0
      ? `Starting a batch needs a balance of at least ${usd(config.start_minimum_usd)}: ${usd(missing)} missing. Each row costs ${usd(config.row_price_usd)} and only when it finds something.`
      : `Enough to start a batch (minimum ${usd(config.start_minimum_usd)}; ${usd(config.row_price_usd)} per row that finds something).`;
  $('#continue').textContent = returnTo === '/batch' ? 'Upload a file' : 'Continue to your batch';
}

async function mint() {
  clearError();
  $('#mint').disabled = true;
  try {
    const agent = await api('POST', '/api/v1/agents');
    session.setAgentToken(agent.token);
    $('#minted').hidden = false;
    $('#new-token').value = agent.token;
    await showAgent();
    $('#new-token').focus();
    $('#new-token').select();
  } finally {
    $('#mint').disabled = false;
  }
}

async function copyToken() {
  const input = $('#new-token');
  try {
    await navigator.clipboard.writeText(input.value);
    $('#copy-status').textContent = 'Copied.';
  } catch (err) {
    // Clipboard API refused (permissions, insecure origin): leave it selected for Ctrl+C.
    input.focus();
    input.select();
    $('#copy-status').textContent = `Press Ctrl+C (or ⌘C) to copy: ${err.message}`;
  }
}

async function paste(event) {
  event.preventDefault();
  clearError();
  const token = $('#token').value.trim();
  if (!token) return;
  session.setAgentToken(token);
  $('#token').value = '';
  await showAgent();
}

$('#continue').href = returnTo;
$('#mint').addEventListener('click', () => mint().catch(showError));
$('#copy').addEventListener('click', () => copyToken().catch(showError));
$('#paste-form').addEventListener('submit', (e) => paste(e).catch(showError));
$('#refresh').addEventListener('click', () => showAgent().catch(showError));
$('#forget').addEventListener('click', () => {
  session.forgetAgent();
  $('#minted').hidden = true;
  showAgent().catch(showError);
});
showAgent().catch(showError);
