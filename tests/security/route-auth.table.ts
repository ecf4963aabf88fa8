/**
 * Who may call each endpoint. `auth-matrix.test.ts` enumerates the routes the upload-api really
 * registers and fails for any route missing here (and for entries no longer registered), then
 * calls every route with every credential of `CREDENTIALS` and checks the contract's answers.
 *
 * Adding an endpoint? Add one line: its key is `<METHOD> <path as registered>` (`USE <path>` for
 * middleware or a mounted app under a path), its auth kind, and the status the rightful caller
 * gets from the fixture (`auth-matrix.fixture.ts`: the owner's job is uploaded, linked, not started;
 * the owner has 100 USD).
 */

export type AuthKind =
  /** Anyone; credentials are ignored. */
  | 'public'
  /** A valid bearer; not about a job. */
  | 'agent'
  /** Anonymous, or a valid bearer (an invalid one is 401, never silently anonymous). */
  | 'optional_agent'
  /** The bearer of the job's owner; another agent's bearer is 404; `Batch` tokens are 401. */
  | 'owner'
  /** The owner's bearer or the job's own `Batch` token; anyone else's is 404. */
  | 'owner_or_batch'
  /** Linking: a bearer plus the upload token in the body; a job already linked to someone else is 409. */
  | 'link'
  /** X-Admin-Token. */
  | 'admin';

export interface Fixture {
  owner: { agentId: string; token: string };
  other: { agentId: string; token: string };
  /** The owner's job (uploaded anonymously, then linked), with its own upload token. */
  job: { id: string; uploadToken: string };
  /** The other agent's job and its upload token. */
  otherJob: { id: string; uploadToken: string };
  csv: string;
}

export interface RouteSpec {
  auth: AuthKind;
  /** Status for the rightful caller (and for anyone, on public routes). */
  ok: number;
  /** For `USE` entries: the method to probe with (default GET). */
  method?: string;
  /** For `USE` entries: paths to probe (default: the mount path). */
  probes?: string[];
  json?: (f: Fixture) => unknown;
  form?: (f: Fixture) => FormData;
}

const csvForm = (f: Fixture) => {
  const form = new FormData();
  form.append('file', new Blob([f.csv]), 'leads.csv');
  return form;
};

export const ROUTE_AUTH: Record<string, RouteSpec> = {
  'GET /healthz': { auth: 'public', ok: 200 },
  'POST /api/v1/agents': { auth: 'public', ok: 201 },
  'GET /api/v1/agents/me': { auth: 'agent', ok: 200 },
  'USE /api/v1/admin': { auth: 'admin', ok: 404, probes: ['/api/v1/admin', '/api/v1/admin/anything'] },
  'POST /api/v1/admin/agents/:agentId/credit': { auth: 'admin', ok: 200, json: () => ({ amount_usd: 1 }) },
  'USE /admin/queues': { auth: 'admin', ok: 200, probes: ['/admin/queues', '/admin/queues/api/queues'] },
  'POST /api/v1/batch/enrich/upload': { auth: 'optional_agent', ok: 201, form: csvForm },
  'POST /api/v1/batch/enrich/:id/link': { auth: 'link', ok: 200, json: (f) => ({ upload_token: f.job.uploadToken }) },
  'POST /api/v1/batch/enrich/:id/start': { auth: 'owner', ok: 202 },
  // The fixture's job is not paused: the owner gets the state error, everyone else no further than auth.
  'POST /api/v1/batch/enrich/:id/resume': { auth: 'owner', ok: 409 },
  'PUT /api/v1/batch/enrich/:id/mapping': { auth: 'owner', ok: 200, json: () => ({ columns: { company: 'company', zip: 'zip' } }) },
  'GET /api/v1/batch/enrich/:id': { auth: 'owner_or_batch', ok: 200 },
  'GET /api/v1/batch/enrich/:id/preview': { auth: 'owner_or_batch', ok: 200 },
  'GET /api/v1/batch/enrich/:id/download.csv': { auth: 'owner', ok: 200 },
  'GET /api/v1/batch/enrich/:id/rows': { auth: 'owner', ok: 200 },
  'GET /api/v1/batch/enrich/:id/rows/:rowIndex': { auth: 'owner', ok: 200 },
  // An event stream: the matrix reads its status and headers, then hangs up.
  'GET /api/v1/batch/enrich/:id/events': { auth: 'owner_or_batch', ok: 200 },
  'GET /api/v1/batch/enrich/:id/quote': { auth: 'owner_or_batch', ok: 200 },
  'GET /api/v1/batch/enrich/:id/ledger.csv': { auth: 'owner', ok: 200 },
  'GET /api/v1/agents/me/ledger.csv': { auth: 'agent', ok: 200 },
  // Without a payment header a valid bearer gets the x402 payment requirements.
  'POST /api/v1/billing/topup': { auth: 'agent', ok: 402, json: () => ({ amount_usd: 10 }) },
  'POST /api/v1/batch/enrich': { auth: 'agent', ok: 201, json: () => ({ rows: [{ company: 'Matrix Co', zip: '15213' }] }) },
  'GET /api/v1/batch/enrich/:id/callbacks': { auth: 'owner', ok: 200 },
  // The fixture's job has no callbacks: the owner gets the callback's 404, everyone else no further than auth.
  'POST /api/v1/batch/enrich/:id/callbacks/:callbackId/redeliver': { auth: 'owner', ok: 404 },
  'GET /api/v1/openapi.json': { auth: 'public', ok: 200 },
  'GET /docs': { auth: 'public', ok: 200 },
  'GET /docs/docs.css': { auth: 'public', ok: 200 },
};

/** Values for path parameters; a route with any other parameter fails the matrix until one is added here. */
export function paramValue(name: string, f: Fixture): string | undefined {
  const values: Record<string, string> = { id: f.job.id, jobId: f.job.id, agentId: f.owner.agentId, agent_id: f.owner.agentId, row_index: '0', rowIndex: '0', callbackId: '00000000-0000-4000-8000-000000000000' };
  return values[name];
}
