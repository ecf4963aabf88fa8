/** A failure the CLI reports on stderr and turns into an exit code (1: API or network, 2: usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface ApiErrorBody {
  error?: { code?: string; message?: string };
}

/** The API over fetch: bearer from flags or env, the API's own error message on failure. */
export class CliApi {
  constructor(
    readonly base: string,
    private readonly token: string | undefined,
  ) {}

  private headers(extra: Record<string, string> = {}, auth = true): Record<string, string> {
    if (auth && !this.token) throw new CliError('No token: pass --token or set BATCH_ENRICH_TOKEN (mint one with "batch-enrich mint").', 2);
    return { ...(auth ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  /** The raw response (for streams); network errors become a CliError naming the base URL. */
  async raw(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string>; auth?: boolean; signal?: AbortSignal } = {}) {
    try {
      return await fetch(`${this.base}${path}`, { method, body: init.body, headers: this.headers(init.headers, init.auth ?? true), signal: init.signal });
    } catch (err) {
      if (err instanceof CliError) throw err;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`cannot reach ${this.base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
  }

  /** A JSON call; any non-2xx answer becomes a CliError carrying the API's message and code. */
  async json<T = unknown>(
    method: string,
    path: string,
    init: { json?: unknown; form?: FormData; auth?: boolean; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const body = init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json));
    const headers: Record<string, string> = { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
    const res = await this.raw(method, path, { body, headers, auth: init.auth });
    const text = await res.text();
    if (!res.ok) throw apiError(res.status, text);
    return (text ? JSON.parse(text) : null) as T;
  }
}

export function apiError(status: number, text: string): CliError {
  let body: ApiErrorBody = {};
  try {
    body = JSON.parse(text) as ApiErrorBody;
  } catch {
    // Not JSON (a proxy's HTML page, say): show the start of it.
  }
  const message = body.error?.message ?? (text.slice(0, 200) || 'no message');
  return new CliError(`${message} [${body.error?.code ?? 'error'}, HTTP ${status}]`);
}
