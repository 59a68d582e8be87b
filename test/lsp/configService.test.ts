/** ConfigService: per-document configs are cached until clear(), and shared between the documents of a folder. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'vscode-languageserver';
import { ConfigService, settingsRules } from '../../server/src/lsp/config.js';

const RULE = 'answer-position-skew';
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'biaslens-config-service-'));
  mkdirSync(path.join(tmp, 'sub'));
  writeFileSync(path.join(tmp, '.biaslens.json'), JSON.stringify({ rules: { [RULE]: 'hint' }, audit: { baseUrl: 'http://127.0.0.1:1/v1' } }));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A connection that answers workspace/configuration with `settings()` and counts the requests. */
function fakeConnection(settings: () => unknown) {
  const counts = { configuration: 0 };
  const connection = {
    workspace: {
      getConfiguration: async () => {
        counts.configuration++;
        return settings();
      },
    },
    sendDiagnostics: async () => undefined,
  } as unknown as Connection;
  return { connection, counts };
}

const uri = (name: string) => pathToFileURL(path.join(tmp, name)).href;

describe('ConfigService document configs', () => {
  it('forget(uri) drops one document\'s cached config and keeps the shared merged config', async () => {
    const { connection, counts } = fakeConnection(() => ({ rules: { [RULE]: 'error' } }));
    const configs = new ConfigService(connection, () => [pathToFileURL(tmp).href], () => true);
    configs.setCanPullSettings(true);
    const a = await configs.forDocumentWithExclusion(uri('a.prompt'));
    const b = await configs.forDocumentWithExclusion(uri('b.prompt'));
    configs.forget(uri('a.prompt'));
    const a2 = await configs.forDocumentWithExclusion(uri('a.prompt'));
    expect(a2).not.toBe(a); // computed again
    expect(a2.config).toBe(a.config); // from the same folder's merged config
    expect(await configs.forDocumentWithExclusion(uri('b.prompt'))).toBe(b); // others untouched
    expect(counts.configuration).toBe(1);
  });

  it('asks once per folder, and gives every document of the folder the same config object until clear()', async () => {
    let settings: unknown = { rules: { [RULE]: ['warning', { minExemplars: 3 }] } };
    const { connection, counts } = fakeConnection(() => settings);
    const configs = new ConfigService(connection, () => [pathToFileURL(tmp).href], () => true);
    configs.setCanPullSettings(true);

    const a = await configs.forDocumentWithExclusion(uri('a.prompt'));
    const again = await configs.forDocumentWithExclusion(uri('a.prompt'));
    const b = await configs.forDocumentWithExclusion(uri('b.prompt'));
    expect(again).toBe(a);
    // The same object, so the engine's caches keyed by the rule options hit on every keystroke.
    expect(b.config).toBe(a.config);
    expect(a.config.rules[RULE]).toEqual(['warning', { minExemplars: 3 }]);
    expect(a.excluded).toBe(false);
    expect(counts.configuration).toBe(1);

    settings = { rules: { [RULE]: 'off' }, exclude: ['**/b.prompt'] };
    configs.clear();
    const a2 = await configs.forDocumentWithExclusion(uri('a.prompt'));
    const b2 = await configs.forDocumentWithExclusion(uri('b.prompt'));
    expect(a2.config).not.toBe(a.config);
    expect(a2.config.rules[RULE]).toBe('off');
    expect(a2.excluded).toBe(false);
    expect(b2.excluded).toBe(true);
    expect(counts.configuration).toBe(2);
  });

  it('a folder with its own config file gets its own config; Restricted Mode drops the audit endpoint until trust changes', async () => {
    writeFileSync(path.join(tmp, 'sub', '.biaslens.json'), JSON.stringify({ rules: { [RULE]: 'info' } }));
    let trusted = false;
    const { connection } = fakeConnection(() => ({}));
    const configs = new ConfigService(connection, () => [pathToFileURL(tmp).href], () => trusted);
    configs.setCanPullSettings(true);
    const top = await configs.forDocumentWithExclusion(uri('top.prompt'));
    const sub = await configs.forDocumentWithExclusion(uri('sub/x.prompt'));
    expect(top.config.rules[RULE]).toBe('hint');
    expect(sub.config.rules[RULE]).toBe('info');
    expect(top.config.audit.baseUrl).toBeUndefined();

    trusted = true;
    configs.clear(); // the server clears on every trust change
    const trustedTop = await configs.forDocumentWithExclusion(uri('top.prompt'));
    expect(trustedTop.config.audit.baseUrl).toBe('http://127.0.0.1:1/v1');
  });

  it('does not remember a failure: the next request computes the config again', async () => {
    let fail = true;
    const { connection } = fakeConnection(() => ({}));
    const folders = () => {
      if (fail) throw new Error('folders not known yet');
      return [pathToFileURL(tmp).href];
    };
    const configs = new ConfigService(connection, folders, () => true);
    await expect(configs.forDocumentWithExclusion(uri('a.prompt'))).rejects.toThrow('folders not known yet');
    fail = false;
    const ok = await configs.forDocumentWithExclusion(uri('a.prompt'));
    expect(ok.config.rules[RULE]).toBe('hint');
  });
});

describe('biaslens.rules editor settings', () => {
  it('keep valid entries and report unknown ids, bad options and bad shapes, with why', () => {
    const r = settingsRules({
      'gendered-term': ['warning', { allow: ['Chairman'] }],
      'gendred-term': 'off',
      'label-imbalance': ['warning', { maxShare: 5 }],
      'recency-run': 42,
    });
    expect(r.rules).toEqual({ 'gendered-term': ['warning', { allow: ['Chairman'] }] });
    expect(r.invalid).toHaveLength(3);
    expect(r.invalid).toContain('recency-run');
    expect(r.invalid).toContain('gendred-term (Unknown rule "gendred-term".)');
    expect(r.invalid.find((i) => i.startsWith('label-imbalance ('))).toMatch(/Invalid option maxShare for rule "label-imbalance"/);
  });

  it('report Object.prototype names as unknown rule ids, __proto__ too, without touching a prototype', () => {
    // As VS Code hands settings over: parsed JSON, where "__proto__" is an own key.
    for (const value of ['"off"', '["off"]', '["warning", {}]', '{"gendered-term": "off"}']) {
      const r = settingsRules(JSON.parse(`{"__proto__": ${value}, "constructor": "off", "gendered-term": "warning"}`));
      expect(Object.getPrototypeOf(r.rules)).toBe(Object.prototype);
      expect({ ...r.rules }).toEqual({ 'gendered-term': 'warning' });
      const invalid = value.startsWith('{') ? '__proto__' : '__proto__ (Unknown rule "__proto__".)';
      expect(r.invalid.sort()).toEqual([invalid, 'constructor (Unknown rule "constructor".)'].sort());
    }
  });
});
