import pg from 'pg';

export interface ChannelListener {
  close(): Promise<void>;
}

/**
 * LISTENs on a PostgreSQL channel with a connection of its own, reconnecting after a loss.
 * Notifications only wake the listener early: callers must still poll, since anything sent
 * while the connection was down is gone.
 */
export function listenChannel(
  url: string,
  channel: string,
  onNotify: () => void,
  opts: { onError: (err: Error) => void; retryMs?: number },
): ChannelListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name: ${channel}`);
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, opts.retryMs ?? 5000);
    timer.unref();
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url });
    client = next;
    next.on('notification', onNotify);
    // Only the current connection may schedule a new one: a late event of an old one is ignored.
    const lost = () => {
      if (client !== next) return;
      client = null;
      void next.end().catch(() => undefined);
      retry();
    };
    next.on('error', (err) => {
      if (client === next) opts.onError(err);
      lost();
    });
    next.on('end', lost);
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
      // Whatever arrived while we were away: let the caller look now.
      onNotify();
    } catch (err) {
      if (client === next) opts.onError(err as Error);
      lost();
    }
  }

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
