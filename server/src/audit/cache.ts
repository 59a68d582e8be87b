/**
 * Content-addressed response cache. The key is a SHA-256 of the endpoint
 * identity (base URL, model, non-secret headers), the sampling parameters and
 * the messages; the API key is never part of it. Each entry is one JSON file,
 * written to a temp file and renamed into place, so an interrupted run leaves
 * either a whole entry or none. A corrupt entry reads as a miss and is rewritten.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CallRequest, CompletionResponse } from './types.js';

export interface ResponseCache {
  get(key: string): Promise<CompletionResponse | undefined>;
  set(key: string, value: CompletionResponse): Promise<void>;
}

/** Stable JSON: object keys sorted, so equal content hashes equally. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function cacheKey(identity: Record<string, unknown>, req: CallRequest): string {
  return createHash('sha256').update(stableStringify({ v: 1, identity, params: req.params, messages: req.messages })).digest('hex');
}

export class MemoryCache implements ResponseCache {
  private readonly map = new Map<string, CompletionResponse>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: CompletionResponse) {
    this.map.set(key, value);
  }
}

function isResponse(v: unknown): v is CompletionResponse {
  return !!v && typeof v === 'object' && typeof (v as CompletionResponse).text === 'string';
}

export class DiskCache implements ResponseCache {
  /** Entries found unreadable or corrupt (then treated as misses and rewritten). */
  corrupt = 0;

  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CompletionResponse | undefined> {
    let raw: string;
    try {
      raw = await fs.readFile(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(raw) as { version?: unknown; key?: unknown; response?: unknown };
      if (entry.version === 1 && entry.key === key && isResponse(entry.response)) return entry.response;
    } catch {
      // fall through
    }
    this.corrupt++;
    return undefined;
  }

  async set(key: string, value: CompletionResponse): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = path.join(path.dirname(file), `.${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await fs.writeFile(tmp, JSON.stringify({ version: 1, key, response: value }) + '\n', 'utf8');
    try {
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }
}
