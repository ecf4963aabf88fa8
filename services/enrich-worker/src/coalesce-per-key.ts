/**
 * Calls of `run(key)` for one key coalesce: while one runs, every further call shares a single
 * follow-up run that starts after it ends. Every caller's promise settles after a run that
 * *started after its call* did: a check like "complete the job when no row is left" sees every
 * write its caller committed before calling, with one round trip per in-flight period instead
 * of one per row.
 */
export function coalescePerKey(run: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const inFlight = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const start = (key: string): Promise<void> => {
    const running: Promise<void> = run(key).finally(() => {
      if (inFlight.get(key) === running) inFlight.delete(key);
    });
    inFlight.set(key, running);
    return running;
  };
  return (key) => {
    const running = inFlight.get(key);
    if (!running) return start(key);
    let next = queued.get(key);
    if (!next) {
      const settled = () => undefined;
      next = running.then(settled, settled).then(() => {
        queued.delete(key);
        return start(key);
      });
      queued.set(key, next);
    }
    return next;
  };
}
