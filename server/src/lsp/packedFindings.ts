/**
 * A lint's findings in a form that is cheap to send from the lint worker to the server.
 *
 * Structured cloning a diagnostic costs V8 a microsecond or two per object in it, on both
 * threads, and a finding is some twenty objects once its fixes are built (span, range and
 * its two positions, data, and per fix a title, an edit list, edits and their spans). A
 * 2 MB prompt with 121,000 gendered terms took 6.7 s to clone, most of it on the server's
 * main thread, where hovers and every other document's diagnostics waited.
 *
 * Packed, the numbers of every finding and fix go in two Int32Arrays, which are
 * transferred rather than copied; its strings (messages, fix titles, replacement texts)
 * are one string; rule ids, severities and documentation links are a small table. Only
 * `data` (each rule's measured facts, of any shape) is still cloned, each object once. The server makes the
 * diagnostics back at once, and a diagnostic's fixes when they are first read (code
 * actions), as the engine does.
 */
import type { LintDiagnostic } from '../engine/lint.js';
import type { Span } from '../model/segment.js';
import type { Fix, Severity } from '../rules/types.js';
import type { LintFindings } from './lintWorker.js';

export interface PackedFindings {
  uri: string;
  format: LintFindings['format'];
  /**
   * Per diagnostic (DIAGNOSTIC_INTS): rule id, severity and documentation link (indexes
   * into `names`), span (2), range (4), message length (in `text`), where its fixes start
   * in `fixInts` and how many there are, and its data (an index into `data`).
   */
  ints: Int32Array;
  /** Per fix: title length and edit count; then per edit: span (2) and replacement length. */
  fixInts: Int32Array;
  names: string[];
  /** Every diagnostic's message followed by its fixes' titles and replacement texts, in order. */
  text: string;
  /**
   * The diagnostics' `data` objects, each once (structured-cloned): diagnostics that share one
   * (a rule reporting the same facts for every use of a term) share it on the server too.
   */
  data: Record<string, unknown>[];
}

const DIAGNOSTIC_INTS = 13;

/** The buffers `postMessage` can transfer rather than copy. */
export function packedFindingsTransfer(p: PackedFindings): ArrayBuffer[] {
  return [p.ints.buffer as ArrayBuffer, p.fixInts.buffer as ArrayBuffer];
}

export function packFindings(findings: LintFindings): PackedFindings {
  const diagnostics = findings.diagnostics;
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const intern = (s: string): number => {
    let i = nameIndex.get(s);
    if (i === undefined) {
      i = names.push(s) - 1;
      nameIndex.set(s, i);
    }
    return i;
  };
  const ints = new Int32Array(diagnostics.length * DIAGNOSTIC_INTS);
  const fixInts: number[] = [];
  const strings: string[] = [];
  const data: Record<string, unknown>[] = [];
  const dataIndex = new Map<Record<string, unknown>, number>();
  for (let i = 0, at = 0; i < diagnostics.length; i++, at += DIAGNOSTIC_INTS) {
    const d = diagnostics[i]!;
    // Fixes first: a fix that fails to build says so in the finding's data (see the engine's lazy fixes).
    const fixes = d.fixes;
    ints[at] = intern(d.ruleId);
    ints[at + 1] = intern(d.severity);
    ints[at + 2] = intern(d.docsUrl);
    ints[at + 3] = d.span.start;
    ints[at + 4] = d.span.end;
    ints[at + 5] = d.range.start.line;
    ints[at + 6] = d.range.start.character;
    ints[at + 7] = d.range.end.line;
    ints[at + 8] = d.range.end.character;
    ints[at + 9] = d.message.length;
    ints[at + 10] = fixInts.length;
    ints[at + 11] = fixes.length;
    strings.push(d.message);
    for (const fix of fixes) {
      fixInts.push(fix.title.length, fix.edits.length);
      strings.push(fix.title);
      for (const e of fix.edits) {
        fixInts.push(e.span.start, e.span.end, e.newText.length);
        strings.push(e.newText);
      }
    }
    let di = dataIndex.get(d.data);
    if (di === undefined) {
      di = data.push(d.data) - 1;
      dataIndex.set(d.data, di);
    }
    ints[at + 12] = di;
  }
  return { uri: findings.uri, format: findings.format, ints, fixInts: Int32Array.from(fixInts), names, text: strings.join(''), data };
}

