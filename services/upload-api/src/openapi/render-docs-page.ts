type Spec = ReturnType<typeof import('./build-openapi.ts').buildOpenApi>;
type Operation = {
  summary: string;
  description?: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required: boolean; description?: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function authLabel(security: Operation['security']): string {
  if (security.length === 0) return 'no auth';
  return security.map((s) => Object.keys(s)[0] ?? 'anonymous').join(' or ');
}

/** The component name a `$ref` points at, if the schema is one. */
function refName(schema: unknown): string | null {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' ? (ref.split('/').pop() ?? null) : null;
}

/** $refs are shown by name; the schema itself is listed once under Schemas. */
function schemaBlock(schema: unknown): string {
  return `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`;
}

function operationHtml(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? ` — ${escape(p.description)}` : ''}</li>`)
    .join('');
  const body = op.requestBody
    ? Object.entries(op.requestBody.content)
        .map(([type, c]) => `<h4>Request body <code>${escape(type)}</code></h4>${schemaBlock(c.schema)}`)
        .join('')
    : '';
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const types = Object.entries(r.content ?? {});
      const name = refName(types[0]?.[1].schema);
      const link = name ? ` → <a href="#schema-${escape(name)}">${escape(name)}</a>` : '';
      return `<li><strong>${status}</strong> ${escape(r.description)}${types.map(([t]) => ` <code>${escape(t)}</code>`).join('')}${link}</li>`;
    })
    .join('');
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  return `<section class="op" id="${id}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(op.summary)} <span class="auth">${escape(authLabel(op.security))}</span></p>
${op.description ? `<p>${escape(op.description)}</p>` : ''}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}${body}
<h4>Responses</h4><ul>${responses}</ul>
</section>`;
}

/** The human page of the OpenAPI document: plain HTML, no script, one same-origin stylesheet. */
export function renderDocsPage(spec: Spec): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, Operation>)) {
      const tag = op.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  }
  const nav = [...byTag.keys()].map((tag) => `<a href="#tag-${escape(tag)}">${escape(tag)}</a>`).join(' · ');
  const sections = [...byTag.entries()].map(([tag, ops]) => `<h2 id="tag-${escape(tag)}">${escape(tag)}</h2>${ops.join('\n')}`).join('\n');
  const webhooks = Object.entries(spec.webhooks)
    .map(([type, w]) => `<li><code>${escape(type)}</code> — ${escape(w.post.summary)}</li>`)
    .join('');
  const schemas = Object.entries(spec.components.schemas)
    .map(([name, schema]) => `<section class="schema" id="schema-${escape(name)}"><h3>${escape(name)}</h3>${schemaBlock(schema)}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(spec.info.title)} — reference</title><link rel="stylesheet" href="/docs/docs.css"></head>
<body><main>
<h1>${escape(spec.info.title)} <small>${escape(spec.info.version)}</small></h1>
<p>${escape(spec.info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). ${nav}</p>
${sections}
<h2 id="callbacks">Callbacks</h2><ul>${webhooks}</ul>
<h2 id="schemas">Schemas</h2>
${schemas}
</main></body></html>
`;
}

export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
h2{border-bottom:1px solid #ddd;margin-top:2.5rem}
.op,.schema{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:.25rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:.8em;padding:.1em .4em}
.get{background:#2f6fb3}.post{background:#2e8540}.put{background:#b36b00}.patch{background:#7a4fb3}.delete{background:#b32f2f}
.auth{color:#666;font-size:.85em;margin-left:.5em}
pre{background:#f3f3f3;padding:.5rem;overflow:auto;font-size:.8em;max-height:24rem}
`;
