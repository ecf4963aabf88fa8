// Container health check without curl: `node bin/healthcheck.mjs <port> [/readyz]` exits 0 on HTTP 200.
const [port = process.env.PORT ?? '8080', path = '/readyz'] = process.argv.slice(2);
try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) });
  if (res.ok) process.exit(0);
  console.error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
} catch (err) {
  console.error(`${path} unreachable: ${err.message}`);
}
process.exit(1);
