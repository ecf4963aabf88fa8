import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { NOT_CONFIGURATION, defaultOf, envSchemas } from './env-schemas.ts';

/**
 * The README's Configuration table must list exactly the variables the env schemas declare,
 * with the defaults they really have. Row format (one or more names, then the default):
 *   | `NAME` [`default`] | meaning |        | `A`, `B` [unset] | meaning |
 *   | `HEALTH_PORT` [`8081` mapper, `8082` enrich-worker] | ... |   (every service's default listed)
 * A bracket without backticked values and without "unset" (e.g. [per service]) is not compared.
 */
interface Row {
  names: string[];
  bracket: string | null;
  line: number;
}

function configurationRows(readme: string): Row[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^##\s+Configuration\b/.test(l));
  if (start < 0) return [];
  const rows: Row[] = [];
  for (let i = start + 1; i < lines.length && !/^##\s/.test(lines[i]!); i += 1) {
    const line = lines[i]!;
    if (!line.startsWith('|') || /^\|\s*-/.test(line) || /^\|\s*variable\s*\|/i.test(line)) continue;
    const first = line.split('|')[1] ?? '';
    const bracketAt = first.indexOf('[');
    const namesPart = bracketAt >= 0 ? first.slice(0, bracketAt) : first;
    const names = [...namesPart.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!);
    if (names.length === 0) continue;
    rows.push({ names, bracket: bracketAt >= 0 ? first.slice(bracketAt + 1, first.lastIndexOf(']')) : null, line: i + 1 });
  }
  return rows;
}

/** Every difference, each saying which variable is missing or wrong where; empty when they agree. */
export function configurationProblems(readme: string): string[] {
  const rows = configurationRows(readme);
  if (rows.length === 0) return ['README.md has no "## Configuration" section with a variables table'];
  const documented = new Map<string, Row>();
  const problems: string[] = [];
  for (const row of rows) {
    for (const name of row.names) {
      if (documented.has(name)) problems.push(`README.md line ${row.line}: \`${name}\` has a second row (first on line ${documented.get(name)!.line})`);
      documented.set(name, row);
    }
  }

  const declared = new Map<string, Array<{ file: string; fallback: string | undefined; field: z.ZodType }>>();
  for (const { file, schema } of envSchemas) {
    for (const key of Object.keys(schema.shape)) {
      if (NOT_CONFIGURATION.has(key)) continue;
      const list = declared.get(key) ?? [];
      // A service schema repeats the shared ones; name the file that declares it first.
      if (!list.some((d) => d.fallback === defaultOf(schema, key))) list.push({ file, fallback: defaultOf(schema, key), field: schema.shape[key] as z.ZodType });
      declared.set(key, list);
    }
  }
  /** The README's value means the schema's default when the schema reads it as the same thing (`1` = true, `20/1h` = its rule). */
  const sameAsDefault = (field: z.ZodType, value: string) => {
    const given = field.safeParse(value);
    const fallback = field.safeParse(undefined);
    return given.success && fallback.success && isDeepStrictEqual(given.data, fallback.data);
  };
  /** A value the schema cannot read (`min(A + 2, 40)`) describes a computed default; it is not compared. */
  const readable = (field: z.ZodType, value: string) => field.safeParse(value).success;
  /** "Unset" is what a schema that maps absence to false (a flag, TRUST_PROXY) means too. */
  const unsetMeans = (field: z.ZodType) => {
    const fallback = field.safeParse(undefined);
    return fallback.success && (fallback.data === undefined || fallback.data === null || fallback.data === false);
  };

  for (const [name, where] of declared) {
    if (!documented.has(name)) {
      problems.push(`\`${name}\` is declared in ${where.map((w) => w.file).join(' and ')} but has no row in README.md's Configuration table: add "| \`${name}\` [${where[0]!.fallback === undefined ? 'unset' : `\`${where[0]!.fallback}\``}] | what it does |"`);
    }
  }
  for (const [name, row] of documented) {
    const where = declared.get(name);
    if (!where) {
      problems.push(`README.md line ${row.line} documents \`${name}\`, but no env schema declares it (${envSchemas.map((e) => e.file).join(', ')}): add it to the service's env.ts or remove the row`);
      continue;
    }
    if (row.bracket === null) {
      problems.push(`README.md line ${row.line}: \`${name}\` has no [default] in brackets`);
      continue;
    }
    const values = [...row.bracket.matchAll(/`([^`]*)`/g)].map((m) => m[1]!);
    const unset = /\bunset\b/.test(row.bracket);
    for (const { file, fallback, field } of where) {
      if (fallback === undefined && values.length > 0 && !unset && values.some((v) => readable(field, v))) {
        problems.push(`README.md line ${row.line}: \`${name}\` shows default ${values.map((v) => `\`${v}\``).join(', ')}, but ${file} has no default (write [unset])`);
      } else if (fallback !== undefined && unset && values.length === 0 && !unsetMeans(field)) {
        problems.push(`README.md line ${row.line}: \`${name}\` says [unset], but ${file} defaults to \`${fallback}\``);
      } else if (fallback !== undefined && values.length > 0 && !values.some((v) => v === fallback || sameAsDefault(field, v))) {
        problems.push(`README.md line ${row.line}: \`${name}\` shows default ${values.map((v) => `\`${v}\``).join(', ')}, but ${file} defaults to \`${fallback}\``);
      }
    }
  }
  return problems;
}
