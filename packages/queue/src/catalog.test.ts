import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshRowDeliveryId, queueJobCatalog, rowDeliveryId, rowEnrichQueueJobId } from './catalog.ts';

const bounded = (keep: unknown) =>
  keep === true || (typeof keep === 'number' && Number.isFinite(keep)) || (typeof keep === 'object' && keep !== null && Number.isFinite((keep as { count?: number }).count));

test('every job kind bounds the completed and failed jobs Redis keeps (by count, whatever their age)', () => {
  for (const [key, entry] of Object.entries(queueJobCatalog)) {
    assert.ok(bounded(entry.options.removeOnComplete), `${key}: removeOnComplete is bounded`);
    assert.ok(bounded(entry.options.removeOnFail), `${key}: removeOnFail is bounded`);
  }
});

test("a row's delivery id: the run's own id until the reconciler records a fresh one of that run", () => {
  const job = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const fresh = freshRowDeliveryId(job, 3, 2);
  assert.match(fresh, new RegExp(`^${rowEnrichQueueJobId(job, 3, 2)}-r[0-9a-z]+$`));
  assert.ok(!fresh.includes(':'), 'BullMQ ids may not contain a colon');
  assert.notEqual(freshRowDeliveryId(job, 3, 2), freshRowDeliveryId(job, 3, 2, Date.now() + 1));
  assert.equal(rowDeliveryId(job, 3, 2, null), rowEnrichQueueJobId(job, 3, 2));
  assert.equal(rowDeliveryId(job, 3, 2, fresh), fresh);
  assert.equal(rowDeliveryId(job, 3, 3, fresh), rowEnrichQueueJobId(job, 3, 3), 'an id of an earlier run is not current');
  assert.equal(rowDeliveryId(job, 31, 2, fresh), rowEnrichQueueJobId(job, 31, 2), 'nor one of another row');
});
