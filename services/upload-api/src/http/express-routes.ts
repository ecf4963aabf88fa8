import type { Express } from 'express';

interface RegisteredRoute {
  /** An HTTP method, `ALL`, or `USE` for middleware and mounted apps under a path (guards, Bull Board, static files). */
  method: string;
  /** Full path as registered, with `:params`, mount paths prepended. */
  path: string;
  /** A whole express app mounted under the path (Bull Board), whose own routes are out of reach. */
  mounted: boolean;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[] | RegExp;
  name?: string;
}

function join(prefix: string, path: string): string {
  if (path === '/' || path === '') return prefix || '/';
  return `${prefix}${path.startsWith('/') ? '' : '/'}${path}`.replace(/\/{2,}/g, '/');
}

function pathsOf(raw: string | string[] | RegExp | undefined): string[] {
  if (raw === undefined) return ['/'];
  if (raw instanceof RegExp) return [`regexp:${raw.source}`];
  return Array.isArray(raw) ? raw : [raw];
}

/**
 * Every route an express 5 app answers, read from its router stack (sub-routers and mounted
 * apps included), so a test can hold a table against what is really registered.
 */
export function listRoutes(app: Express): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of pathsOf(layer.route.path)) {
          for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m])) {
            routes.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path: join(prefix, path), mounted: false });
          }
        }
      } else if (layer.handle?.stack) {
        for (const path of pathsOf(layer.rawPath)) walk(layer.handle.stack, path === '/' ? prefix : join(prefix, path));
      } else {
        // Middleware or a mounted app (whose own routes are out of reach) answering under a path.
        for (const path of pathsOf(layer.rawPath)) if (path !== '/' || prefix !== '') routes.push({ method: 'USE', path: join(prefix, path), mounted: layer.name === 'mounted_app' });
      }
    }
  };
  const router = (app as unknown as { router?: { stack: Layer[] } }).router;
  if (!router) throw new Error('not an express 5 app: app.router is missing');
  walk(router.stack, '');
  // One entry per method and path; a path with a guard and a mounted app behind it is mounted.
  const seen = new Map<string, RegisteredRoute>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const first = seen.get(key);
    if (first) first.mounted ||= route.mounted;
    else seen.set(key, route);
  }
  return [...seen.values()];
}
