import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logSafeProblems } from './log-safe-problems.ts';

test('problems keep quoted header names and lose any other quoted text', () => {
  assert.deepEqual(
    logSafeProblems(
      [
        "columns.company names header 'Acme Secret Co', which the file does not have",
        "header 'CUST_NM' is used by both company and dm_name",
        'columns.Acme Secret Co: unknown canonical field "Acme Secret Co"',
      ],
      ['CUST_NM', 'SVC_ZIP'],
    ),
    [
      "columns.company names header '[not a header]', which the file does not have",
      "header 'CUST_NM' is used by both company and dm_name",
      'columns.[not a header]: unknown canonical field "[not a header]"',
    ],
  );
});
