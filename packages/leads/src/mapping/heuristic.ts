import type { MappingDecision } from '../types.ts';
import { assembleMapping } from './assemble-mapping.ts';
import { classifyColumn } from './classify-column.ts';
import { isMappable } from './mappable.ts';

/**
 * Maps columns from header tokens and sample values, with no network. Returns null when the
 * result is not mappable (no company, and no street with city+state or zip).
 */
export function heuristicMapping(headers: string[], sampleRows: string[][]): MappingDecision | null {
  const classes = headers.map((header, index) =>
    classifyColumn(header, index, sampleRows.map((row) => row[index] ?? '')),
  );
  const mapping = assembleMapping(classes);
  return isMappable(mapping.columns) ? mapping : null;
}
