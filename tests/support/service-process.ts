import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './test-stack.ts';

export type ServiceName = 'upload-api' | 'mapper' | 'enrich-worker' | 'billing';

const readyLine: Record<ServiceName, string> = {
  'upload-api': 'upload-api listening',
  mapper: 'mapper started',
  'enrich-worker': 'enrich-worker started',
  billing: 'billing started',
};

/** A service run as its own process (`node --import tsx services/<name>/src/main.ts`), as an operator runs it. */
export class ServiceProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';

  constructor(
    readonly name: ServiceName,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
      cwd: repoRoot,
      env: { ...process.env, LOG_SILENT: '0', HEALTH_PORT: '0', ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.ready = new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-200_000);
        if (this.output.includes(readyLine[name])) resolve();
      };
      this.child.stdout!.on('data', onData);
      this.child.stderr!.on('data', onData);
      void this.exited.then(({ code, signal }) => reject(new Error(`${name} exited before it was ready (${code ?? signal}): ${this.output.slice(-2000)}`)));
    });
    // Once ready, an exit is reported by `exited`; the rejection above must not go unhandled.
    this.ready.catch(() => undefined);
  }

  /** The last lines the process wrote (for assertion messages). */
  tail(chars = 3000): string {
    return this.output.slice(-chars);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** Ends the process if it still runs (test clean-up). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Starts an enrich-worker process against the test stack's database and queue prefix. */
export async function startWorkerProcess(stackEnv: Record<string, string>, overrides: Record<string, string> = {}): Promise<ServiceProcess> {
  const worker = new ServiceProcess('enrich-worker', { ...pick(stackEnv), ...overrides });
  await worker.ready;
  return worker;
}

function pick(env: Record<string, string>): Record<string, string> {
  const keys = ['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'ENRICH_DIRECTORY_PATH', 'BATCH_ENRICH_ROW_PRICE_USD', 'BATCH_ENRICH_MIN_BALANCE_USD'];
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k]!]));
}

/** Polls `check` until it returns a value other than undefined/false; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
