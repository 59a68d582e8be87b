import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { ensureBuilt, makeProject, removeProjects, repoRoot, runCli } from './helpers.js';
import { allRules, PSEUDO_RULES } from '../../server/src/rules/index.js';

beforeAll(ensureBuilt, 180_000);
afterAll(removeProjects);

const MALFORMED_JSONL = '{"input": "2+2?", "output": "4"}\n{"input": "broken\n';
const CHAIRMAN = 'Hello.\nSummarise the report for the chairman.\n';

function isUri(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * The parts of the SARIF 2.1.0 schema that apply to what we emit: required
 * properties, enums, and the cross-references (ruleIndex, uriBaseId) that
 * viewers rely on.
 */
function checkSarifShape(log: Sarif.Log): void {
  expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0]!;
  const driver = run.tool.driver;
  expect(driver.name).toBe('biaslens');
  expect(driver.version).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  expect(isUri(driver.informationUri)).toBe(true);
  const rules = driver.rules!;
  expect(rules.map((r) => r.id).sort()).toEqual([...allRules.map((r) => r.meta.id), ...PSEUDO_RULES.map((p) => p.id)].sort());
  expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  for (const r of rules) {
    expect(r.id).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(r.shortDescription?.text).toBeTruthy();
    expect(r.fullDescription?.text).toBeTruthy();
    expect(isUri(r.helpUri)).toBe(true);
    expect(r.helpUri!.endsWith(`/docs/rules/${r.id}.md`)).toBe(true);
    // The docs page itself, for viewers away from this machine (GitHub code scanning shows help.markdown).
    expect(r.help?.markdown).toBe(fs.readFileSync(path.join(repoRoot, 'docs', 'rules', `${r.id}.md`), 'utf8'));
    expect(r.help?.text).toContain(r.helpUri);
    expect(['none', 'note', 'warning', 'error']).toContain(r.defaultConfiguration?.level);
  }
  expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toMatch(/^file:\/\/.*\/$/);
  for (const result of run.results ?? []) {
    expect(typeof result.message.text).toBe('string');
    expect(['none', 'note', 'warning', 'error']).toContain(result.level);
    expect(result.ruleIndex).toBeGreaterThanOrEqual(0);
    expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
    expect(result.locations).toHaveLength(1);
    const loc = result.locations![0]!.physicalLocation!;
    expect(loc.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
    expect(loc.artifactLocation!.uri).not.toMatch(/^[a-z]+:|^\//); // relative
    const region = loc.region!;
    expect(region.startLine).toBeGreaterThanOrEqual(1);
    expect(region.startColumn).toBeGreaterThanOrEqual(1);
    expect(region.endLine).toBeGreaterThanOrEqual(region.startLine!);
    if (region.endLine === region.startLine) expect(region.endColumn).toBeGreaterThanOrEqual(region.startColumn!);
    expect(result.properties).toHaveProperty('data');
  }
}

describe('--format sarif', () => {
  it('is SARIF 2.1.0 with a rules table, consistent ruleIndex and 1-based regions', () => {
    const dir = makeProject({ 'data/set.jsonl': MALFORMED_JSONL, 'chair.prompt': CHAIRMAN });
    const r = runCli(['lint', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    checkSarifShape(log);
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds!['%SRCROOT%']!.uri).toBe(pathToFileURL(dir).href + '/');
    expect(run.invocations![0]!.executionSuccessful).toBe(true);

    const json = JSON.parse(runCli(['lint', '--format', 'json'], { cwd: dir }).stdout);
    const jsonDiagnostics = json.files.flatMap((f: any) => f.diagnostics.map((d: any) => ({ path: f.path, ...d })));
    expect(run.results).toHaveLength(jsonDiagnostics.length);
    for (const [i, d] of jsonDiagnostics.entries()) {
      const result = run.results![i]!;
      expect(result.ruleId).toBe(d.ruleId);
      expect(result.message.text).toBe(d.message);
      expect(result.level).toBe(d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note');
      const loc = result.locations![0]!.physicalLocation!;
      expect(loc.artifactLocation!.uri).toBe(d.path);
      expect(loc.region).toEqual({
        startLine: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      });
      expect(result.properties!.data).toEqual(d.data);
    }
    const chair = run.results!.find((x) => x.ruleId === 'gendered-term')!;
    expect(chair.locations![0]!.physicalLocation!.region).toEqual({ startLine: 2, startColumn: 30, endLine: 2, endColumn: 38 });
    expect(chair.level).toBe('warning');
    // The fix travels as a SARIF fix with character offsets into the file.
    const replacement = chair.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    expect(replacement.deletedRegion).toEqual({ charOffset: CHAIRMAN.indexOf('chairman'), charLength: 'chairman'.length });
    expect(replacement.insertedContent!.text).toBe('chair');
    expect(run.results!.find((x) => x.ruleId === 'parse-error')!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('data/set.jsonl');
  });

  it('reports I/O errors as a failed invocation with a notification, and exits 2', () => {
    const dir = makeProject({ 'chair.prompt': CHAIRMAN });
    const r = runCli(['lint', '--format', 'sarif', 'chair.prompt', 'gone.prompt'], { cwd: dir });
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    checkSarifShape(log);
    const inv = log.runs[0]!.invocations![0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications![0]!.message.text).toContain('gone.prompt: no such file or directory (ENOENT)');
    expect(log.runs[0]!.results!.map((x) => x.ruleId).sort()).toEqual(['file-error', 'gendered-term']);
  });

  it('is valid with no results', () => {
    const dir = makeProject({ 'ok.prompt': 'Q: What is 2 + 2?\nA: 4\n' });
    const r = runCli(['lint', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    checkSarifShape(log);
    expect(log.runs[0]!.results).toEqual([]);
  });
});
