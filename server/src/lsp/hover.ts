/**
 * Hover content: on a finding, the rule's rationale, its sources and the measured
 * facts from the diagnostic's `data`; on an exemplar's gold answer, where that
 * exemplar sits in its sequence. Built with the helpers in markdown.ts: every
 * piece of document text is escaped, and the result is untrusted markdown.
 */
import type { LintDiagnostic, LintResult } from '../engine/lint.js';
import type { Exemplar, ExemplarSet } from '../model/types.js';
import { ruleById, PSEUDO_RULES } from '../rules/index.js';
import { barChart, clip, escapeMarkdown, safeLink } from './markdown.js';

const P_VALUE_KEYS = new Set(['p', 'pValue', 'p_value', 'pvalue', 'adjustedP', 'pAdjusted', 'correctedP']);

function humanise(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isCountRecord(v: unknown): v is Record<string, number> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const values = Object.values(v);
  return values.length > 0 && values.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function isLetterRecord(v: Record<string, number>): boolean {
  return Object.keys(v).every((k) => /^[A-Z]$/.test(k));
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  if (n !== 0 && Math.abs(n) < 0.001) return n.toExponential(2);
  return String(Math.round(n * 10000) / 10000);
}

function formatScalar(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? formatNumber(v) : undefined;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return escapeMarkdown(clip(v));
  if (Array.isArray(v) && v.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) {
    return v.map((x) => (typeof x === 'number' ? formatNumber(x) : escapeMarkdown(clip(String(x), 40)))).join(', ');
  }
  return undefined;
}

/** A source span (`{ start, end }` offsets, e.g. data.nounSpan): where, for programs; not a fact to show. */
function isSpan(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && 'start' in v && 'end' in v;
}

/**
 * Keys whose value means nothing to a prompt engineer: the rule's internal branch (`kind`, `form`),
 * the message's own noun (`items`), what the message already says (`degenerate`: "All 4 …";
 * `genderWord`, `share` next to the pronoun's gender and the percent) and a statistics detail
 * (`haldaneCorrected`: 0.5 added to zero counts). They stay in data for programs.
 */
const HIDDEN_KEYS = new Set(['items', 'kind', 'form', 'degenerate', 'genderWord', 'share', 'haldaneCorrected']);

/** A data source as a citation: "retext-equality gender-12" (a row id of our copy) reads "retext-equality, gender word list". */
function readableSource(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/^(\S+) ([a-z]+)-\d+$/, '$1, $2 word list') : v;
}

/** Labels for keys that `humanise` cannot say ("Bls occupation", "Pct women", "Lo"). */
const LABELS = new Map<string, string>(Object.entries({
  pctWomen: 'Women in the occupation (%)',
  blsOccupation: 'BLS occupation',
  blsYear: 'BLS year',
  blsAggregate: 'BLS broad group',
  blsSource: 'BLS source',
  lo: 'CI low',
  hi: 'CI high',
  level: 'CI level (%)',
  n: 'Total',
  direction: 'Pattern',
  source: 'Word list',
  biasAskerLabel: 'BiasAsker category',
  maleAgentic: 'Men: agentic words',
  maleCommunal: 'Men: communal words',
  femaleAgentic: 'Women: agentic words',
  femaleCommunal: 'Women: communal words',
  unknownOrigin: 'Names of unknown origin',
  unrecognised: 'Names not recognised',
}));
/** Labels of the exemplar keys, after the exemplars' name: "Demos", "Records about men". */
const EXEMPLAR_LABELS = new Map<string, string>(Object.entries({ exemplar: '', exemplars: 's', maleExemplars: 's about men', femaleExemplars: 's about women' }));

/** The label of a data key; `noun` is "demo" or "record". */
function labelOf(key: string, noun: string): string {
  const tail = EXEMPLAR_LABELS.get(key);
  if (tail !== undefined) return `${noun[0]!.toUpperCase()}${noun.slice(1)}${tail}`;
  return LABELS.get(key) ?? (P_VALUE_KEYS.has(key) ? 'p-value' : escapeMarkdown(humanise(key)));
}

/**
 * The measured facts in a diagnostic's data: charts for count maps, a list for scalars.
 * Exemplar indices (0-based in data) are shown numbered from 1, as "demo 3 of 8" is.
 */
export function factsMarkdown(data: Record<string, unknown>, noun: 'demo' | 'record' = 'demo'): string {
  const charts: string[] = [];
  const facts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (isSpan(value) || HIDDEN_KEYS.has(key)) continue;
    if (isCountRecord(value)) {
      const letters = isLetterRecord(value);
      const entries = Object.entries(value)
        .map(([k, n]) => [clip(k, 30), n] as [string, number])
        .sort(letters ? (a, b) => a[0].localeCompare(b[0]) : (a, b) => b[1] - a[1]);
      const title = letters ? `Answer-letter histogram (${escapeMarkdown(humanise(key).toLowerCase())})` : escapeMarkdown(humanise(key));
      charts.push(`**${title}**\n\n${barChart(entries)}`);
      continue;
    }
    const indices = key === 'exemplar' || key === 'exemplars';
    const shown = key === 'source' ? readableSource(value) : indices && typeof value === 'number' ? value + 1 : indices && Array.isArray(value) ? value.map((i) => (typeof i === 'number' ? i + 1 : i)) : value;
    const text = formatScalar(shown);
    if (text === undefined || text === '') continue;
    facts.push(`- ${labelOf(key, noun)}: ${text}`);
  }
  return [...charts, facts.length ? `**Measured**\n\n${facts.join('\n')}` : ''].filter(Boolean).join('\n\n');
}

