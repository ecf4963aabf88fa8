import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { EnrichWorkerEnv } from '../env.ts';
import { createDirectoryProvider, loadDirectory } from './directory.provider.ts';
import type { EnrichProvider } from './provider.ts';

/** The repository root, so the default `examples/directory.jsonl` resolves from any service folder. */
const repoRoot = new URL('../../../../', import.meta.url).pathname;

/**
 * A relative path is read from where the command was typed (npm keeps it in INIT_CWD when it
 * runs a workspace script from its own folder), else from the repository root, which is
 * where the default `examples/directory.jsonl` lives.
 */
export function directoryPath(configured: string, callerDir: string = process.cwd()): string {
  if (isAbsolute(configured)) return configured;
  const fromCaller = resolve(callerDir, configured);
  return existsSync(fromCaller) ? fromCaller : resolve(repoRoot, configured);
}

export async function createProvider(env: EnrichWorkerEnv): Promise<EnrichProvider> {
  if (env.ENRICH_PROVIDER !== 'directory') {
    // Refuse to start rather than pretend: only the directory provider is built so far.
    throw new Error(`ENRICH_PROVIDER=${env.ENRICH_PROVIDER} is not available in this build; use "directory".`);
  }
  const index = await loadDirectory(directoryPath(env.ENRICH_DIRECTORY_PATH, env.INIT_CWD));
  return createDirectoryProvider({ index, simulatedLatencyMs: env.ENRICH_SIMULATED_LATENCY_MS });
}
