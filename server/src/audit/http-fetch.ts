/**
 * The `fetch` the provider gives the `openai` SDK: one request through `node:http`
 * or `node:https` on a keep-alive agent, its whole body read (and decompressed, as
 * fetch does), then handed back as a standard `Response`. The SDK needs no more of fetch for a chat completion (a JSON
 * body, a JSON or text answer). Node's global fetch (undici) costs more CPU per
 * call, and an audit makes hundreds of calls: in `bench/audit.bench.mjs` at 50 ms
 * latency, 360 calls took 0.73-0.91 s of the client's CPU through the global fetch
 * and 0.51-0.56 s through this one (4 interleaved pairs; docs/benchmarks.md).
 *
 * Anything else goes to the global fetch: a body that is a stream or form data, a
 * URL it cannot read, and a redirect (the request is sent again through the global
 * fetch, which follows it as fetch does, and drops the API key's header when the
 * redirect leaves the origin). Errors keep the shapes the SDK tells apart: an abort
 * rejects with the signal's `AbortError`, and a refused, reset or broken connection
 * with the socket's error.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/**
 * The largest response body read (after decompression). A chat completion, even with
 * logprobs for thousands of tokens, is a few MiB; a larger body is a broken or hostile
 * endpoint, and reading it whole would hold it in memory, and then in the cache.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A response that arrived but cannot be used: larger than MAX_RESPONSE_BYTES, or not decodable. */
export class BadResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadResponseError';
  }
}

/** Statuses whose response has no body (a `Response` with one throws). */
const NULL_BODY_STATUS = new Set([204, 205, 304]);

type FetchInput = Parameters<typeof fetch>[0];
type FetchInit = NonNullable<Parameters<typeof fetch>[1]>;

function requestBody(body: FetchInit['body']): string | Uint8Array | undefined | false {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return false;
}

function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('This operation was aborted', 'AbortError');
}

export function httpFetch(input: FetchInput, init: FetchInit = {}): Promise<Response> {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
  const body = requestBody(init.body);
  const url = href === undefined ? undefined : URL.canParse(href) ? new URL(href) : undefined;
  if (!url || body === false || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fetch(input, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<Response>((resolve, reject) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      request.destroy();
      reject(error);
    };
    const onAbort = () => fail(abortError(signal!));
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) fail(new BadResponseError(`the response body is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`));
        else chunks.push(chunk);
      });
      response.on('error', fail);
      // A connection that closes before the body ends is a broken response, not a short one.
      response.on('close', () => {
        if (!response.complete) fail(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }));
      });
      response.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location !== undefined) {
          resolve(fetch(input, init));
          return;
        }
        if (status < 200 || status > 599) {
          reject(new Error(`invalid HTTP status ${status}`));
          return;
        }
        const responseHeaders = new Headers();
        const raw = response.rawHeaders;
        for (let i = 0; i + 1 < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
        let content: Buffer;
        try {
          content = decoded(Buffer.concat(chunks), response.headers['content-encoding']);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          reject(
            new BadResponseError(
              code === 'ERR_BUFFER_TOO_LARGE' ? `the response body is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB once decompressed` : `the response body does not decompress (${(error as Error).message})`,
            ),
          );
          return;
        }
        resolve(new Response(NULL_BODY_STATUS.has(status) ? null : content, { status, statusText: response.statusMessage ?? '', headers: responseHeaders }));
      });
    });
    request.on('error', fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

/**
 * The body as the global fetch hands it over: decompressed when the server compressed it
 * (it may, when a user's extra headers ask for it), as it is for an encoding it does not know.
 */
function decoded(body: Buffer, encoding: string | undefined): Buffer {
  // A small compressed body can expand to gigabytes: the same limit holds after decompression.
  const limit = { maxOutputLength: MAX_RESPONSE_BYTES };
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body, limit);
    case 'deflate':
      return zlib.inflateSync(body, limit);
    case 'br':
      return zlib.brotliDecompressSync(body, limit);
    default:
      return body;
  }
}
