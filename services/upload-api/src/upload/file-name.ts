const MAX_FILE_NAME = 200;

/**
 * The name an upload is stored under: only its last path segment (a browser or script may send
 * `C:\Users\me\leads.csv` or `../../etc/passwd`), without control characters, at most 200
 * characters; null when nothing is left. It is only ever shown, never used as a path.
 */
export function safeFileName(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const lastSegment = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return null;
  return cleaned.slice(0, MAX_FILE_NAME);
}
