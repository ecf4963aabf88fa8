import { creditBody } from '../routes/agents.route.ts';
import { downloadQuery, linkBody, uploadFields } from '../routes/batch.route.ts';
import { listQuery as rowsQuery } from '../routes/rows.route.ts';
import { headlessBatchBody } from '../headless/headless-batch.schema.ts';
import { userMappingSchema } from '../upload/resolve-mapping.ts';
import { errors, type RouteDoc } from './route-doc.ts';
import {
  AgentSchema,
  BalanceSchema,
  CallbackLogSchema,
  CallbackSchema,
  RowDetailSchema,
  RowsPageSchema,
  HealthSchema,
  JobSchema,
  MintedAgentSchema,
  PreviewSchema,
} from './response.schemas.ts';

/**
 * THE registry of every route the app serves; `/api/v1/openapi.json` and `/docs` are built from
 * it, and `openapi.test.ts` fails when a registered route is missing here (or the reverse).
 * Adding a route: one entry below, with the zod schema your route parses its body/query with.
 */
export const routeDocs: RouteDoc[] = [
  // Agents and money
  {
    method: 'post',
    path: '/api/v1/agents',
    tag: 'Agents',
    summary: 'Mint an agent',
    description: 'Returns the bearer token once (only its hash is stored) and the webhook_secret that signs callbacks.',
    auth: 'none',
    responses: { 201: { description: 'the new agent', json: MintedAgentSchema } },
  },
  {
    method: 'get',
    path: '/api/v1/agents/me',
    tag: 'Agents',
    summary: 'The calling agent',
    auth: 'bearer',
    responses: { 200: { description: 'balance and webhook secret', json: AgentSchema }, ...errors(401) },
  },
  {
    method: 'post',
    path: '/api/v1/admin/agents/{agentId}/credit',
    tag: 'Admin',
    summary: 'Credit an agent (operators)',
    description: 'Only mounted when ADMIN_TOKEN is set; 404 otherwise.',
    auth: 'admin',
    body: { json: creditBody },
    responses: { 200: { description: 'the new balance', json: BalanceSchema }, ...errors(400, 401, 404) },
  },
  // Batches
  {
    method: 'post',
    path: '/api/v1/batch/enrich/upload',
    tag: 'Batches',
    summary: 'Upload a CSV',
    description: 'Maps the columns, stores every row. Anonymous uploads get an upload_token. callback_url must reach a public address.',
    auth: 'optional_bearer',
    body: { multipart: uploadFields, files: ['file'] },
    responses: { 201: { description: 'the job', json: JobSchema }, ...errors(400, 401, 413, 415, 422) },
  },
  {
    method: 'post',
    path: '/api/v1/batch/enrich',
    tag: 'Batches',
    summary: 'Create a headless batch from JSON rows',
    description:
      'Rows of canonical fields (plus any keys named in search_variants), no file. Same limits and per-row validation as an upload; ' +
      'mapping.source is "headless". With an Idempotency-Key the same request returns the first job (header Idempotent-Replayed: true); ' +
      'the same key with a different body is 422 idempotency_key_reused.',
    auth: 'bearer',
    headers: { 'Idempotency-Key': { description: '1-255 visible ASCII characters; a retry with the same key and body returns the first job' } },
    body: { json: headlessBatchBody },
    responses: { 201: { description: 'the job (also for a replayed request)', json: JobSchema }, ...errors(400, 401, 413, 415, 422) },
  },
  {
    method: 'post',
    path: '/api/v1/batch/enrich/{id}/link',
    tag: 'Batches',
    summary: 'Claim an anonymous job',
    auth: 'bearer',
    body: { json: linkBody },
    responses: { 200: { description: 'the job, now yours', json: JobSchema }, ...errors(400, 401, 404, 409) },
  },
  {
    method: 'put',
    path: '/api/v1/batch/enrich/{id}/mapping',
    tag: 'Batches',
    summary: 'Correct the mapping before start',
    auth: 'bearer',
    body: { json: userMappingSchema },
    responses: { 200: { description: 'the job, rows derived again', json: JobSchema }, ...errors(400, 401, 404, 409) },
  },
  {
    method: 'post',
    path: '/api/v1/batch/enrich/{id}/start',
    tag: 'Batches',
    summary: 'Start enriching',
    auth: 'bearer',
    responses: { 202: { description: 'running', json: JobSchema }, ...errors(401, 402, 404, 409) },
  },
  {
    method: 'post',
    path: '/api/v1/batch/enrich/{id}/resume',
    tag: 'Batches',
    summary: 'Resume a paused job',
    auth: 'bearer',
    responses: { 202: { description: 'running again', json: JobSchema }, ...errors(401, 402, 404, 409) },
  },
  {
    method: 'get',
    path: '/api/v1/batch/enrich/{id}',
    tag: 'Batches',
    summary: 'The job object',
    auth: 'bearer_or_batch',
    responses: { 200: { description: 'the job', json: JobSchema }, ...errors(401, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/batch/enrich/{id}/preview',
    tag: 'Batches',
    summary: 'Counts and what was found',
    auth: 'bearer_or_batch',
    responses: { 200: { description: 'counts only', json: PreviewSchema }, ...errors(401, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/batch/enrich/{id}/download.csv',
    tag: 'Batches',
    summary: 'The enriched CSV (streamed)',
    description:
      'row_index, enrich_status, enrich_matched, enrich_spent_usd, the flattened result graph, then the uploaded file\'s own columns as file.<header> in file order.',
    auth: 'bearer',
    query: downloadQuery,
    responses: { 200: { description: 'CSV, one row per stored lead', contentType: 'text/csv' }, ...errors(401, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/batch/enrich/{id}/rows',
    tag: 'Rows',
    summary: 'The rows, a page at a time',
    description: 'status takes one or more (comma-separated) row statuses plus matched and empty; follow next_cursor until it is null.',
    auth: 'bearer',
    query: rowsQuery,
    responses: { 200: { description: 'one page of rows', json: RowsPageSchema }, ...errors(400, 401, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/batch/enrich/{id}/rows/{rowIndex}',
    tag: 'Rows',
    summary: 'One row: its lead, variants, result and hunt events',
    auth: 'bearer',
    params: { rowIndex: '0-based position in the file' },
    responses: { 200: { description: 'the row', json: RowDetailSchema }, ...errors(401, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/batch/enrich/{id}/events',
    tag: 'Rows',
    summary: 'Live progress (server-sent events)',
    description:
      '`job` events (the job object, counts only) to the owner and the Batch token on every change; `row` events (row_index, status, matched, hunt progress) to the owner only. Last-Event-ID (or ?last_event_id=) resumes.',
    auth: 'bearer_or_batch',
    headers: { 'Last-Event-ID': { description: 'resume after this event' } },
    responses: { 200: { description: 'an endless event stream', contentType: 'text/event-stream' }, ...errors(401, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/batch/enrich/{id}/callbacks',
    tag: 'Callbacks',
    summary: 'Delivery log of the job\'s callbacks',
    description: 'Every batch.paused / batch.resumed / batch.completed event and every attempt to deliver it.',
    auth: 'bearer',
    responses: { 200: { description: 'events and attempts', json: CallbackLogSchema }, ...errors(401, 404) },
  },
  {
    method: 'post',
    path: '/api/v1/batch/enrich/{id}/callbacks/{callbackId}/redeliver',
    tag: 'Callbacks',
    summary: 'Send a callback again',
    description: 'Same event id and body, a fresh round of attempts (after a receiver outage longer than the retries).',
    auth: 'bearer',
    responses: { 202: { description: 'the callback, pending again', json: CallbackSchema }, ...errors(401, 404) },
  },
  // Service
  {
    method: 'get',
    path: '/healthz',
    tag: 'Service',
    summary: 'Liveness',
    auth: 'none',
    responses: { 200: { description: 'alive', json: HealthSchema } },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'Service',
    summary: 'This OpenAPI 3.1 document',
    auth: 'none',
    responses: { 200: { description: 'the document', contentType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'Pages',
    summary: 'The API reference as a web page',
    auth: 'none',
    page: true,
    responses: { 200: { description: 'HTML', contentType: 'text/html' } },
  },
  {
    method: 'get',
    path: '/docs/docs.css',
    tag: 'Pages',
    summary: 'Stylesheet of /docs',
    auth: 'none',
    page: true,
    responses: { 200: { description: 'CSS', contentType: 'text/css' } },
  },
  {
    method: 'get',
    path: '/admin/queues',
    tag: 'Pages',
    summary: 'Bull Board (operators; mounted as a whole)',
    description: 'Only mounted when ADMIN_TOKEN is set. X-Admin-Token header, or ?admin_token= once in a browser.',
    auth: 'admin_page',
    page: true,
    responses: { 200: { description: 'HTML', contentType: 'text/html' }, ...errors(401) },
  },
];
