/**
 * Who an exemplar (or a sample input) is about: its gender signals (pronouns,
 * gendered nouns, gendered first names) and the first names it uses, with
 * their gender and ethnicity. Shared by demographic-imbalance and
 * agentic-communal-skew.
 */
import type { Exemplar, PromptDocument, Segment, Span } from '../model/types.js';
import { mentionsOf } from './lexicon.js';
import type { Gender } from './gender.js';
import type { Ethnicity } from './names.js';

export interface PersonProfile {
  /** Whole exemplar or input. */
  span: Span;
  /** The text segments the profile was read from. */
  segments: Segment[];
  female: number;
  male: number;
  /** female / male when only that gender is signalled, mixed when both, none when neither. */
  gender: Gender | 'mixed' | 'none';
  /** Distinct first names (lower case) with what the data says about them. */
  names: { name: string; gender?: Gender; ethnicity?: Ethnicity; continent?: string }[];
}

export function exemplarSegments(ex: Exemplar): Segment[] {
  const segs: Segment[] = [];
  if (ex.question) segs.push(ex.question);
  for (const o of ex.options) segs.push(o.text);
  if (ex.output) segs.push(ex.output);
  else if (ex.rationale) segs.push(ex.rationale);
  return segs;
}

export function profile(span: Span, segments: Segment[]): PersonProfile {
  let female = 0;
  let male = 0;
  const names = new Map<string, PersonProfile['names'][number]>();
  for (const seg of segments) {
    for (const m of mentionsOf(seg)) {
      const t = m.tags;
      if (t.name) {
        const key = t.name.name.toLowerCase();
        if (!names.has(key)) names.set(key, { name: t.name.name, gender: t.name.gender, ethnicity: t.name.ethnicity, continent: t.name.continent });
        if (t.name.gender === 'female') female++;
        else if (t.name.gender === 'male') male++;
        continue;
      }
      if (t.gender && !(t.gendered && t.gendered.kind !== 'role-noun')) {
        if (t.gender === 'female') female++;
        else male++;
      }
    }
  }
  const gender = female > 0 && male > 0 ? 'mixed' : female > 0 ? 'female' : male > 0 ? 'male' : 'none';
  return { span, segments, female, male, gender, names: [...names.values()] };
}

export interface ProfileGroup {
  /** What the profiles come from. */
  kind: 'exemplars' | 'test-inputs';
  /** Where to report: the start of the set (its first line). */
  span: Span;
  profiles: PersonProfile[];
}

const cache = new WeakMap<PromptDocument, ProfileGroup[]>();

/** One group per exemplar set, plus one for the document's test inputs. */
export function profileGroups(doc: PromptDocument): ProfileGroup[] {
  let groups = cache.get(doc);
  if (groups) return groups;
  groups = [];
  for (const set of doc.exemplarSets) {
    if (set.exemplars.length === 0) continue;
    groups.push({ kind: 'exemplars', span: firstLine(doc, set.span), profiles: set.exemplars.map((ex) => profile(ex.span, exemplarSegments(ex))) });
  }
  if (doc.testInputs.length > 1) {
    groups.push({
      kind: 'test-inputs',
      span: firstLine(doc, doc.testInputs[0]!.span),
      profiles: doc.testInputs.map((ti) => profile(ti.span, [ti.text])),
    });
  }
  cache.set(doc, groups);
  return groups;
}

function firstLine(doc: PromptDocument, span: Span): Span {
  const nl = doc.text.indexOf('\n', span.start);
  const end = nl < 0 || nl > span.end ? span.end : nl;
  return { start: span.start, end: Math.max(span.start, end) };
}
