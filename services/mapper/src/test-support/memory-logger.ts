import type { MapperLogger } from '../mapper.types.ts';

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  meta?: Record<string, unknown>;
}

/** Keeps log lines in memory so tests can assert what was (and was not) logged. */
export function createMemoryLogger(): MapperLogger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (message: string, meta?: Record<string, unknown>) => void entries.push({ level, message, meta });
  return { entries, info: log('info'), warn: log('warn'), error: log('error'), text: () => JSON.stringify(entries) };
}
