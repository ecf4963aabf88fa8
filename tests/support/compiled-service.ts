import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { repoRoot } from './test-stack.ts';

/** The Dockerfile's ENTRYPOINT (exec form): what every container runs, with the service appended. */
export function dockerEntrypoint(): string[] {
  const dockerfile = readFileSync(`${repoRoot}Dockerfile`, 'utf8');
  const lines = dockerfile.split('\n').filter((line) => line.startsWith('ENTRYPOINT '));
  const last = lines.at(-1);
  if (!last) throw new Error('Dockerfile has no ENTRYPOINT');
  return JSON.parse(last.slice('ENTRYPOINT '.length)) as string[];
}

/** `npm run build` (incremental: about a second when nothing changed). */
export function buildOnce(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

/** The container command line, run here: `node` is this node binary, the paths are the image's /app layout. */
function commandFor(service: string): { file: string; args: string[] } {
  const [program, ...args] = dockerEntrypoint();
  if (program !== 'node') throw new Error(`ENTRYPOINT must start with node, got ${program}`);
  return { file: process.execPath, args: [...args, service] };
}

export function runCompiledToCompletion(service: string, env: Record<string, string>) {
  const { file, args } = commandFor(service);
  return spawnSync(file, args, { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
}

export interface CompiledService {
  child: ChildProcess;
  port: number;
  lines: string[];
  /** Resident memory now, in MB (Linux /proc). */
  rssMb(): number;
  /** The same split into anonymous memory (heap, malloc) and file pages (the node binary, shared between processes). */
  rssSplitMb(): { anon: number; file: number };
  stop(): Promise<number | null>;
}

/**
 * Starts one service exactly as its container does and resolves once it logs the port it
 * listens on (PORT=0 / HEALTH_PORT=0 pick free ones). Only PATH and `env` are passed: nothing
 * of the test runner (no tsx loader) leaks into the child.
 */
export async function startCompiledService(service: string, env: Record<string, string>, timeoutMs = 60_000): Promise<CompiledService> {
  const { file, args } = commandFor(service);
  const child = spawn(file, args, { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} did not log a port within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${service} exited (${code}) before listening:\n${lines.join('\n')}`));
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        try {
          const entry = JSON.parse(line) as { message?: string; port?: number };
          if ((entry.message === 'health server listening' || entry.message === 'upload-api listening') && typeof entry.port === 'number') {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch {
          // Not a JSON log line (a crash message): kept in `lines` for the failure report.
        }
      });
    }
  });
  return {
    child,
    port,
    lines,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      return kb / 1024;
    },
    rssSplitMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024;
      return { anon: mb('RssAnon'), file: mb('RssFile') };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
