import type { FlatValue } from '@bej/csv';

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const SPACE = 32;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;

const isStructural = (c: number) => c === OPEN_OBJECT || c === CLOSE_OBJECT || c === OPEN_ARRAY || c === CLOSE_ARRAY || c === COMMA;

/** A document given as JSON text (PostgreSQL's jsonb output), read once without parsing it. */
interface ScannedDocument {
  /**
   * Keys, brackets and commas as they are and a `0` for every leaf value (string, number, true,
   * false, null). Two documents with one structure flatten to the same columns in the same order:
   * flattening and ordering depend on keys, nesting and array lengths, never on leaf values.
   */
  structure: string;
  /** Where each leaf's token starts and ends, in text order (when asked for). */
  leafStarts: number[];
  leafEnds: number[];
}

/** Scans JSON text once: its structure and, when `withLeaves`, where each leaf value lies. */
export function scanDocument(text: string, withLeaves: boolean): ScannedDocument {
  let structure = '';
  const leafStarts: number[] = [];
  const leafEnds: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) j += 2;
        else if (d === QUOTE) break;
        else j += 1;
      }
      // A key is followed by its colon: kept whole. A string value is a leaf.
      if (text.charCodeAt(j + 1) === COLON) {
        structure += text.slice(i, j + 2);
        i = j + 2;
        continue;
      }
      structure += '0';
      if (withLeaves) {
        leafStarts.push(i);
        leafEnds.push(j + 1);
      }
      i = j + 1;
    } else if (isStructural(c)) {
      structure += text[i];
      i += 1;
    } else if (c === SPACE || c === COLON) {
      i += 1;
    } else {
      // A number, true, false or null: a leaf up to the next separator.
      let j = i + 1;
      while (j < n && !isStructural(text.charCodeAt(j)) && text.charCodeAt(j) !== SPACE) j += 1;
      structure += '0';
      if (withLeaves) {
        leafStarts.push(i);
        leafEnds.push(j);
      }
      i = j;
    }
  }
  return { structure, leafStarts, leafEnds };
}

/** The structure alone (see {@link ScannedDocument.structure}). */
export function documentStructure(text: string): string {
  return scanDocument(text, false).structure;
}

/** One leaf token as the value JSON.parse would give it. */
export function leafValue(text: string, start: number, end: number): FlatValue {
  const first = text.charCodeAt(start);
  if (first === QUOTE) {
    const token = text.slice(start, end);
    return token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
  }
  const token = text.slice(start, end);
  if (token === 'null') return null;
  if (token === 'true') return true;
  if (token === 'false') return false;
  return JSON.parse(token) as number;
}

/**
 * The document's text with its i-th leaf (text order) replaced by the string `marker + i`, so
 * that whatever flattens the parsed result tells which leaf lands in which column. Replacing
 * leaves by strings keeps the structure: flattening treats every leaf alike.
 */
export function markLeaves(text: string, scanned: ScannedDocument, marker: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < scanned.leafStarts.length; i += 1) {
    out += `${text.slice(from, scanned.leafStarts[i])}${JSON.stringify(`${marker}${i}`)}`;
    from = scanned.leafEnds[i]!;
  }
  return out + text.slice(from);
}
