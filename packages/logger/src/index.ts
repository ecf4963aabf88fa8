import winston from 'winston';
import { UNSAFE_FIELDS, redactMeta, scrubText } from './redact.ts';

export type Logger = winston.Logger;
export { redactMeta, scrubErrorInPlace, scrubText, serializeError, type SafeError } from './redact.ts';

/**
 * The last line of defence: errors in log metadata become scrubbed copies (no query
 * parameters, no quoted input, no driver `detail`), and strings lose anything token-shaped.
 */
const redact = winston.format((info) => {
  const fields = info as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    // An Error logged as the whole entry brings its own fields along (drizzle's params, pg's detail).
    if (UNSAFE_FIELDS.has(key)) delete fields[key];
    else if (key !== 'level') fields[key] = redactMeta(fields[key]);
  }
  if (typeof info.message === 'string') info.message = scrubText(info.message);
  return info;
});

/** The production format (tests that capture logs use it too, so they see what operators would). */
export const logFormat = winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), redact(), winston.format.json());

/**
 * JSON logs, one line per event. Callers pass ids (job_id, row_index, agent_id, error_id),
 * never a lead's data or a token.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', transports?: winston.LoggerOptions['transports']): Logger {
  return winston.createLogger({
    level,
    defaultMeta: { service },
    format: logFormat,
    transports: transports ?? [new winston.transports.Console({ silent: process.env.LOG_SILENT === '1' })],
  });
}
