import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigResolver,
  clearConfigCache,
  formatConfigError,
  loadConfigFile,
  resolveConfigForFile,
} from '../../server/src/config/load.js';
import { isExcluded, isIncluded, shouldLint } from '../../server/src/config/globs.js';
import { DEFAULT_INCLUDE, DEFAULT_MAX_FILE_SIZE } from '../../server/src/config/schema.js';

let tmp: string;

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-config-')));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('ConfigResolver discovery', () => {
  it('fills what no config file sets with the defaults', () => {
    write('.biaslens.json', '{"root": true}');
    const file = write('a/b/x.prompt', 'Q: hi');
    const { config, errors } = new ConfigResolver().forFile(file);
    expect(errors).toEqual([]);
    expect(config.maxFileSize).toBe(DEFAULT_MAX_FILE_SIZE);
    expect(config.include).toEqual(DEFAULT_INCLUDE);
    expect(config.sources).toEqual([path.join(tmp, '.biaslens.json')]);
  });

  it('merges parent to child, nearest wins, rules per key', () => {
    write('.biaslens.yaml', 'root: true\nmaxFileSize: 100\nallow: [Postman]\nrules:\n  parse-error: warning\n  file-error: off\n');
    write('sub/.biaslens.json', '{ "rules": { "parse-error": "info" }, "allow": ["Jenkins"] }');
    const file = write('sub/deeper/x.prompt', '');
    const { config, errors } = new ConfigResolver().forFile(file);
    expect(errors).toEqual([]);
    expect(config.maxFileSize).toBe(100);
    expect(config.rules).toEqual({ 'parse-error': 'info', 'file-error': 'off' });
    expect(config.allow).toEqual(['Postman', 'Jenkins']);
    expect(config.sources).toEqual([path.join(tmp, '.biaslens.yaml'), path.join(tmp, 'sub/.biaslens.json')]);
  });

  it('stops at a config with root: true', () => {
    write('.biaslens.json', '{ "root": true, "maxFileSize": 5 }');
    write('proj/.biaslens.yml', 'root: true\nallow: [a]\n');
    const file = write('proj/x.prompt', '');
    const { config } = new ConfigResolver().forFile(file);
    expect(config.maxFileSize).toBe(DEFAULT_MAX_FILE_SIZE);
    expect(config.sources).toEqual([path.join(tmp, 'proj/.biaslens.yml')]);
  });

  it('prefers .biaslens.json over .biaslens.yaml in one folder', () => {
    write('.biaslens.json', '{ "root": true, "maxFileSize": 7 }');
    write('.biaslens.yaml', 'root: true\nmaxFileSize: 8\n');
    expect(new ConfigResolver().forFolder(tmp).config.maxFileSize).toBe(7);
  });

  it('with a fixed config file, uses only that file', () => {
    write('.biaslens.json', '{ "root": true, "maxFileSize": 5 }');
    const fixed = write('elsewhere/custom.yaml', 'maxFileSize: 9\n');
    const r = new ConfigResolver({ configFile: fixed });
    expect(r.forFile(path.join(tmp, 'x.prompt')).config.maxFileSize).toBe(9);
    expect(r.forFile(path.join(tmp, 'x.prompt')).config.sources).toEqual([fixed]);
  });

  it('caches per folder until the cache is cleared', () => {
    write('.biaslens.json', '{ "root": true, "maxFileSize": 5 }');
    const file = path.join(tmp, 'x.prompt');
    const r = new ConfigResolver();
    expect(r.forFile(file).config.maxFileSize).toBe(5);
    write('.biaslens.json', '{ "root": true, "maxFileSize": 6 }');
    expect(r.forFile(file).config.maxFileSize).toBe(5);
    r.clearCache();
    expect(r.forFile(file).config.maxFileSize).toBe(6);

    expect(resolveConfigForFile(file).config.maxFileSize).toBe(6);
    write('.biaslens.json', '{ "root": true, "maxFileSize": 4 }');
    expect(resolveConfigForFile(file).config.maxFileSize).toBe(6);
    clearConfigCache();
    expect(resolveConfigForFile(file).config.maxFileSize).toBe(4);
  });

  it('carries errors from every contributing file, with the file name', () => {
    write('.biaslens.yaml', 'root: true\nmaxFileSize: big\n');
    write('sub/.biaslens.json', '{\n  "nope": 1\n}');
    const { errors, config } = new ConfigResolver().forFile(path.join(tmp, 'sub/x.prompt'));
    expect(errors.map((e) => [path.relative(tmp, e.file), e.line, e.column, e.keyPath])).toEqual([
      ['.biaslens.yaml', 2, 14, 'maxFileSize'],
      [path.join('sub', '.biaslens.json'), 2, 3, 'nope'],
    ]);
    expect(config.maxFileSize).toBe(DEFAULT_MAX_FILE_SIZE);
    expect(formatConfigError(errors[1]!, 'sub/.biaslens.json')).toMatch(/^sub\/\.biaslens\.json:2:3: nope: Unknown key "nope"\./);
  });

  it('reads a config file as prompt files are read: UTF-16 and byte order marks; binary is one error', () => {
    const json = '{\n  "rules": { "gendered-term": "off" },\n  "nope": 1\n}\n';
    const utf16 = write('utf16/.biaslens.json', '');
    fs.writeFileSync(utf16, Buffer.from('\ufeff' + json, 'utf16le'));
    const bom = write('bom/.biaslens.json', '\ufeff' + json);
    for (const file of [utf16, bom]) {
      const loaded = loadConfigFile(file);
      expect(loaded.config?.rules).toEqual({ 'gendered-term': 'off' });
      // Positions as an editor shows them: the mark is no character.
      expect(loaded.errors.map((e) => [e.keyPath, e.line, e.column, e.span.start])).toEqual([['nope', 3, 3, json.indexOf('"nope"')]]);
    }
    const binary = write('bin/.biaslens.json', '');
    fs.writeFileSync(binary, Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
    const loaded = loadConfigFile(binary);
    expect(loaded.config).toBeNull();
    expect(loaded.errors.map((e) => [e.message, e.line, e.column])).toEqual([['File looks binary (it contains NUL bytes).', 1, 1]]);
  });

  it('reports an unreadable config file as an error, not a crash', () => {
    const loaded = loadConfigFile(path.join(tmp, 'missing.json'));
    expect(loaded.config).toBeNull();
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).toMatch(/Cannot read config file: no such file or directory \(ENOENT\)/);
  });
});

