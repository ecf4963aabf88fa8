import { parseCsv } from '@bej/csv';

/**
 * Reads CSV the service writes (download.csv, the CLI's output) with the real parser, as a
 * re-import would: `[header cells as written, ...rows]`; quoted cells keep their commas, quotes
 * and line breaks as they are.
 */
export function readCsv(text: string): string[][] {
  const parsed = parseCsv(text, { delimiter: ',' });
  return [parsed.rawHeaders, ...parsed.rows];
}
