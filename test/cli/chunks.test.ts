/**
 * zod and the openai SDK are chunks of the CLI, not part of its bundle (server/src/cli/chunks.ts,
 * scripts/cli-chunks.mjs): loaded on first use, each with its own code cache. The audit's CLI
 * tests (test/audit/cli.test.ts) run the openai chunk end to end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWithCodeCache, PREWRAPPED } from '../../server/src/cli/codeCache.js';
import { ensureBuilt, makeProject, removeProjects, repoRoot, runCli } from './helpers.js';

const dist = path.join(repoRoot, 'dist');
const read = (file: string) => fs.readFileSync(path.join(dist, file), 'latin1');

describe('CLI chunks', () => {
  beforeAll(ensureBuilt, 180_000);
  afterAll(removeProjects);

  it('keeps zod and the openai SDK out of the CLI bundle, in chunks written as the bundle is', () => {
    const main = read('cli-main.js');
    const zod = read('cli-zod.js');
    const openai = read('cli-openai.js');
    // Strings of each package's own code (zod's base schema class, the SDK's base-URL variable).
    expect(zod).toContain('$ZodType');
    expect(openai).toContain('OPENAI_BASE_URL');
    expect(main).not.toContain('$ZodType');
    expect(main).not.toContain('OPENAI_BASE_URL');
    expect(main).toContain('requireChunk("cli-zod.js")');
    expect(main).toContain('requireChunk("cli-openai.js")');
    for (const chunk of [zod, openai]) expect(chunk.startsWith(PREWRAPPED)).toBe(true);
  });

  it('has zod with its English messages only', () => {
    const { z } = loadWithCodeCache(path.join(dist, 'cli-zod.js'), undefined)!.exports as typeof import('zod');
    // (`default` is the namespace itself, as zod's CommonJS build imports it.)
    expect(Object.keys(z.locales).filter((k) => k !== 'default')).toEqual(['en']);
    expect(z.string().safeParse(1).error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });

  it('loads zod only for a config file, from its chunk, with its own code cache', () => {
    const prompt = 'Q: 2+2?\n(A) 4\n(B) 5\nA: (A)\n\nQ: 3+3?\n(A) 6\n(B) 7\nA: (A)\n\nQ: 1+1?\n(A) 2\n(B) 3\nA: (A)\n';
    const cacheHome = makeProject({}, null);
    const cacheFolder = path.join(cacheHome, 'biaslens', 'v8');
    const zodCaches = () => (fs.existsSync(cacheFolder) ? fs.readdirSync(cacheFolder).filter((f) => f.endsWith('-cli-zod.bin')) : []);

    // No config file: zod is never loaded.
    const plain = makeProject({ 'a.prompt': prompt }, null);
    const noConfig = runCli(['lint', '--format', 'json', 'a.prompt'], { cwd: plain, env: { XDG_CACHE_HOME: cacheHome } });
    expect(noConfig.stderr).toBe('');
    expect(JSON.parse(noConfig.stdout).files[0].diagnostics.map((d: { ruleId: string }) => d.ruleId)).toContain('answer-position-skew');
    expect(zodCaches()).toEqual([]);

    // A config file with an unknown option: validated with zod, which names the key.
    const configured = makeProject({ 'a.prompt': prompt }, '{ "root": true, "rules": { "label-imbalance": ["warn", { "bogus": 1 }] } }');
    const run = () => runCli(['lint', 'a.prompt'], { cwd: configured, env: { XDG_CACHE_HOME: cacheHome } });
    const first = run();
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('Unknown option "bogus" for rule "label-imbalance"');
    expect(zodCaches()).toHaveLength(1);
    const cacheFile = path.join(cacheFolder, zodCaches()[0]!);
    const written = fs.statSync(cacheFile).mtimeMs;
    // A second run uses the chunk's cache (it is not written again) and says the same.
    expect(run()).toEqual(first);
    expect(fs.statSync(cacheFile).mtimeMs).toBe(written);
  });
});
