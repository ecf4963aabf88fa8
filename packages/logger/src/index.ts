import winston from 'winston';

export type Logger = winston.Logger;

/**
 * JSON logs, one line per event. Callers pass ids (job_id, row_index, agent_id, error_id),
 * never a lead's data or a token.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return winston.createLogger({
    level,
    defaultMeta: { service },
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Console({ silent: process.env.LOG_SILENT === '1' })],
  });
}
