import winston from 'winston';
import { currentLogContext } from './log-context.ts';

export { withLogContext, currentLogContext, type LogContext } from './log-context.ts';

export type Logger = winston.Logger;

/** Adds the ids of the current request or job; what a call site passes explicitly wins. */
const contextIds = winston.format((info) => {
  const context = currentLogContext();
  if (context) {
    for (const [key, value] of Object.entries(context)) if (value !== undefined && !(key in info)) info[key] = value;
  }
  return info;
});

/**
 * JSON logs, one line per event. Callers pass ids (job_id, row_index, agent_id, error_id),
 * never a lead's data or a token.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return winston.createLogger({
    level,
    defaultMeta: { service },
    format: winston.format.combine(contextIds(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Console({ silent: process.env.LOG_SILENT === '1' })],
  });
}
