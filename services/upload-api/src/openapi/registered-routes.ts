import type { Express } from 'express';

export interface RegisteredRoute {
  method: string;
  /** OpenAPI form (`{id}`), as in route-docs.ts. */
  path: string;
  /** A whole router mounted under a path (Bull Board): documented as one GET page. */
  mounted: boolean;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | string[];
  slash: boolean;
  name: string;
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}').replace(/\*(\w+)/g, '{$1}');

/** Every route the express app would answer, found by walking its router stack. */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const found: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
            found.push({ method, path: toOpenApiPath(prefix + path), mounted: false });
          }
        }
      } else if (layer.handle.stack && layer.slash) {
        walk(layer.handle.stack, prefix);
      } else if ((layer.handle.stack || layer.name === 'mounted_app') && !layer.slash) {
        // A router or a whole express app (Bull Board) under a path: one page, not walked.
        found.push({ method: 'get', path: toOpenApiPath(prefix + String(layer.rawPath)), mounted: true });
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}
