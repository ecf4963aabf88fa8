import { isAbsolute, resolve } from 'node:path';
import type { EnrichWorkerEnv } from '../env.ts';
import { createDirectoryProvider, loadDirectory } from './directory.provider.ts';
import type { EnrichProvider } from './provider.ts';

/** The repository root, so the default `examples/directory.jsonl` resolves from any service folder. */
const repoRoot = new URL('../../../../', import.meta.url).pathname;

export async function createProvider(env: EnrichWorkerEnv): Promise<EnrichProvider> {
  if (env.ENRICH_PROVIDER !== 'directory') {
    // Refuse to start rather than pretend: only the directory provider is built so far.
    throw new Error(`ENRICH_PROVIDER=${env.ENRICH_PROVIDER} is not available in this build; use "directory".`);
  }
  const path = isAbsolute(env.ENRICH_DIRECTORY_PATH) ? env.ENRICH_DIRECTORY_PATH : resolve(repoRoot, env.ENRICH_DIRECTORY_PATH);
  const index = await loadDirectory(path);
  return createDirectoryProvider({ index, simulatedLatencyMs: env.ENRICH_SIMULATED_LATENCY_MS });
}
