/**
 * Bounds enforced while a file is read, record by record, so a hostile file is refused as soon
 * as it crosses one instead of after it was parsed whole.
 */
export interface CsvLimits {
  /** Data rows after the header (blank lines do not count). */
  maxRows: number;
  /** Fields in any one record, the header included. */
  maxColumns: number;
  /** Characters in any one field. */
  maxFieldChars: number;
}

/**
 * Lead exports have tens of columns (wide CRM exports a few hundred); Excel itself caps a cell
 * at 32,767 characters, so a field twice that size is not a spreadsheet cell.
 */
export const DEFAULT_CSV_LIMITS: CsvLimits = { maxRows: 1_000_000, maxColumns: 2_000, maxFieldChars: 65_536 };
