import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { listenChannel } from './listen.ts';

// The maintenance database, a channel and application name of our own: nothing shared is touched.
const tag = randomBytes(4).toString('hex');
const channel = `bej_test_${tag}`;
const url = `postgresql://postgres@127.0.0.1:5432/postgres?application_name=bej_listen_${tag}`;

async function until(done: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a channel listener wakes on NOTIFY and comes back after its connection is killed', async () => {
  let wakes = 0;
  const errors: string[] = [];
  const listener = listenChannel(url, channel, () => (wakes += 1), { onError: (err) => errors.push(err.message), retryMs: 50 });
  const admin = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    await until(() => wakes >= 1, 'the wake-up after connecting');
    const before = wakes;
    await admin.query(`select pg_notify($1, '')`, [channel]);
    await until(() => wakes > before, 'a notification');

    const killed = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`, [`bej_listen_${tag}`]);
    assert.equal(killed.rowCount, 1, 'exactly our own listener connection');
    const afterKill = wakes;
    await until(() => wakes > afterKill, 'the wake-up after reconnecting');
    assert.ok(errors.length >= 1, 'the loss was reported');
    const reconnected = wakes;
    await admin.query(`select pg_notify($1, '')`, [channel]);
    await until(() => wakes > reconnected, 'a notification after reconnecting');
  } finally {
    await listener.close();
    await admin.end();
  }
});
