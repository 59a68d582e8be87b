/**
 * `--format sarif`: SARIF 2.1.0, one run, one `tool.driver.rules` entry per rule
 * (registered rules and the engine's pseudo rules), results with 1-based regions.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { allRules, PSEUDO_RULES } from '../../rules/index.js';
import { docsMarkdown, docsUrl } from '../../engine/docs.js';
import type { LintDiagnostic } from '../../engine/lint.js';
import type { Severity } from '../../rules/types.js';
import { ChunkedOutput, type FileReport, type LintRun } from '../report.js';
import { informationUri, toolVersion } from '../version.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export function sarifLevel(severity: Severity): Sarif.ReportingConfiguration.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export function sarifRules(): Sarif.ReportingDescriptor[] {
  const rules: Sarif.ReportingDescriptor[] = allRules.map((r) => ({
    id: r.meta.id,
    name: toPascalCase(r.meta.id),
    shortDescription: { text: r.meta.description },
    fullDescription: { text: r.meta.rationale },
    helpUri: docsUrl(r.meta.id),
    help: withMarkdown({ text: `${r.meta.description}\n\n${r.meta.rationale}\n\nSee ${docsUrl(r.meta.id)}` }, r.meta.id),
    defaultConfiguration: { level: sarifLevel(r.meta.defaultSeverity) },
    properties: {
      category: r.meta.category,
      fixable: r.meta.fixable,
      tags: ['bias', r.meta.category],
      sources: r.meta.sources.map(citationText),
    },
  }));
  for (const p of PSEUDO_RULES) {
    rules.push({
      id: p.id,
      name: toPascalCase(p.id),
      shortDescription: { text: p.description },
      fullDescription: { text: p.description },
      helpUri: docsUrl(p.id),
      help: withMarkdown({ text: `${p.description}\n\nSee ${docsUrl(p.id)}` }, p.id),
      defaultConfiguration: { level: sarifLevel(p.defaultSeverity) },
      properties: { category: 'engine', fixable: false },
    });
  }
  return rules;
}

/**
 * The rule's docs page as `help.markdown`: where the report is read away from this machine (GitHub
 * code scanning shows a rule's help from it), the file link in `helpUri` leads nowhere.
 */
function withMarkdown(help: Sarif.MultiformatMessageString, ruleId: string): Sarif.MultiformatMessageString {
  const markdown = docsMarkdown(ruleId);
  return markdown === undefined ? help : { ...help, markdown };
}

function citationText(s: { short: string; title: string; url?: string }): string {
  const text = s.title.startsWith(s.short) ? s.title : `${s.short}: ${s.title}`;
  return s.url ? `${text} <${s.url}>` : text;
}

function toPascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}

function region(d: LintDiagnostic): Sarif.Region {
  return {
    startLine: d.range.start.line + 1,
    startColumn: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

function artifactLocation(file: FileReport): Sarif.ArtifactLocation {
  return { uri: file.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** The results, one per problem, made as they are asked for (see formatSarif). */
function* sarifResults(run: LintRun, ruleIndex: Map<string, number>): Generator<Sarif.Result> {
  for (const file of run.files) {
    const location = artifactLocation(file);
    for (const d of file.diagnostics) {
      const index = ruleIndex.get(d.ruleId);
      const result: Sarif.Result = {
        ruleId: d.ruleId,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(d) } }],
        properties: { severity: d.severity, data: d.data },
      };
      if (d.fixes.length > 0) {
        result.fixes = d.fixes.map((f) => ({
          description: { text: f.title },
          artifactChanges: [
            {
              artifactLocation: location,
              replacements: f.edits.map((e) => ({
                deletedRegion: { charOffset: e.span.start + (file.bom ? 1 : 0), charLength: e.span.end - e.span.start },
                insertedContent: { text: e.newText },
              })),
            },
          ],
        }));
      }
      yield result;
    }
  }
}

/** The SARIF log of a run, with `results` as given. */
function sarifLog(run: LintRun, rules: Sarif.ReportingDescriptor[], results: Sarif.Result[]): Sarif.Log {
  const notifications: Sarif.Notification[] = run.files
    .filter((file) => file.ioError)
    .map((file) => ({ level: 'error', message: { text: `${file.path}: ${file.ioError}` }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(file) } }] }));
  const srcRoot = pathToFileURL(run.cwd).href.replace(/\/?$/, '/');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'biaslens',
            fullName: 'Bias Lens',
            version: toolVersion(),
            semanticVersion: toolVersion(),
            informationUri: informationUri(),
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: srcRoot } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

function ruleIndexOf(rules: Sarif.ReportingDescriptor[]): Map<string, number> {
  return new Map(rules.map((r, i) => [r.id, i]));
}

export function toSarif(run: LintRun): Sarif.Log {
  const rules = sarifRules();
  return sarifLog(run, rules, [...sarifResults(run, ruleIndexOf(rules))]);
}

/** Stands for the results in the log's text, until they are written one by one. */
const RESULTS_MARK = '\u0000results\u0000';

/**
 * Writes `JSON.stringify(toSarif(run), null, 2)` and a newline, one result at a time (see
 * ChunkedOutput): the log is written around a mark in place of its results, and each result
 * is written with the indentation it has there.
 */
export function formatSarif(run: LintRun, write: (chunk: string) => void): void {
  const out = new ChunkedOutput(write);
  const rules = sarifRules();
  const results = sarifResults(run, ruleIndexOf(rules));
  const first = results.next();
  if (first.done) {
    out.add(JSON.stringify(sarifLog(run, rules, []), null, 2) + '\n');
    out.flush();
    return;
  }
  const text = JSON.stringify(sarifLog(run, rules, [RESULTS_MARK as unknown as Sarif.Result]), null, 2);
  const mark = text.indexOf(JSON.stringify(RESULTS_MARK));
  const lineStart = text.lastIndexOf('\n', mark) + 1;
  const indent = text.slice(lineStart, mark);
  const item = (r: Sarif.Result) => indent + JSON.stringify(r, null, 2).replace(/\n/g, `\n${indent}`);
  // The log before the results holds every rule's docs page (help.markdown): over 100 Ki characters, added in pieces.
  for (let at = 0; at < lineStart; at += 65536) out.add(text.slice(at, Math.min(lineStart, at + 65536)));
  out.add(item(first.value));
  for (const r of results) out.add(',\n' + item(r));
  out.add(text.slice(mark + JSON.stringify(RESULTS_MARK).length) + '\n');
  out.flush();
}