export function unpackFindings(p: PackedFindings): LintFindings {
  const { ints, names, text, data } = p;
  const count = ints.length / DIAGNOSTIC_INTS;
  const diagnostics: LintDiagnostic[] = new Array(count);
  let textAt = 0;
  for (let i = 0, at = 0; i < count; i++, at += DIAGNOSTIC_INTS) {
    const messageEnd = textAt + ints[at + 9]!;
    const diagnostic = {
      ruleId: names[ints[at]!]!,
      severity: names[ints[at + 1]!]! as Severity,
      message: text.slice(textAt, messageEnd),
      span: { start: ints[at + 3]!, end: ints[at + 4]! },
      range: { start: { line: ints[at + 5]!, character: ints[at + 6]! }, end: { line: ints[at + 7]!, character: ints[at + 8]! } },
      data: data[ints[at + 12]!]!,
    } as LintDiagnostic;
    const state: PackedFixes = { packed: p, fixAt: ints[at + 10]!, fixCount: ints[at + 11]!, textAt: messageEnd, fixes: undefined };
    Object.defineProperty(diagnostic, PACKED_FIXES, { value: state });
    Object.defineProperty(diagnostic, 'fixes', { enumerable: true, configurable: true, get: readPackedFixes, set: writePackedFixes });
    diagnostic.docsUrl = names[ints[at + 2]!]!;
    diagnostics[i] = diagnostic;
    textAt = messageEnd + fixTextLength(p.fixInts, state.fixAt, state.fixCount);
  }
  return { uri: p.uri, format: p.format, diagnostics };
}

/** How many code units of `text` the fixes at `fixAt` take (their titles and replacements). */
function fixTextLength(fixInts: Int32Array, fixAt: number, fixCount: number): number {
  let length = 0;
  let at = fixAt;
  for (let f = 0; f < fixCount; f++) {
    length += fixInts[at]!;
    const edits = fixInts[at + 1]!;
    at += 2;
    for (let e = 0; e < edits; e++, at += 3) length += fixInts[at + 2]!;
  }
  return length;
}

// As the engine's lazy fixes: one pair of accessor functions for every diagnostic and a
// hidden state object each, so the diagnostics keep one fast shape.
const PACKED_FIXES = Symbol('packedFixes');

interface PackedFixes {
  packed: PackedFindings | undefined;
  fixAt: number;
  fixCount: number;
  textAt: number;
  fixes: Fix[] | undefined;
}

type WithPackedFixes = LintDiagnostic & { [PACKED_FIXES]: PackedFixes };

function readPackedFixes(this: WithPackedFixes): Fix[] {
  const state = this[PACKED_FIXES];
  if (state.fixes === undefined) {
    const { fixInts, text } = state.packed!;
    const fixes: Fix[] = new Array(state.fixCount);
    let at = state.fixAt;
    let textAt = state.textAt;
    for (let f = 0; f < state.fixCount; f++) {
      const title = text.slice(textAt, (textAt += fixInts[at]!));
      const edits: Fix['edits'] = new Array(fixInts[at + 1]!);
      at += 2;
      for (let e = 0; e < edits.length; e++, at += 3) {
        const span: Span = { start: fixInts[at]!, end: fixInts[at + 1]! };
        edits[e] = { span, newText: text.slice(textAt, (textAt += fixInts[at + 2]!)) };
      }
      fixes[f] = { title, edits };
    }
    state.fixes = fixes;
    state.packed = undefined;
  }
  return state.fixes;
}

function writePackedFixes(this: WithPackedFixes, value: Fix[]): void {
  this[PACKED_FIXES].fixes = value;
  this[PACKED_FIXES].packed = undefined;
}
