/** Why an upload was refused; stable codes the API maps to a 4xx and the UI to help text. */
export type CsvRejectionCode = 'empty_file' | 'binary_file' | 'header_only' | 'no_header';

/**
 * An upload that cannot become leads. The message tells the user what happened and what to do,
 * and never quotes cell values (they are customer data and end up in logs).
 */
export class CsvRejection extends Error {
  constructor(
    public readonly code: CsvRejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'CsvRejection';
  }
}
