/** Why an upload was refused; stable codes the API maps to a 4xx and the UI to help text. */
export type CsvRejectionCode =
  | 'empty_file'
  | 'binary_file'
  | 'header_only'
  | 'no_header'
  | 'unterminated_quote'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'field_too_large';

/**
 * An upload that cannot become leads. The message tells the user what happened and what to do,
 * and never quotes cell values (they are customer data and end up in logs). `line` is the
 * 1-based physical line of the file where the problem starts, when there is one.
 */
export class CsvRejection extends Error {
  constructor(
    public readonly code: CsvRejectionCode,
    message: string,
    public readonly line?: number,
  ) {
    super(message);
    this.name = 'CsvRejection';
  }
}

/** 1-based physical line of a character offset (CRLF, LF and lone CR each end a line). Only called on the way to an error. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) line += 1;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) line += 1;
  }
  return line;
}
