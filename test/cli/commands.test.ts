import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeProject, removeProjects, repoRoot, runCli } from './helpers.js';
import { allRules } from '../../server/src/rules/index.js';

beforeAll(ensureBuilt, 180_000);
afterAll(removeProjects);

const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;

describe('biaslens --help / --version', () => {
  it('prints the version', () => {
    const dir = makeProject();
    expect(runCli(['--version'], { cwd: dir })).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(runCli(['-v'], { cwd: dir }).stdout).toBe(`${version}\n`);
  });

  it('lists the commands and exit codes', () => {
    const r = runCli(['--help'], { cwd: makeProject() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: biaslens <command> \[options\]/);
    for (const name of ['lint', 'rules', 'schema']) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('shows help per command', () => {
    const dir = makeProject();
    const a = runCli(['lint', '--help'], { cwd: dir });
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('--max-warnings <n>');
    expect(runCli(['help', 'lint'], { cwd: dir }).stdout).toBe(a.stdout);
    expect(runCli(['help', 'nope'], { cwd: dir }).code).toBe(2);
  });
});

describe('biaslens rules', () => {
  it('prints a table of every rule', () => {
    const r = runCli(['rules'], { cwd: makeProject() });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Rule +Severity +Category +Fixable +Description$/);
    for (const rule of allRules) {
      const row = lines.find((l) => l.startsWith(rule.meta.id + ' '));
      expect(row, rule.meta.id).toBeDefined();
      const cells = row!.split(/ {2,}/);
      expect(cells).toEqual([rule.meta.id, rule.meta.defaultSeverity, rule.meta.category, rule.meta.fixable ? 'yes' : 'no', rule.meta.description]);
    }
  });

  it('prints JSON with docs URLs and option schemas', () => {
    const r = runCli(['rules', '--format', 'json'], { cwd: makeProject() });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(out.rules.map((x: any) => x.id).sort()).toEqual(allRules.map((x) => x.meta.id).sort());
    for (const x of out.rules) {
      const rule = allRules.find((y) => y.meta.id === x.id)!;
      expect(Object.keys(x)).toEqual(['id', 'defaultSeverity', 'category', 'fixable', 'description', 'docsUrl', 'options']);
      expect(x).toMatchObject({
        defaultSeverity: rule.meta.defaultSeverity,
        category: rule.meta.category,
        fixable: rule.meta.fixable,
        description: rule.meta.description,
      });
      expect(x.docsUrl).toMatch(new RegExp(`^file://.*/docs/rules/${x.id}\\.md$`));
      expect(x.options.type).toBe('object');
    }
  });

  it('rejects an unknown format', () => {
    expect(runCli(['rules', '--format', 'sarif'], { cwd: makeProject() }).code).toBe(2);
  });

  it('gives every rule\'s options closed to unknown keys, as the config loader is', () => {
    // gendered-term's options were `additionalProperties` open while the loader refuses an unknown option.
    const out = JSON.parse(runCli(['rules', '--format', 'json'], { cwd: makeProject() }).stdout);
    for (const x of out.rules) expect(x.options.additionalProperties, x.id).toBe(false);
  });
});

describe('biaslens schema', () => {
  it('prints the config JSON Schema, with every rule under rules', () => {
    const r = runCli(['schema'], { cwd: makeProject() });
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.title).toBe('Bias Lens configuration');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['root', 'rules', 'include', 'exclude', 'maxFileSize']));
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual(allRules.map((x) => x.meta.id).sort());
    // The built file an editor validates with is the same schema.
    expect(JSON.parse(fs.readFileSync(path.join(repoRoot, 'dist', 'biaslens.schema.json'), 'utf8'))).toEqual(schema);
  });

  it('closes every rule\'s options to unknown keys, which the config loader reports as errors', () => {
    const dir = makeProject({ 'a.prompt': 'Hello.\n', '.biaslens.json': '{"root": true, "rules": {"gendered-term": ["warning", {"bogus": 1}]}}' });
    expect(runCli(['lint', 'a.prompt'], { cwd: dir }).stderr).toContain('Unknown option "bogus" for rule "gendered-term"');
    const schema = JSON.parse(runCli(['schema'], { cwd: dir }).stdout);
    for (const rule of allRules) {
      const options = schema.properties.rules.properties[rule.meta.id].anyOf[1].prefixItems[1];
      expect(options.additionalProperties, rule.meta.id).toBe(false);
    }
  });

  it('ends a usage error\'s sentence before the hint', () => {
    const r = runCli(['schema', '--bogus'], { cwd: makeProject() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("biaslens: Unknown option '--bogus'.\nRun 'biaslens schema --help' for usage.\n");
  });

  it('describes the audit section: endpoint settings and every check, closed to unknown keys', () => {
    const schema = JSON.parse(runCli(['schema'], { cwd: makeProject() }).stdout);
    const audit = schema.properties.audit;
    expect(Object.keys(audit.properties)).toEqual(expect.arrayContaining(['baseUrl', 'model', 'concurrency', 'maxCalls', 'checks']));
    expect(audit.additionalProperties).toBe(false);
    expect(audit.properties.concurrency).toMatchObject({ type: 'integer', minimum: 1, maximum: 256 });
    expect(Object.keys(audit.properties.checks.properties).sort()).toEqual(['always-a', 'content-free-prior', 'demographic-swap', 'option-permutation', 'suggested-answer']);
    expect(audit.properties.checks.properties['option-permutation'].properties.mode.enum).toEqual(['full', 'cheap']);
    // No key-like property is offered.
    expect(Object.keys(audit.properties).filter((k) => /key|token|secret/i.test(k) && k !== 'maxTokens' && k !== 'maxResponseTokens')).toEqual([]);
  });
});
