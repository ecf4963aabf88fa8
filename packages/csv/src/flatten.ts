/** A flattened leaf value, ready for {@link csvCell}. */
export type FlatValue = string | number | boolean | null;

/** Options of {@link flattenObject}. */
export interface FlattenOptions {
  /** Keys skipped at any depth with everything under them, e.g. `tool_trace`. */
  omitKeys?: readonly string[];
}

/**
 * Flattens a result document into `[column, value]` pairs: nested keys dotted, array items indexed
 * (`contacts.0.phones.1`), key order preserved. Empty arrays and objects produce nothing, as do
 * `undefined` values (like JSON). Dates become ISO strings, bigints decimal strings.
 * `null`/`undefined` at the top give no pairs; another non-object at the top is a caller bug.
 */
export function flattenObject(value: unknown, opts: FlattenOptions = {}): Array<[string, FlatValue]> {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') throw new TypeError(`flattenObject expects an object or array, got ${typeof value}`);
  const out: Array<[string, FlatValue]> = [];
  walk(value, '', new Set(opts.omitKeys ?? []), out);
  return out;
}

function walk(value: object, prefix: string, omit: ReadonlySet<string>, out: Array<[string, FlatValue]>): void {
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  for (const [key, child] of entries) {
    if (omit.has(key)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const leaf = toLeaf(child);
    if (leaf !== undefined) out.push([path, leaf]);
    else if (typeof child === 'object' && child !== null && !(child instanceof Date)) walk(child, path, omit, out);
  }
}

function toLeaf(value: unknown): FlatValue | undefined {
  if (value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  // Objects recurse; functions and symbols have no CSV form and are dropped like JSON drops them.
  return undefined;
}

/**
 * Column names in order of first appearance across many flattened rows. The streaming download
 * feeds every row through {@link ColumnUnion.add} on a first pass to know the header before a
 * second pass writes rows with {@link ColumnUnion.align}.
 */
export class ColumnUnion {
  private readonly seen = new Set<string>();
  // align() runs once per downloaded row; rebuilding the array each time would be O(rows x columns) garbage.
  private snapshot: string[] | null = null;

  /** Records the columns of one flattened row. */
  add(entries: Iterable<readonly [string, unknown]>): void {
    for (const [column] of entries) {
      if (!this.seen.has(column)) {
        this.seen.add(column);
        this.snapshot = null;
      }
    }
  }

  /** Every column seen so far, first appearance first. */
  get columns(): string[] {
    this.snapshot ??= [...this.seen];
    return [...this.snapshot];
  }

  get size(): number {
    return this.seen.size;
  }

  /** The row's values in column order, `null` where the row lacks a column. */
  align(entries: Iterable<readonly [string, FlatValue]>): FlatValue[] {
    const byColumn = new Map(entries);
    this.snapshot ??= [...this.seen];
    return this.snapshot.map((column) => byColumn.get(column) ?? null);
  }
}
