// Reads the start of a file in the browser (nothing is sent): encoding, delimiter, the first
// lines as a table and quoting problems, so a person sees what the server will see.

export const DELIMITERS = [
  { char: ',', name: 'comma' },
  { char: ';', name: 'semicolon' },
  { char: '\t', name: 'tab' },
  { char: '|', name: 'pipe' },
];

export const RFC4180_HINT =
  'RFC 4180: a field that contains the delimiter, a double quote or a line break must be enclosed in double quotes, ' +
  'and a double quote inside such a field is written twice (""). Re-export the file as "CSV (comma delimited)" or fix these lines.';

const SAMPLE_BYTES = 64 * 1024;

/** Decodes bytes like the server does: BOM first, then UTF-8 if valid, else Windows-1252. */
export function decodeSample(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', text: new TextDecoder('utf-8').decode(bytes.subarray(3)) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  let oddZeros = 0;
  const probe = Math.min(bytes.length, 512);
  for (let i = 1; i < probe; i += 2) if (bytes[i] === 0) oddZeros += 1;
  if (probe > 8 && oddZeros > probe / 4) return { encoding: 'utf-16le', text: new TextDecoder('utf-16le').decode(bytes) };
  try {
    // stream: a multi-byte character cut at the sample's end is not an error.
    return { encoding: 'utf-8', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true }) };
  } catch {
    return { encoding: 'windows-1252', text: new TextDecoder('windows-1252').decode(bytes) };
  }
}

/**
 * RFC 4180 records of `text` (at most `maxRecords`), with the quoting problems met on the way:
 * a quote inside an unquoted field, text right after a closing quote, a quote never closed.
 */
export function tokenize(text, delimiter, maxRecords, { complete = true } = {}) {
  const records = [];
  const problems = [];
  let record = [];
  let field = '';
  let state = 'start';
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const seen = new Set();
  const problem = (at, kind, until) => {
    if (seen.has(`${at}:${kind}`)) return;
    seen.add(`${at}:${kind}`);
    problems.push(until === undefined ? { line: at, kind } : { line: at, kind, until });
  };
  const endField = () => {
    record.push(field);
    field = '';
    state = 'start';
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === '')) records.push({ line: recordLine, cells: record });
    record = [];
  };
  for (let i = 0; i < text.length && records.length < maxRecords; i += 1) {
    const c = text[i];
    if (state === 'quoted') {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else state = 'after_quote';
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
      continue;
    }
    if (c === delimiter) {
      endField();
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
      continue;
    }
    if (c === '"' && state === 'start') {
      state = 'quoted';
      quoteLine = line;
      continue;
    }
    if (state === 'after_quote') {
      // A quote that closed on a later line, inside text, most likely never meant to open.
      if (quoteLine !== line) problem(quoteLine, 'runaway_quote', line);
      else problem(line, 'text_after_quote');
    } else if (c === '"') problem(line, 'quote_in_unquoted_field');
    state = 'unquoted';
    field += c;
  }
  // A quote still open after ten more lines is a runaway even when the sample is not the whole file.
  if (state === 'quoted' && (complete || line - quoteLine >= 10)) problem(quoteLine, 'unclosed_quote');
  if (records.length < maxRecords && (field !== '' || record.length > 0)) endRecord();
  return { records, problems };
}

/** The delimiter whose field count is the largest and steadiest over the first lines. */
export function detectDelimiter(text) {
  let best = DELIMITERS[0];
  let bestScore = -1;
  for (const candidate of DELIMITERS) {
    const { records } = tokenize(text, candidate.char, 10, { complete: false });
    if (records.length === 0) continue;
    const widths = records.map((r) => r.cells.length);
    const header = widths[0];
    if (header < 2) continue;
    const steady = widths.filter((w) => w === header).length / widths.length;
    const score = steady * 100 + Math.min(header, 50);
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

// The server keeps the first two as written and refuses the last two (422 unterminated_quote).
const PROBLEM_TEXT = {
  quote_in_unquoted_field: 'a double quote inside a field that is not quoted (kept as written)',
  text_after_quote: 'text right after a closing quote (kept as written)',
  unclosed_quote: 'a quote that is never closed; the upload will be refused',
  runaway_quote: 'a quote that is not closed on its line; the upload will be refused',
};

/** What the /batch page shows before uploading: at most the first 10 lines (header + 9 rows). */
export async function sniffFile(file) {
  const bytes = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer());
  const decoded = decodeSample(bytes);
  const { encoding } = decoded;
  // Excel's "sep=;" first line names the delimiter and is not the header.
  const sep = /^sep=(.)\r?\n/i.exec(decoded.text);
  const text = sep ? decoded.text.slice(sep[0].length) : decoded.text;
  const delimiter = (sep && DELIMITERS.find((d) => d.char === sep[1])) || detectDelimiter(text);
  const wholeFile = file.size <= SAMPLE_BYTES;
  const { records, problems } = tokenize(text, delimiter.char, 10, { complete: wholeFile });
  const [header, ...rows] = records;
  const widths = new Set(records.map((r) => r.cells.length));
  return {
    encoding,
    delimiter,
    header: header?.cells ?? [],
    rows: rows.map((r) => r.cells),
    unevenRows: widths.size > 1,
    problems: problems.map((p) => ({ ...p, text: `line ${p.line}: ${PROBLEM_TEXT[p.kind]}${p.until ? ` (it runs on into line ${p.until})` : ''}` })),
  };
}
