/**
 * Validation problems quote what the model answered, and a model may answer with a cell value
 * where a header belongs. For the log, a quoted name stays only when it is one of the file's
 * headers (header names are not lead data); anything else is replaced wherever it appears.
 */
export function logSafeProblems(problems: string[], headers: string[]): string[] {
  const known = new Set(headers);
  return problems.map((problem) => {
    const unknown = new Set<string>();
    for (const match of problem.matchAll(/'([^']*)'|"([^"]*)"/g)) {
      const quoted = match[1] ?? match[2] ?? '';
      if (quoted !== '' && !known.has(quoted)) unknown.add(quoted);
    }
    let safe = problem;
    // Longest first, so a value containing a shorter one is replaced whole.
    for (const text of [...unknown].sort((a, b) => b.length - a.length)) safe = safe.split(text).join('[not a header]');
    return safe;
  });
}
