import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isForbiddenAddress } from './address-policy.ts';
import { CallbackUrlRejection, checkCallbackUrl } from './callback-url.ts';
import { signCallback, verifyCallback } from './signature.ts';

test('loopback, private, link-local, metadata and reserved addresses are forbidden; public ones are not', () => {
  for (const address of [
    '127.0.0.1',
    '127.9.9.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '224.0.0.1',
    'not-an-ip',
  ]) {
    assert.equal(isForbiddenAddress(address), true, address);
  }
  for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
    assert.equal(isForbiddenAddress(address), false, address);
  }
});

test('a callback URL is checked for shape, then after DNS resolution', async () => {
  const policy = { allowPrivate: false };
  const refused = async (url: string, pattern: RegExp) =>
    assert.rejects(checkCallbackUrl(url, policy), (err: Error) => err instanceof CallbackUrlRejection && pattern.test(err.message));
  await refused('ftp://example.com/x', /http or https/);
  await refused('not a url', /absolute URL/);
  await refused('https://user:pw@example.com/', /user name or password/);
  await refused('http://127.0.0.1:9/hook', /127\.0\.0\.1/);
  await refused('http://[::1]/hook', /::1/);
  await refused('http://169.254.169.254/latest/meta-data', /169\.254\.169\.254/);
  // A name is refused for what it resolves to, not for how it is spelled.
  await refused('http://localhost:9/hook', /resolves to/);
  await refused('https://no-such-host.invalid/hook', /does not resolve/);
  assert.equal(await checkCallbackUrl('http://127.0.0.1:9/hook', { allowPrivate: true }), 'http://127.0.0.1:9/hook');
});

test('signatures verify over the raw body and expire', () => {
  const body = '{"id":"e1","type":"batch.completed"}';
  const header = signCallback('whsec_x', body, 1_700_000_000);
  assert.match(header, /^t=1700000000,v1=[0-9a-f]{64}$/);
  assert.equal(verifyCallback('whsec_x', header, body, { now: 1_700_000_010 }), true);
  assert.equal(verifyCallback('whsec_y', header, body, { now: 1_700_000_010 }), false, 'another secret');
  assert.equal(verifyCallback('whsec_x', header, `${body} `, { now: 1_700_000_010 }), false, 'a changed body');
  assert.equal(verifyCallback('whsec_x', header, body, { now: 1_700_001_000 }), false, 'too old');
  assert.equal(verifyCallback('whsec_x', undefined, body), false);
});
