// `npm run build`: compiles every workspace's src/ to its dist/ (tsc -b over tsconfig.build.json,
// `.ts` imports rewritten to `.js`) and copies the files tsc does not emit (web pages, data, SQL).
// The compiled output runs with `node --conditions=bej-compiled` (see bin/service.mjs); without
// that condition, @bej/* packages keep resolving to src/ for tsx, tests and typecheck.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'services'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .map((name) => `${dir}/${name}`)
    .filter((ws) => existsSync(join(root, ws, 'package.json'))),
);

const references = new Set(JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).references.map((r) => r.path));
const problems = [];
for (const ws of workspaces) {
  if (!existsSync(join(root, ws, 'tsconfig.build.json'))) problems.push(`${ws} has no tsconfig.build.json (copy one from packages/config and list its @bej/* references)`);
  else if (!references.has(`${ws}/tsconfig.build.json`)) problems.push(`tsconfig.build.json does not reference ${ws}/tsconfig.build.json`);
  const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
  const entry = pkg.exports?.['.'];
  if (ws.startsWith('packages/') && (typeof entry !== 'object' || entry['bej-compiled'] !== './dist/index.js')) {
    problems.push(`${ws}/package.json exports must be {".": {"bej-compiled": "./dist/index.js", "default": "./src/index.ts"}}`);
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`build: ${problem}`);
  process.exit(1);
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

/** Everything under src/ that is not TypeScript goes to the same place under dist/. */
function copyAssets(src, dist) {
  let copied = 0;
  for (const name of readdirSync(src)) {
    const from = join(src, name);
    if (statSync(from).isDirectory()) {
      if (name !== 'test-support') copied += copyAssets(from, join(dist, name));
    } else if (!name.endsWith('.ts')) {
      cpSync(from, join(dist, name));
      copied += 1;
    }
  }
  return copied;
}
let assets = 0;
for (const ws of workspaces) assets += copyAssets(join(root, ws, 'src'), join(root, ws, 'dist'));
console.log(`built ${workspaces.length} workspaces (${workspaces.map((ws) => relative('.', ws)).join(', ')}); ${assets} asset file(s) copied`);
