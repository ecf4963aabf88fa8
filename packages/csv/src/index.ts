export { decodeUpload, detectUtf16, looksBinary, type DecodedUpload, type UploadEncoding } from './decode.ts';
export { detectDelimiter, type CsvDelimiter } from './delimiter.ts';
export { CsvRejection, type CsvRejectionCode } from './errors.ts';
export { ColumnUnion, flattenObject, type FlatValue, type FlattenOptions } from './flatten.ts';
export { cleanHeaders } from './headers.ts';
export { parseCsv, type ParseCsvOptions, type ParsedCsv } from './parse.ts';
export { readCsvUpload, type CsvUpload } from './read-upload.ts';
export { tokenizeCsv, type TokenizedCsv } from './tokenize.ts';
export { csvCell, csvLine, type CsvValue } from './write.ts';