export function diagnosticMarkdown(d: LintDiagnostic, noun: 'demo' | 'record' = 'demo'): string {
  const rule = ruleById.get(d.ruleId);
  const parts: string[] = [];
  parts.push(`**Bias Lens · ${escapeMarkdown(d.ruleId)}** (${d.severity})`);
  parts.push(escapeMarkdown(d.message));
  if (rule) {
    parts.push(escapeMarkdown(rule.meta.rationale));
    if (rule.meta.sources.length) {
      parts.push(
        `Sources: ${rule.meta.sources.map((s) => safeLink(`${s.short}, ${s.title}`, s.url)).join('; ')}`,
      );
    }
  } else {
    const pseudo = PSEUDO_RULES.find((p) => p.id === d.ruleId);
    if (pseudo) parts.push(escapeMarkdown(pseudo.description));
  }
  const facts = factsMarkdown(d.data, noun);
  if (facts) parts.push(facts);
  if (/^file:\/\//.test(d.docsUrl)) parts.push(`[Rule documentation](${encodeURI(decodeURI(d.docsUrl))})`);
  return parts.join('\n\n');
}

/** What the exemplars at `offset` are called: "record" in a dataset (JSONL and the like), else "demo". */
function nounAt(result: LintResult, offset: number): 'demo' | 'record' {
  for (const set of result.document?.exemplarSets ?? []) {
    if (offset >= set.span.start && offset <= set.span.end) return set.kind === 'dataset' ? 'record' : 'demo';
  }
  return 'demo';
}

function answerText(e: Exemplar): string | undefined {
  if (e.answer?.letter) return `(${e.answer.letter})`;
  if (e.answer?.label !== undefined) return e.answer.label;
  return undefined;
}

function containsOffset(span: { start: number; end: number } | undefined, offset: number): boolean {
  return !!span && offset >= span.start && offset <= span.end;
}

/** The exemplar whose gold answer is under the cursor, with its set. */
export function exemplarAnswerAt(result: LintResult, offset: number): { set: ExemplarSet; exemplar: Exemplar } | undefined {
  for (const set of result.document?.exemplarSets ?? []) {
    if (offset < set.span.start || offset > set.span.end) continue;
    for (const exemplar of set.exemplars) {
      const a = exemplar.answer;
      if (a && (containsOffset(a.letterSpan, offset) || containsOffset(a.labelSpan, offset) || containsOffset(a.span, offset))) {
        return { set, exemplar };
      }
    }
  }
  return undefined;
}

export function exemplarMarkdown(set: ExemplarSet, exemplar: Exemplar): string {
  const n = set.exemplars.length;
  const noun = set.kind === 'dataset' ? 'record' : 'demo';
  const gold = answerText(exemplar);
  const lines = [
    `**Bias Lens · ${noun} ${exemplar.index + 1} of ${n}**${gold !== undefined ? ` · gold answer ${escapeMarkdown(clip(gold, 40))}` : ''}`,
  ];
  if (exemplar.options.length) lines.push(`Options: ${exemplar.options.map((o) => o.letter).join(' ')} (${exemplar.options.length})`);
  // The gold answers in order, this one in bold; long sets show a window around it.
  const window = 12;
  const from = Math.max(0, Math.min(exemplar.index - window / 2, n - window));
  const to = Math.min(n, from + window);
  const seq = set.exemplars.slice(from, to).map((e) => {
    const t = escapeMarkdown(clip(answerText(e) ?? '?', 20));
    return e === exemplar ? `**${t}**` : t;
  });
  lines.push(`Gold answers in order: ${from > 0 ? '… ' : ''}${seq.join(' · ')}${to < n ? ' …' : ''}`);
  if (set.kind === 'demos' && n > 1) {
    const fromEnd = n - 1 - exemplar.index;
    lines.push(fromEnd === 0 ? 'This is the last demo, the one nearest the test question.' : `${fromEnd} demo${fromEnd === 1 ? '' : 's'} follow this one.`);
  }
  return lines.join('\n\n');
}

/** The hover markdown at an offset, or undefined when there is nothing to say. */
export function hoverMarkdown(result: LintResult, offset: number): string | undefined {
  const parts: string[] = [];
  const here = result.diagnostics.filter((d) => offset >= d.span.start && offset <= d.span.end);
  for (const d of here) parts.push(diagnosticMarkdown(d, nounAt(result, d.span.start)));
  const answer = exemplarAnswerAt(result, offset);
  if (answer) parts.push(exemplarMarkdown(answer.set, answer.exemplar));
  return parts.length ? parts.join('\n\n---\n\n') : undefined;
}
