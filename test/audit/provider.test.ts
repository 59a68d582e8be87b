import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createOpenAIProvider, makeScrubber, parseRetryAfter } from '../../server/src/audit/provider.js';
import { cacheKey, requestKey, stableStringify } from '../../server/src/audit/cache.js';
import { parseAuditSettings } from '../../server/src/audit/config.js';

describe('provider helpers', () => {
  test('Retry-After: retry-after-ms, seconds, HTTP date', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  test('the scrubber masks the key and key-shaped strings', () => {
    const scrub = makeScrubber(['my-secret-key-123']);
    expect(scrub('bad key my-secret-key-123 given')).toBe('bad key *** given');
    expect(scrub('Incorrect API key provided: sk-proj-abcdefgh12345')).toBe('Incorrect API key provided: sk-***');
  });

  test('the cache key covers endpoint, model, parameters and messages, never the key or secret headers', () => {
    const a = createOpenAIProvider({ baseURL: 'http://127.0.0.1:1/v1/', model: 'm', apiKey: 'k1', headers: { 'api-key': 's1', 'x-trace': 't' } });
    const b = createOpenAIProvider({ baseURL: 'http://127.0.0.1:1/v1', model: 'm', apiKey: 'k2', headers: { 'api-key': 's2', 'x-trace': 't' } });
    expect(JSON.stringify(a.identity)).not.toMatch(/k1|s1/);
    const req = { messages: [{ role: 'user' as const, content: 'hi' }], params: { temperature: 0, maxTokens: 10, seed: 0 } };
    expect(cacheKey(a.identity, req)).toBe(cacheKey(b.identity, req));
    expect(cacheKey(a.identity, req)).not.toBe(cacheKey(a.identity, { ...req, params: { ...req.params, seed: 1 } }));
    expect(cacheKey(a.identity, req)).not.toBe(cacheKey({ ...a.identity, model: 'n' }, req));
    expect(stableStringify({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
  });
});

/** stableStringify as first written (entries, filter, sort, map, join): cache files on disk are keyed by its output. */
function referenceStableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceStableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceStableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

describe('stable JSON for cache keys', () => {
  test('gives what the first version gave, so caches written before stay valid', () => {
    const leaf = fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(NaN));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object'), tie('sparse')),
      array: fc.array(tie('node'), { maxLength: 5 }),
      sparse: fc.sparseArray(tie('node'), { maxLength: 6 }),
      object: fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), tie('node'), { maxKeys: 6 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(stableStringify(v)).toBe(referenceStableStringify(v));
      }),
      { numRuns: 2000 },
    );
    expect(stableStringify([1, , 3])).toBe('[1,,3]');
    expect(stableStringify({ a: undefined, b: [undefined, () => 1] })).toBe('{"b":[null,null]}');
  });

  test('requests with equal content have one request key, whatever their key order', () => {
    const a = { messages: [{ role: 'user' as const, content: 'hi' }], params: { temperature: 0, maxTokens: 10 } };
    const b = { params: { maxTokens: 10, temperature: 0 }, messages: [{ content: 'hi', role: 'user' as const }] };
    expect(requestKey(a)).toBe(requestKey(b));
    expect(requestKey(a)).not.toBe(requestKey({ ...a, params: { ...a.params, seed: 1 } }));
  });
});

describe('settings', () => {
  test('defaults, and errors that name the key', () => {
    const s = parseAuditSettings({});
    expect(s.temperature).toBe(0);
    expect(s.checks['option-permutation'].mode).toBe('full');
    expect(s.checks['demographic-swap'].threshold).toBe(0.05);
    expect(() => parseAuditSettings({ concurrency: 0 })).toThrow(/^audit\.concurrency: /);
    expect(() => parseAuditSettings({ checks: { 'always-a': { thresold: 1 } } })).toThrow(/^audit\.checks\.always-a/);
    expect(() => parseAuditSettings({ api_key: 'x' })).toThrow(/API keys never go in settings files/);
  });
});
