import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { signCallback } from './signature.ts';

test("the README's receiver example verifies our signatures and rejects forgeries", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### Callbacks')))?.[1];
  assert.ok(block, 'README has a js example under ### Callbacks');
  const body = block.replace(/^import .*$/m, '');
  const verify = new Function('createHmac', 'timingSafeEqual', `${body}\nreturn verify;`)(createHmac, timingSafeEqual) as (
    secret: string,
    header: string,
    raw: string,
  ) => boolean;
  const raw = '{"id":"0f9c","type":"batch.completed","created_at":"2026-12-01T00:00:00.000Z","data":{"job":{}}}';
  const header = signCallback('whsec_demo', raw, Math.floor(Date.now() / 1000));
  assert.equal(verify('whsec_demo', header, raw), true);
  assert.equal(verify('whsec_other', header, raw), false);
  assert.equal(verify('whsec_demo', header, raw.replace('completed', 'paused')), false);
  assert.equal(verify('whsec_demo', signCallback('whsec_demo', raw, Math.floor(Date.now() / 1000) - 3600), raw), false, 'too old');
});
