import type { MappingDecision } from '../types.ts';
import { assembleMapping } from './assemble-mapping.ts';
import { classifyColumn } from './classify-column.ts';
import { applyColumnContext, readingNames } from './column-context.ts';
import { isMappable } from './mappable.ts';

/**
 * Maps columns from header tokens and sample values, with no network. Returns null when the
 * result is not mappable (no company, and no street with city+state or zip).
 */
export function heuristicMapping(headers: string[], sampleRows: string[][]): MappingDecision | null {
  const names = readingNames(headers);
  const columnValues = headers.map((_, index) => sampleRows.map((row) => row[index] ?? ''));
  const classes = headers.map((header, index) => classifyColumn(header, index, columnValues[index] ?? [], names[index]));
  const mapping = assembleMapping(applyColumnContext(classes, columnValues));
  return isMappable(mapping.columns) ? mapping : null;
}
