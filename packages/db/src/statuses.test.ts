import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALLBACK_EVENT_TYPES, CALLBACK_STATES, BATCH_STATUSES, LEDGER_KINDS, PAUSED_REASONS, ROW_STATUSES } from './statuses.ts';
import { useTestDatabase } from './test-support/test-database.ts';

const handle = useTestDatabase('statuses', 2);

/** Each closed-set column, its CHECK constraint (migration 0007) and the array it must hold. */
const CLOSED_SETS: Array<[table: string, column: string, constraint: string, values: readonly string[]]> = [
  ['batch_enrich_job', 'status', 'batch_enrich_job_status_check', BATCH_STATUSES],
  ['batch_enrich_job', 'paused_reason', 'batch_enrich_job_paused_reason_check', PAUSED_REASONS],
  ['batch_enrich_row', 'status', 'batch_enrich_row_status_check', ROW_STATUSES],
  ['ledger_entries', 'kind', 'ledger_entries_kind_check', LEDGER_KINDS],
  ['batch_enrich_callback', 'type', 'batch_enrich_callback_type_check', CALLBACK_EVENT_TYPES],
  ['batch_enrich_callback', 'job_status', 'batch_enrich_callback_job_status_check', BATCH_STATUSES],
  ['batch_enrich_callback', 'paused_reason', 'batch_enrich_callback_paused_reason_check', PAUSED_REASONS],
  ['batch_enrich_callback', 'state', 'batch_enrich_callback_state_check', CALLBACK_STATES],
];

test('every closed-set column has a CHECK constraint allowing exactly its const array', async () => {
  for (const [table, column, constraint, values] of CLOSED_SETS) {
    const { rows } = await handle.pool.query<{ definition: string }>(
      `select pg_get_constraintdef(c.oid) as definition from pg_constraint c join pg_class t on t.oid = c.conrelid
       where t.relname = $1 and c.conname = $2 and c.contype = 'c'`,
      [table, constraint],
    );
    assert.equal(rows.length, 1, `${constraint} exists`);
    const allowed = [...rows[0]!.definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]).sort();
    assert.deepEqual(allowed, [...values].sort(), `${table}.${column} allows exactly its const array`);
    assert.match(rows[0]!.definition, new RegExp(`\\b${column}\\b`), `${constraint} checks ${column}`);
  }
});

test('a value outside the set is refused by the database', async () => {
  const agent = await handle.pool.query<{ id: string }>(`insert into agents (token_hash, webhook_secret) values ('t-statuses', 'x') returning id`);
  await assert.rejects(
    handle.pool.query(
      `insert into ledger_entries (agent_id, kind, amount_micro, balance_after_micro, reason) values ($1, 'gift', 1, 1, 'test')`,
      [agent.rows[0]!.id],
    ),
    (err: { code?: string; constraint?: string }) => err.code === '23514' && err.constraint === 'ledger_entries_kind_check',
  );
  await assert.rejects(
    handle.pool.query(
      `insert into batch_enrich_job (agent_id, status, file_row_count, stored_row_count, row_count, price_micro, headers, mapping)
       values ($1, 'archived', 0, 0, 0, 1, '[]', '{}')`,
      [agent.rows[0]!.id],
    ),
    (err: { code?: string; constraint?: string }) => err.code === '23514' && err.constraint === 'batch_enrich_job_status_check',
  );
});
