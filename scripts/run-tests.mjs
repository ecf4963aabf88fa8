// Runs every *.test.ts of the repository through Node's own test runner (tsx loader).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { requireInfrastructure } from './preflight.mjs';

const root = new URL('..', import.meta.url).pathname;
// The suite runs against the real PostgreSQL and Redis: say so in one line when either is missing.
await requireInfrastructure();
const roots = ['packages', 'services', 'tests'];
const skip = new Set(['node_modules', 'fixtures', 'out']);

function collect(dir, found) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, found);
    else if (name.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found;
}

// Fault tests (tests/faults: killed workers, lost queue keys, a cut database) run only with
// --faults (`npm run test:faults`) or when a filter names them; `.ci/run` runs both sets.
const args = process.argv.slice(2);
const faultsOnly = args.includes('--faults');
const filter = args.filter((a) => a !== '--faults');
let files = roots.flatMap((r) => collect(join(root, r), []));
const isFault = (f) => f.startsWith('tests/faults/');
if (faultsOnly) files = files.filter(isFault);
else if (filter.length === 0) files = files.filter((f) => !isFault(f));
if (filter.length > 0) files = files.filter((f) => filter.some((part) => f.includes(part)));
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
