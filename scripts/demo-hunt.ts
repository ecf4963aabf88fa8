// The demo's live view: a fake OpenRouter + fake web when DEMO_PROVIDER=fake-openrouter, and
// one lead's hunt printed event by event from GET …/events (README "Hunts: providers and live progress").
import { fileURLToPath } from 'node:url';
import { startFakeOpenAI, type FakeOpenAI } from '../services/mapper/src/test-support/fake-openai.ts';
import { fakeHuntModel } from '../services/enrich-worker/src/test-support/fake-hunt-model.ts';
import { loadWebRecords, startFakeWeb, type FakeWeb } from '../services/enrich-worker/src/test-support/fake-web.ts';
import { openSse, type SseClient } from '../tests/support/sse-client.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface DemoProvider {
  env: Record<string, string>;
  label: string;
  close(): Promise<void>;
}

/** `directory` (default) or `fake-openrouter`: an LLM hunt through the openai SDK against local fakes. */
export async function demoProvider(name: string | undefined): Promise<DemoProvider> {
  if (!name || name === 'directory') return { env: {}, label: 'directory (examples/directory.jsonl)', close: async () => undefined };
  if (name !== 'fake-openrouter') throw new Error(`DEMO_PROVIDER must be directory or fake-openrouter, not "${name}"`);
  const web: FakeWeb = await startFakeWeb(loadWebRecords(`${root}examples/directory.jsonl`));
  // A little latency per model call, so the live view looks like a real hunt.
  const model: FakeOpenAI = await startFakeOpenAI({ fallback: (request) => ({ delayMs: 150, then: fakeHuntModel(request) }) });
  return {
    env: {
      ENRICH_PROVIDER: 'openrouter',
      OPENROUTER_API_KEY: 'demo-key',
      OPENROUTER_BASE_URL: model.baseURL,
      ENRICH_HUNT_MODEL: 'fake/hunter',
      ENRICH_SEARCH_URL: web.baseUrl,
      ENRICH_FETCH_ALLOW_PRIVATE: '1',
      // The mapper shares OPENROUTER_*: keep header mapping off the fake.
      BATCH_ENRICH_LLM_MAP_ENABLED: '0',
    },
    label: `openrouter against a local fake model (${model.baseURL}) and a fake web (${web.baseUrl})`,
    close: async () => {
      await model.close();
      await web.close();
    },
  };
}

interface RowEvent {
  row_index: number;
  type: string;
  message: string;
  at: string;
}

/** Listens as the owner; `print` shows the first matched lead's hunt, every event with its time. */
export async function watchOneHunt(base: string, jobId: string, token: string) {
  const stream: SseClient = await openSse(`${base}/api/v1/batch/enrich/${jobId}/events`, { authorization: `Bearer ${token}` });
  return {
    stream,
    async print(): Promise<void> {
      const rows = stream.frames.filter((f) => f.event === 'row').map((f) => f.data as RowEvent);
      const shown = rows.find((e) => e.type === 'row_done')?.row_index ?? rows[0]?.row_index;
      if (shown === undefined) return;
      const mine = rows.filter((e) => e.row_index === shown);
      const detail = await fetch(`${base}/api/v1/batch/enrich/${jobId}/rows/${shown}`, { headers: { authorization: `Bearer ${token}` } });
      const title = ((await detail.json()) as { chat_title?: string }).chat_title ?? `row ${shown}`;
      const start = Date.parse(mine[0]!.at);
      const eventCount = rows.length;
      const rowCount = new Set(rows.map((e) => e.row_index)).size;
      console.log(`\nLive hunt of row ${shown} (${title}), as GET /events showed it:`);
      for (const e of mine) console.log(`  +${((Date.parse(e.at) - start) / 1000).toFixed(2)}s  ${e.type.padEnd(13)} ${e.message}`);
      console.log(`  (${eventCount} row events for ${rowCount} rows: ${(eventCount / Math.max(rowCount, 1)).toFixed(1)} per row)`);
      stream.close();
    },
  };
}
