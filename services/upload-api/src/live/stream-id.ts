/** Redis stream ids (`<ms>-<seq>`) are our SSE ids: parse, compare, validate. */
const STREAM_ID = /^(\d{1,16})-(\d{1,16})$/;

export function isStreamId(value: string | undefined | null): value is string {
  return typeof value === 'string' && STREAM_ID.test(value);
}

/** Negative when a comes first. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}
