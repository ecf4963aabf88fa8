export * from './schema.ts';
export { createDb, type Database, type DbHandle, type Executor, type Transaction } from './client.ts';
export { migrateDatabase, ensureDatabase, dropDatabase, migrationsFolder } from './migrate.ts';
export { MICRO_PER_USD, usdToMicro, microToUsd } from './money.ts';
export * from './ledger.repository.ts';
export * from './agents.repository.ts';
export * from './jobs.repository.ts';
export * from './rows.repository.ts';
export { migrationsApplied } from './migration-status.ts';
