import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const SERVICES = ['upload-api', 'mapper', 'enrich-worker', 'billing'] as const;
const root = fileURLToPath(new URL('..', import.meta.url));
const width = Math.max(...SERVICES.map((s) => s.length));

export interface Stack {
  /** Resolves when every service has exited; rejects never. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the four services as child processes with one environment, each output line
 * prefixed with its service name. If one exits on its own, the others are stopped too.
 */
export function startStack(env: NodeJS.ProcessEnv, print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Stack {
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const exits = SERVICES.map((service) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `services/${service}/src/main.ts`], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(service, child);
    const label = `[${service.padEnd(width)}]`;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => print(`${label} ${line}`));
    }
    return new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        children.delete(service);
        if (!stopping) {
          print(`${label} exited (${signal ?? code}); stopping the others`);
          void stop();
        }
        resolve();
      });
    });
  });
  const exited = Promise.all(exits).then(() => undefined);

  async function stop(): Promise<void> {
    stopping = true;
    for (const child of children.values()) child.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const child of children.values()) child.kill('SIGKILL');
    }, 20_000);
    await exited;
    clearTimeout(force);
  }

  return { exited, stop };
}

/** Waits until the API answers /healthz, or throws after `timeoutMs`. */
export async function waitForApi(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
      lastError = `status ${res.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not come up at ${baseUrl}: ${lastError}`);
}
