// The provider's fetch (node:http on a keep-alive agent), against a real HTTP server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { httpFetch } from '../../server/src/audit/http-fetch.js';

/** The provider's response size limit (http-fetch.ts MAX_RESPONSE_BYTES), written out so the test means the same before and after. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
import { createOpenAIProvider, ProviderError } from '../../server/src/audit/provider.js';

let server: http.Server;
let base = '';
/** A second server, for a redirect to another origin: it answers with the authorization header it got. */
let otherServer: http.Server;
let other = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      // /slow/... (any path under it: the provider test's base URL is /slow).
      switch (url.pathname.startsWith('/slow') ? '/slow' : url.pathname) {
        case '/echo':
          res.writeHead(201, 'Made', [
            ['content-type', 'application/json'],
            ['x-many', 'one'],
            ['x-many', 'two'],
          ]);
          res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'], auth: req.headers.authorization, port: req.socket.remotePort }));
          return;
        case '/moved':
          res.writeHead(307, { location: '/echo' }).end();
          return;
        case '/away':
          // Another origin: the same host on another server's port.
          res.writeHead(307, { location: `${other}/echo` }).end();
          return;
        case '/gzip':
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gzipSync(JSON.stringify({ squeezed: true })));
          return;
        case '/empty':
          res.writeHead(204).end();
          return;
        case '/slow':
          setTimeout(() => res.writeHead(200).end('late'), 2_000);
          return;
        case '/huge/chat/completions': {
          // A body past the limit, in 1 MiB chunks: the client must stop reading it.
          res.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(1 << 20, 0x61);
          let sent = 0;
          const more = () => {
            while (sent <= MAX_RESPONSE_BYTES && !res.destroyed) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', more);
            }
            res.end();
          };
          res.on('error', () => {});
          more();
          return;
        }
        case '/bomb/chat/completions':
          // A few KiB of gzip that expand past the limit.
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gzipSync(Buffer.alloc(MAX_RESPONSE_BYTES + 1, 0x61)));
          return;
        case '/plain/chat/completions':
          // A JSON answer labelled text/plain, as some proxies send it.
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'The best answer is: (B)' } }] }));
          return;
        case '/parrot/chat/completions':
          // A debug endpoint that repeats the request's authorization header in its answer.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: `You sent ${req.headers.authorization}. The best answer is: (A)` } }] }));
          return;
        case '/cut':
          // Promises 100 bytes, sends 5, then drops the connection.
          res.writeHead(200, { 'content-length': '100' });
          res.write('{"a":');
          setTimeout(() => req.socket.destroy(), 20);
          return;
        default:
          res.writeHead(404).end('no');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  otherServer = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ auth: req.headers.authorization ?? null })));
  });
  await new Promise<void>((resolve) => otherServer.listen(0, '127.0.0.1', resolve));
  other = `http://127.0.0.1:${(otherServer.address() as AddressInfo).port}`;
});

/** A port on 127.0.0.1 that nothing listens on (a server's, after it closed). */
async function closedPort(): Promise<number> {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  return port;
}

afterAll(async () => {
  for (const s of [server, otherServer]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe('httpFetch', () => {
  test('sends method, headers and body; returns status, text, every header value and the body', async () => {
    const res = await httpFetch(`${base}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer k' }, body: '{"q":1}' });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(res.ok).toBe(true);
    expect(res.headers.get('x-many')).toBe('one, two');
    expect(await res.json()).toMatchObject({ method: 'POST', body: '{"q":1}', type: 'application/json', auth: 'Bearer k' });
  });

  test('keeps the connection alive between calls', async () => {
    const a = (await (await httpFetch(`${base}/echo`)).json()) as { port: number };
    const b = (await (await httpFetch(new URL(`${base}/echo`))).json()) as { port: number };
    expect(b.port).toBe(a.port);
  });

  test('a 204 has an empty body, a 404 is a response (not an error)', async () => {
    const empty = await httpFetch(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    const missing = await httpFetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('no');
  });

  test('an abort, before or during the call, rejects with an AbortError', async () => {
    const before = new AbortController();
    before.abort();
    await expect(httpFetch(`${base}/slow`, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    const pending = httpFetch(`${base}/slow`, { signal: during.signal });
    setTimeout(() => during.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('a body cut short, and a refused connection, reject', async () => {
    await expect(httpFetch(`${base}/cut`)).rejects.toThrow();
    const port = await closedPort();
    await expect(httpFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  test('a redirect is followed as fetch follows it, and the key does not go to another origin', async () => {
    const res = await httpFetch(`${base}/moved`, { method: 'POST', headers: { Authorization: 'Bearer k' }, body: 'again' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ method: 'POST', body: 'again', auth: 'Bearer k' });
    const away = await httpFetch(`${base}/away`, { method: 'POST', headers: { Authorization: 'Bearer k' }, body: 'x' });
    expect(await away.json()).toEqual({ auth: null });
  });

  test('a compressed body is handed over decompressed, as the global fetch does', async () => {
    const res = await httpFetch(`${base}/gzip`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(await res.json()).toEqual({ squeezed: true });
  });

  test('a streamed body goes to the global fetch', async () => {
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('streamed'));
        c.close();
      },
    });
    const res = await httpFetch(`${base}/echo`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await res.json()).toMatchObject({ body: 'streamed' });
  });
});

describe('the provider on httpFetch', () => {
  test('a refused connection is a retryable connection error, a timeout a timeout', async () => {
    const port = await closedPort();
    const req = { messages: [{ role: 'user' as const, content: 'hi' }], params: { temperature: 0, maxTokens: 5 } };
    const refused = await createOpenAIProvider({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'm' }).complete(req as never).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ kind: 'connection', retryable: true });
    const slow = await createOpenAIProvider({ baseURL: `${base}/slow`, model: 'm', timeoutMs: 100 }).complete(req as never).catch((e: unknown) => e);
    expect(slow).toMatchObject({ kind: 'timeout' });
  });
});

describe('answers the provider does not take as they come', () => {
  const req = { messages: [{ role: 'user' as const, content: 'hi' }], params: { temperature: 0, maxTokens: 5 } };

  test('a body past the size limit, or one that decompresses past it, is a malformed response, not a connection failure', async () => {
    for (const where of ['huge', 'bomb']) {
      const err = await createOpenAIProvider({ baseURL: `${base}/${where}`, model: 'm' }).complete(req as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/^malformed response: the response body is larger than 64 MiB/) });
    }
  });

  test('a JSON answer sent as text/plain is read', async () => {
    const r = await createOpenAIProvider({ baseURL: `${base}/plain`, model: 'm' }).complete(req as never);
    expect(r.text).toBe('The best answer is: (B)');
  });

  test('an answer that repeats the API key has it masked (so it reaches no report and no cache)', async () => {
    const key = 'my-secret-key-0123456789';
    const r = await createOpenAIProvider({ baseURL: `${base}/parrot`, model: 'm', apiKey: key }).complete(req as never);
    expect(r.text).toBe('You sent Bearer ***. The best answer is: (A)');
  });
});
