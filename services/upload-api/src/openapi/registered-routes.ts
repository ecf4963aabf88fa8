import type { Express } from 'express';
import { listRoutes } from '../http/express-routes.ts';

interface RegisteredRoute {
  method: string;
  /** OpenAPI form (`{id}`), as in route-docs.ts. */
  path: string;
  /** A whole app mounted under a path (Bull Board): documented as one GET page. */
  mounted: boolean;
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}').replace(/\*(\w+)/g, '{$1}');

/**
 * The routes the API documents: every method route, and each mounted app as one GET page;
 * path-scoped middleware (guards, static assets) is not an endpoint of its own.
 */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  return listRoutes(app)
    .filter((r) => r.mounted || (r.method !== 'USE' && r.method !== 'ALL'))
    .map((r) => ({ method: r.mounted ? 'get' : r.method.toLowerCase(), path: toOpenApiPath(r.path), mounted: r.mounted }));
}
