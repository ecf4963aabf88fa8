import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
const services = readdirSync(join(root, 'services')).filter((name) => statSync(join(root, 'services', name)).isDirectory());

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

test('no service imports another service (shared code lives in packages/*), and no package imports a service', () => {
  const imports = /(?:from|import)\s*\(?\s*'([^']+)'/g;
  const problems: string[] = [];
  for (const [kind, base] of [['services', 'services'], ['packages', 'packages']] as const) {
    for (const name of readdirSync(join(root, base))) {
      const src = join(root, base, name, 'src');
      if (!existsSync(src)) continue;
      for (const file of sourceFiles(src)) {
        for (const [, spec] of readFileSync(file, 'utf8').matchAll(imports)) {
          const other = services.find((svc) => (kind === 'packages' || svc !== name) && (spec === `@bej/${svc}` || spec!.startsWith(`@bej/${svc}/`) || spec!.includes(`services/${svc}/`) || spec!.includes(`../${svc}/`)));
          // Tests and test doubles may share another service's test-support (the fake OpenAI server), never its code.
          const testOnly = (file.endsWith('.test.ts') || file.includes('/test-support/')) && spec!.includes('/test-support/');
          if (other && !testOnly) problems.push(`${relative(root, file)} imports ${spec}`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
});
