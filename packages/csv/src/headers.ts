// Padding and stray quotes that survive tokenizing, e.g. `  "Email"  ` (a quote after spaces is literal).
const SURROUNDING_QUOTES = /^(["'])(.*)\1$/s;

/**
 * Turns raw header cells into unique, trimmed column names: surrounding whitespace and quotes
 * removed, blank cells named `column_<n>` (1-based), and repeated names (case-insensitive)
 * suffixed ` (2)`, ` (3)` in order of appearance.
 */
export function cleanHeaders(rawHeaders: readonly string[]): string[] {
  const names = rawHeaders.map((raw, index) => cleanHeaderCell(raw) || `column_${index + 1}`);
  const taken = new Set(names.map((name) => name.toLowerCase()));
  const seen = new Set<string>();
  // Next suffix to try per repeated name: each suffix is tried once per name, so 16,000 repeats
  // of one name cost 16,000 steps, not 16,000² / 2.
  const nextSuffix = new Map<string, number>();
  return names.map((name) => {
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      return name;
    }
    // Skip suffixes another header already owns, e.g. a literal "Email (2)" column.
    for (let suffix = nextSuffix.get(key) ?? 2; ; suffix += 1) {
      const candidate = `${name} (${suffix})`;
      const candidateKey = candidate.toLowerCase();
      if (!taken.has(candidateKey) && !seen.has(candidateKey)) {
        seen.add(candidateKey);
        taken.add(candidateKey);
        nextSuffix.set(key, suffix + 1);
        return candidate;
      }
    }
  });
}

function cleanHeaderCell(raw: string): string {
  let name = raw.trim();
  for (let match = SURROUNDING_QUOTES.exec(name); match; match = SURROUNDING_QUOTES.exec(name)) {
    name = (match[2] ?? '').trim();
  }
  return name;
}