describe('include / exclude globs are relative to their config file', () => {
  it('matches a file against the globs of the config that set them', () => {
    write('proj/.biaslens.json', '{ "root": true, "include": ["prompts/**/*.txt"], "exclude": ["prompts/drafts/**"] }');
    write('proj/sub/.biaslens.json', '{ "maxFileSize": 3 }');
    const r = new ConfigResolver();
    const inPrompts = path.join(tmp, 'proj/prompts/a.txt');
    const draft = path.join(tmp, 'proj/prompts/drafts/b.txt');
    const elsewhere = path.join(tmp, 'proj/sub/prompts/c.txt');
    // The fallback base (here the temp root) is not used: the config set both lists.
    expect(shouldLint(inPrompts, r.forFile(inPrompts).config, tmp)).toBe(true);
    expect(isIncluded(draft, r.forFile(draft).config, tmp)).toBe(true);
    expect(isExcluded(draft, r.forFile(draft).config, tmp)).toBe(true);
    // sub/ inherits include from proj/, so "prompts/**" means proj/prompts, not proj/sub/prompts.
    expect(isIncluded(elsewhere, r.forFile(elsewhere).config, tmp)).toBe(false);
  });

  it('uses the fallback base for the built-in defaults', () => {
    write('.biaslens.json', '{ "root": true }');
    const r = new ConfigResolver();
    const file = path.join(tmp, 'dist/x.prompt');
    expect(isExcluded(file, r.forFile(file).config, tmp)).toBe(true);
    expect(isExcluded(file, r.forFile(file).config, path.join(tmp, 'dist'))).toBe(false);
    expect(isIncluded(path.join(tmp, 'a/.github/prompts/y.prompt.md'), r.forFolder(tmp).config, tmp)).toBe(true);
  });
});
