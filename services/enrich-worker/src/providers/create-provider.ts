import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { EnrichWorkerEnv } from '../env.ts';
import { createDirectoryProvider, loadDirectory } from './directory.provider.ts';
import type { EnrichProvider } from './provider.ts';
import { createModelClient } from '../hunt-llm/model-client.ts';
import { createSearxngBackend, openrouterWebBackend } from '../hunt-llm/search-backend.ts';
import { createHttpProvider } from './http.provider.ts';
import { createOpenRouterProvider } from './openrouter.provider.ts';

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
  if (env.ENRICH_PROVIDER === 'openrouter') return openRouterFromEnv(env);
  if (env.ENRICH_PROVIDER === 'http') return httpFromEnv(env);
  const index = await loadDirectory(directoryPath(env.ENRICH_DIRECTORY_PATH, env.INIT_CWD));
  return createDirectoryProvider({ index, simulatedLatencyMs: env.ENRICH_SIMULATED_LATENCY_MS });
}

const MAX_RATE_LIMIT_WAIT_MS = 120_000;

function openRouterFromEnv(env: EnrichWorkerEnv): EnrichProvider {
  if (!env.OPENROUTER_API_KEY) throw new Error('ENRICH_PROVIDER=openrouter needs OPENROUTER_API_KEY.');
  const backend = env.ENRICH_SEARCH_BACKEND === 'auto' ? (env.ENRICH_SEARCH_URL ? 'searxng' : 'openrouter-web') : env.ENRICH_SEARCH_BACKEND;
  if (backend === 'searxng' && !env.ENRICH_SEARCH_URL) throw new Error('ENRICH_SEARCH_BACKEND=searxng needs ENRICH_SEARCH_URL.');
  const search =
    backend === 'searxng'
      ? createSearxngBackend({ baseUrl: env.ENRICH_SEARCH_URL!, maxResults: env.ENRICH_SEARCH_MAX_RESULTS, pageChars: 6000, allowPrivate: env.ENRICH_FETCH_ALLOW_PRIVATE })
      : openrouterWebBackend;
  const complete = createModelClient({
    apiKey: env.OPENROUTER_API_KEY,
    baseURL: env.OPENROUTER_BASE_URL,
    timeoutMs: env.ENRICH_HUNT_TIMEOUT_MS,
    maxAttempts: env.ENRICH_HUNT_MAX_ATTEMPTS,
    backoffMs: env.ENRICH_HUNT_BACKOFF_MS,
    defaultRateLimitMs: env.ENRICH_RATE_LIMIT_WAIT_MS,
    maxRateLimitMs: MAX_RATE_LIMIT_WAIT_MS,
    // OpenRouter: report each call's cost; with no search tools of ours, its web plugin searches.
    extraBody: { usage: { include: true }, ...(search.offersTools ? {} : { plugins: [{ id: 'web', max_results: env.ENRICH_SEARCH_MAX_RESULTS }] }) },
  });
  return createOpenRouterProvider({
    model: env.ENRICH_HUNT_MODEL,
    complete,
    search,
    maxTurns: env.ENRICH_HUNT_MAX_TURNS,
    maxParallelTools: 4,
    toolTimeoutMs: env.ENRICH_HUNT_TOOL_TIMEOUT_MS,
    limits: {
      maxCostUsd: env.ENRICH_HUNT_MAX_COST_USD,
      maxTokens: env.ENRICH_HUNT_MAX_TOKENS,
      usdPerMillionPrompt: env.ENRICH_HUNT_USD_PER_MTOK_PROMPT,
      usdPerMillionCompletion: env.ENRICH_HUNT_USD_PER_MTOK_COMPLETION,
    },
  });
}

function httpFromEnv(env: EnrichWorkerEnv): EnrichProvider {
  if (!env.ENRICH_HTTP_URL) throw new Error('ENRICH_PROVIDER=http needs ENRICH_HTTP_URL (and usually ENRICH_HTTP_TOKEN).');
  return createHttpProvider({
    url: env.ENRICH_HTTP_URL,
    token: env.ENRICH_HTTP_TOKEN ?? null,
    timeoutMs: env.ENRICH_HUNT_TIMEOUT_MS,
    maxAttempts: env.ENRICH_HUNT_MAX_ATTEMPTS,
    backoffMs: env.ENRICH_HUNT_BACKOFF_MS,
    defaultRateLimitMs: env.ENRICH_RATE_LIMIT_WAIT_MS,
    maxRateLimitMs: MAX_RATE_LIMIT_WAIT_MS,
  });
}
