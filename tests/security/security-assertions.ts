import assert from 'node:assert/strict';

/** The headers every answer of the upload-api carries, whatever the route and status. */
export function assertSecurityHeaders(headers: Headers, where: string): void {
  assert.equal(headers.get('x-content-type-options'), 'nosniff', `${where}: X-Content-Type-Options`);
  assert.equal(headers.get('x-frame-options'), 'DENY', `${where}: X-Frame-Options`);
  assert.equal(headers.get('referrer-policy'), 'no-referrer', `${where}: Referrer-Policy`);
  assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, `${where}: Content-Security-Policy`);
  assert.equal(headers.get('x-powered-by'), null, `${where}: X-Powered-By`);
  assert.equal(headers.get('access-control-allow-origin'), null, `${where}: Access-Control-Allow-Origin`);
  assert.equal(headers.get('access-control-allow-credentials'), null, `${where}: Access-Control-Allow-Credentials`);
}
