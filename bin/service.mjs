// The container entry point: `node --conditions=bej-compiled bin/service.mjs <service>` runs one
// service (or the migrations) from the compiled output, with no tsx loader and no npm wrapper.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const targets = {
  'upload-api': 'services/upload-api/dist/main.js',
  mapper: 'services/mapper/dist/main.js',
  'enrich-worker': 'services/enrich-worker/dist/main.js',
  billing: 'services/billing/dist/main.js',
  migrate: 'packages/db/dist/migrate.cli.js',
};

const name = process.argv[2] ?? '';
const target = targets[name];
if (!target) {
  console.error(`usage: node --conditions=bej-compiled bin/service.mjs <${Object.keys(targets).join('|')}> (got "${name}")`);
  process.exit(64);
}
// Without the condition, @bej/* packages resolve to their TypeScript sources, which plain node cannot run.
const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
if (!flags.some((arg) => arg === '--conditions=bej-compiled' || arg === '-C=bej-compiled')) {
  console.error('run with: node --conditions=bej-compiled bin/service.mjs ' + name);
  process.exit(64);
}
const file = fileURLToPath(new URL(`../${target}`, import.meta.url));
if (!existsSync(file)) {
  console.error(`${target} is missing: run \`npm run build\` first`);
  process.exit(66);
}
await import(new URL(`../${target}`, import.meta.url).href);
