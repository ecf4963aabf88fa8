import { readCsv } from './read-csv.ts';
import { emptyHuntGraph, type EnrichProvider } from '../../services/enrich-worker/src/providers/provider.ts';

/** A provider that matches every lead after a short wait, so many rows are in flight (and billed) at once. */
export function alwaysMatchProvider(waitMs = 15): EnrichProvider & { hunts: number } {
  return {
    name: 'always-match',
    hunts: 0,
    async hunt() {
      this.hunts += 1;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      return { matched: true, pass: 'primary', graph: { ...emptyHuntGraph(), confidence: 0.9, summary_markdown: 'Test match.' } };
    },
  };
}

/** Parses a CSV the service wrote (a ledger, a download) into objects keyed by header, with the real parser. */
export function readCsvObjects(text: string): Array<Record<string, string>> {
  const [head, ...rows] = readCsv(text);
  return rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [head![i]!, cell])));
}

/** Sums a money column in micro-dollars (exact, whatever the number of rows). */
export function sumMicro(rows: Array<Record<string, string>>, column: string): number {
  return rows.reduce((total, row) => total + Math.round(Number(row[column]) * 1_000_000), 0);
}
