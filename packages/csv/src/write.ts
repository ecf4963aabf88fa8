/** A value that can be written to a CSV cell. */
export type CsvValue = string | number | boolean | null | undefined;

// Characters that make Excel, LibreOffice or Google Sheets evaluate a cell as a formula (OWASP CSV injection).
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
// Values that start with a trigger but are data a spreadsheet only shows: plain numbers and E.164 phones.
// A leading `+` is exempt only as an E.164 phone, so `+5` still gets guarded (harmlessly).
const PLAIN_NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
const E164_PHONE = /^\+[1-9]\d{6,14}$/;

/**
 * One RFC 4180 cell: quoted when it contains the delimiter, a quote, CR or LF (quotes doubled);
 * null/undefined become empty. Strings that a spreadsheet would run as a formula get a leading `'`,
 * except plain numbers and E.164 phones. JS numbers and booleans are written as they are.
 */
export function csvCell(value: CsvValue, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = neutraliseFormula(value);
  if (text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r')) {
    return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

/** One CSV record ending with CRLF, as RFC 4180 and Excel expect. */
export function csvLine(values: readonly CsvValue[], delimiter = ','): string {
  return values.map((value) => csvCell(value, delimiter)).join(delimiter) + '\r\n';
}

function neutraliseFormula(text: string): string {
  if (!FORMULA_TRIGGER.test(text) || PLAIN_NUMBER.test(text) || E164_PHONE.test(text)) return text;
  return `'${text}`;
}
