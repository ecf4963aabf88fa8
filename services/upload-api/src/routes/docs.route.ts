import { Router } from 'express';
import { contentSecurityPolicy } from '../http/security-headers.ts';
import { buildOpenApi } from '../openapi/build-openapi.ts';
import { DOCS_CSS, renderDocsPage } from '../openapi/render-docs-page.ts';
import { routeDocs } from '../openapi/route-docs.ts';

const DOCS_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** `/api/v1/openapi.json` and its human page `/docs`, built once from the route registry. */
export function docsRouter(): Router {
  const router = Router();
  const spec = buildOpenApi(routeDocs, { version: '0.1.0' });
  const page = renderDocsPage(spec);
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(spec);
  });
  // The page needs its own stylesheet and nothing else: no script, no other origin.
  router.get('/docs', contentSecurityPolicy(DOCS_CONTENT_SECURITY_POLICY), (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/docs/docs.css', (_req, res) => {
    res.type('css').send(DOCS_CSS);
  });
  return router;
}
