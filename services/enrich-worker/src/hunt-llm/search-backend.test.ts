import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createSearxngBackend, pageText } from './search-backend.ts';

let base = '';
const server = createServer((req, res) => {
  if (req.url === '/search?q=acme+co&format=json') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ results: [{ title: 'Acme', url: 'https://acme.example/', content: 'Acme Co, Erie PA' }, { title: 'no url' }] }));
  } else if (req.url === '/hop') {
    res.writeHead(302, { location: '/page' });
    res.end();
  } else if (req.url === '/page') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><script>steal()</script><style>p{}</style><p>Acme &amp; Sons</p>\n<p>Owner: Ana</p></html>');
  } else {
    res.writeHead(404);
    res.end();
  }
});
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
});

const backend = (allowPrivate: boolean) => createSearxngBackend({ baseUrl: base, maxResults: 5, pageChars: 100, allowPrivate });
const signal = () => AbortSignal.timeout(5000);

test('search speaks SearXNG JSON; results without a url are dropped', async () => {
  assert.deepEqual(await backend(true).search('acme co', signal()), [{ title: 'Acme', url: 'https://acme.example/', snippet: 'Acme Co, Erie PA' }]);
});

test('pages: visible text only, redirects followed; private hosts refused at every hop unless allowed', async () => {
  assert.equal(await backend(true).fetchPage(`${base}/hop`, signal()), 'Acme & Sons Owner: Ana');
  await assert.rejects(backend(false).fetchPage(`${base}/page`, signal()), /private or loopback/);
  await assert.rejects(backend(true).fetchPage('file:///etc/passwd', signal()), /only http/);
  await assert.rejects(backend(false).fetchPage('http://10.0.0.1/', signal()), /private or loopback/);
  await assert.rejects(backend(true).fetchPage(`${base}/nothing`, signal()), /404/);
  assert.equal(pageText('<b>a</b>\n\n<i>b</i>'), 'a b');
});
