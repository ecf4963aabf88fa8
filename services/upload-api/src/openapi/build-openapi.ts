import { z } from 'zod';
import type { ResponseDoc, RouteDoc } from './route-doc.ts';
import { CALLBACK_EVENT_TYPES } from '@bej/callbacks';
import { CallbackEventSchema } from './response.schemas.ts';

type JsonSchema = Record<string, unknown>;

const securitySchemes = {
  bearer: { type: 'http', scheme: 'bearer', description: 'An agent token from POST /api/v1/agents' },
  batchToken: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: '"Batch <upload_token>": reads one anonymous job and nothing else',
  },
  adminToken: { type: 'apiKey', in: 'header', name: 'X-Admin-Token', description: 'ADMIN_TOKEN of the deployment' },
};

const security: Record<RouteDoc['auth'], Array<Record<string, string[]>>> = {
  none: [],
  bearer: [{ bearer: [] }],
  optional_bearer: [{}, { bearer: [] }],
  bearer_or_batch: [{ bearer: [] }, { batchToken: [] }],
  admin: [{ adminToken: [] }],
  admin_page: [{ adminToken: [] }],
};

/**
 * Converts zod schemas to JSON Schema (draft 2020-12, which OpenAPI 3.1 uses); schemas with a
 * meta id are collected once under components.schemas and referenced from everywhere else.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const result = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      target: 'draft-2020-12',
      metadata: z.globalRegistry,
      cycles: 'ref',
      reused: 'inline',
    });
    // Named sub-schemas arrive as $defs; in an OpenAPI document they live under components.
    const relinked = JSON.parse(JSON.stringify(result).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
      $schema?: string;
      id?: string;
    };
    const { $defs, $schema: _ignored, ...root } = relinked;
    for (const [id, def] of Object.entries($defs ?? {})) this.components[id] ??= def;
    const id = z.globalRegistry.get(schema)?.id;
    if (id) {
      const { id: _id, ...definition } = root;
      this.components[id] ??= definition;
      return { $ref: `#/components/schemas/${id}` };
    }
    return root;
  }
}

function pathParameters(doc: RouteDoc) {
  return [...doc.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(doc.params?.[name!] ? { description: doc.params[name!] } : {}),
  }));
}

function queryParameters(doc: RouteDoc, schemas: SchemaCollector) {
  if (!doc.query) return [];
  const converted = schemas.convert(doc.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(converted.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: (converted.required ?? []).includes(name),
    schema,
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
  }));
}

function requestBody(doc: RouteDoc, schemas: SchemaCollector) {
  if (!doc.body) return undefined;
  if ('json' in doc.body) return { required: true, content: { 'application/json': { schema: schemas.convert(doc.body.json, 'input') } } };
  const form = schemas.convert(doc.body.multipart, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const fileProps = Object.fromEntries(doc.body.files.map((name) => [name, { type: 'string', format: 'binary', contentMediaType: 'text/csv' }]));
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: { ...form, properties: { ...fileProps, ...form.properties }, required: [...doc.body.files, ...(form.required ?? [])] },
      },
    },
  };
}

function response(res: ResponseDoc, schemas: SchemaCollector) {
  const content = res.json
    ? { 'application/json': { schema: schemas.convert(res.json, 'output') } }
    : res.contentType
      ? { [res.contentType]: { schema: { type: 'string' } } }
      : undefined;
  return { description: res.description, ...(content ? { content } : {}) };
}

/** The OpenAPI 3.1 document of every route in `docs`. */
export function buildOpenApi(docs: RouteDoc[], info: { version: string }) {
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const parameters = [
      ...pathParameters(doc),
      ...queryParameters(doc, schemas),
      ...Object.entries(doc.headers ?? {}).map(([name, h]) => ({ name, in: 'header', required: h.required ?? false, description: h.description, schema: { type: 'string' } })),
    ];
    const body = requestBody(doc, schemas);
    (paths[doc.path] ??= {})[doc.method] = {
      operationId: `${doc.method}${doc.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      tags: [doc.tag],
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      security: security[doc.auth],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: Object.fromEntries(Object.entries(doc.responses).map(([status, res]) => [status, response(res, schemas)])),
      ...(doc.page ? { 'x-page': true } : {}),
    };
  }
  const event = schemas.convert(CallbackEventSchema, 'output');
  const webhooks = Object.fromEntries(
    CALLBACK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: `${type}, POSTed to the job's callback_url`,
          parameters: [{ name: 'X-Signature', in: 'header', required: true, schema: { type: 'string' }, description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">' }],
          requestBody: { required: true, content: { 'application/json': { schema: event } } },
          responses: { '200': { description: 'any 2xx acknowledges; anything else is retried with exponential backoff' } },
        },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Batch lead enrichment API',
      version: info.version,
      description:
        'Upload a CSV (or send JSON rows), enrich every lead, download one enriched CSV. Errors are {"error":{"code","message"}}. ' +
        'Callbacks (batch.paused, batch.resumed, batch.completed) are signed: X-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> keyed by webhook_secret.',
    },
    paths,
    webhooks,
    components: { schemas: schemas.components, securitySchemes },
  };
}
