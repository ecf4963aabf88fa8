import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadMapperEnv } from './env.ts';

describe('loadMapperEnv', () => {
  it('applies the contract defaults', () => {
    const env = loadMapperEnv({});
    assert.equal(env.BATCH_ENRICH_LLM_MAP_ENABLED, true);
    assert.equal(env.BATCH_ENRICH_LLM_MAP_MODEL, 'data411-crimson-span');
    assert.equal(env.OPENROUTER_API_KEY, undefined);
    assert.equal(env.OPENROUTER_BASE_URL, 'https://openrouter.ai/api/v1');
    assert.equal(env.BATCH_ENRICH_LLM_PREVIEW_ROWS, 10);
    assert.equal(env.MAPPER_LLM_TIMEOUT_MS, 20_000);
    assert.equal(env.MAPPER_CONCURRENCY, 4);
    assert.equal(env.QUEUE_PREFIX, 'bej');
  });

  it('reads overrides and treats empty values as unset', () => {
    const env = loadMapperEnv({ BATCH_ENRICH_LLM_MAP_ENABLED: '0', BATCH_ENRICH_LLM_PREVIEW_ROWS: '3', OPENROUTER_API_KEY: '' });
    assert.equal(env.BATCH_ENRICH_LLM_MAP_ENABLED, false);
    assert.equal(env.BATCH_ENRICH_LLM_PREVIEW_ROWS, 3);
    assert.equal(env.OPENROUTER_API_KEY, undefined);
  });

  it('refuses nonsense', () => {
    assert.throws(() => loadMapperEnv({ BATCH_ENRICH_LLM_MAP_ENABLED: 'maybe' }), /BATCH_ENRICH_LLM_MAP_ENABLED/);
    assert.throws(() => loadMapperEnv({ MAPPER_CONCURRENCY: '0' }), /MAPPER_CONCURRENCY/);
  });
});
