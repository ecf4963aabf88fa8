// Before `npm run demo`, `npm start` and `npm test` touch PostgreSQL or Redis: is each one
// listening? A newcomer gets one line naming what is missing and how to start it, never a trace.
import { connect } from 'node:net';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/batch_enrich';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function endpoint(url, fallbackPort) {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || fallbackPort) };
  } catch {
    return null;
  }
}

function reachable({ host, port }, timeoutMs) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Null when both answer, else the one line to print. */
export async function infrastructureProblem(env = process.env, timeoutMs = 2000) {
  const wanted = [
    ['PostgreSQL', 'DATABASE_URL', env.DATABASE_URL || DEFAULT_DATABASE_URL, 5432, 'postgres', 'postgresql'],
    ['Redis', 'REDIS_URL', env.REDIS_URL || DEFAULT_REDIS_URL, 6379, 'redis', 'redis-server'],
  ];
  const missing = [];
  for (const [name, variable, url, port, service, aptPackage] of wanted) {
    const target = endpoint(url, port);
    if (!target) missing.push({ what: `${name} (${variable} is not a valid URL)`, variable, service, aptPackage });
    else if (!(await reachable(target, timeoutMs))) missing.push({ what: `${name} at ${target.host}:${target.port}`, variable, service, aptPackage });
  }
  if (missing.length === 0) return null;
  const names = (key) => missing.map((m) => m[key]).join(' ');
  return (
    `${missing.map((m) => m.what).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not reachable: ` +
    `start ${missing.length === 1 ? 'it' : 'them'} with \`docker compose up -d ${names('service')}\` ` +
    `(or \`sudo apt-get install ${names('aptPackage')}\`), or set ${missing.map((m) => m.variable).join('/')} to a running one.`
  );
}

/** Prints the line and exits 1 when PostgreSQL or Redis is missing. */
export async function requireInfrastructure(env = process.env) {
  const problem = await infrastructureProblem(env);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
