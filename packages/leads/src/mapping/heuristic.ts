import type { MappingDecision } from '../types.ts';
import { assembleMapping } from './assemble-mapping.ts';
import { classifyColumn } from './classify-column.ts';
import type { ColumnClass } from './column-class.ts';
import { applyColumnContext, readingNames } from './column-context.ts';
import { isMappable } from './mappable.ts';

/**
 * Maps columns from header tokens and sample values, with no network. Returns null when the
 * result is not mappable (no company, and no street with city+state or zip).
 */
export function heuristicMapping(headers: string[], sampleRows: string[][]): MappingDecision | null {
  const mapping = assembleMapping(classifyFile(headers, sampleRows));
  return isMappable(mapping.columns) ? mapping : null;
}

/** Every column classified by the header rules, then by the file-level rules. */
export function classifyFile(headers: string[], sampleRows: string[][]): ColumnClass[] {
  const names = readingNames(headers);
  const columnValues = headers.map((_, index) => sampleRows.map((row) => row[index] ?? ''));
  const classes = headers.map((header, index) => classifyColumn(header, index, columnValues[index] ?? [], names[index]));
  return applyColumnContext(classes, columnValues);
}
