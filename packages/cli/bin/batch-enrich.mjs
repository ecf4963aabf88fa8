#!/usr/bin/env node
// Plain JS on purpose: npm links this file as `batch-enrich` without running any install
// script, and node runs it as is; tsx (a dependency of the workspace) loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
