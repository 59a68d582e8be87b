import { describe, expect, test } from 'vitest';
import { createOpenAIProvider, makeScrubber, parseRetryAfter } from '../../server/src/audit/provider.js';
import { cacheKey, stableStringify } from '../../server/src/audit/cache.js';
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
