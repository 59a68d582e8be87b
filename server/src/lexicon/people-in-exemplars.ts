/**
 * Who each exemplar (or sample input) is about: its gender signals (pronouns,
 * gendered nouns, gendered first names), the first names it uses with their
 * gender and ethnicity, and its agentic and communal words. Read in one pass
 * over the prose mentions and tokens (each character once), with every
 * mention assigned to the exemplar whose source span holds it. Shared by
 * demographic-imbalance and agentic-communal-skew.
 */
import type { PromptDocument, Span } from '../model/types.js';
import { documentLexicon } from './lexicon.js';
import type { Gender } from './gender.js';
import type { Ethnicity } from './names.js';

export interface PersonProfile {
  /** Whole exemplar or input. */
  span: Span;
  female: number;
  male: number;
  /** female / male when only that gender is signalled, mixed when both, none when neither. */
  gender: Gender | 'mixed' | 'none';
  /** Distinct first names with what the data says about them. */
  names: { name: string; gender?: Gender; ethnicity?: Ethnicity; continent?: string }[];
}

export interface TraitWords {
  agentic: string[];
  communal: string[];
}

export interface ProfileGroup {
  /** What the profiles come from. */
  kind: 'exemplars' | 'test-inputs';
  /** Where to report: the first line of the set. */
  span: Span;
  profiles: PersonProfile[];
}

interface Item {
  span: Span;
  group: number;
  profile: PersonProfile;
  names?: Map<string, PersonProfile['names'][number]>;
  traits?: TraitWords;
}

interface Layout {
  groups: ProfileGroup[];
  /** Items sorted by span start. */
  items: Item[];
}

const layoutCache = new WeakMap<PromptDocument, Layout>();

function layout(doc: PromptDocument): Layout {
  let l = layoutCache.get(doc);
  if (l) return l;
  const groups: ProfileGroup[] = [];
  const items: Item[] = [];
  const addItem = (span: Span, group: number) => {
    const profile: PersonProfile = { span, female: 0, male: 0, gender: 'none', names: [] };
    items.push({ span, group, profile });
    groups[group]!.profiles.push(profile);
  };
  // Indexed, not for-of: no iterator objects in code that runs before it is optimised.
  for (let setIndex = 0, setList = doc.exemplarSets; setIndex < setList.length; setIndex++) {
    const set = setList[setIndex]!;
    if (set.exemplars.length === 0) continue;
    groups.push({ kind: 'exemplars', span: firstLine(doc, set.span), profiles: [] });
    for (const ex of set.exemplars) addItem(ex.span, groups.length - 1);
  }
  if (doc.testInputs.length > 1) {
    groups.push({ kind: 'test-inputs', span: firstLine(doc, doc.testInputs[0]!.span), profiles: [] });
    for (const ti of doc.testInputs) addItem(ti.span, groups.length - 1);
  }
  items.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  l = { groups, items };
  layoutCache.set(doc, l);
  return l;
}

/**
 * Index of the item whose span holds `offset`, or -1. `hint`, the answer for an earlier
 * offset, is returned when the search would give it too (the last item starting at or
 * before the offset): offsets mostly come in text order, so most lookups end there.
 */
function itemAt(items: Item[], offset: number, hint = -1): number {
  if (hint >= 0 && offset >= items[hint]!.span.start && offset < items[hint]!.span.end && (hint + 1 === items.length || items[hint + 1]!.span.start > offset)) return hint;
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.span.start > offset) hi = mid - 1;
    else lo = mid + 1;
  }
  return hi >= 0 && offset < items[hi]!.span.end ? hi : -1;
}

const profiled = new WeakSet<PromptDocument>();

/** One group per exemplar set, plus one for the test inputs when there are several. */
export function profileGroups(doc: PromptDocument): ProfileGroup[] {
  const l = layout(doc);
  if (profiled.has(doc) || l.items.length === 0) return l.groups;
  profiled.add(doc);
  const lexicon = documentLexicon(doc);
  for (let si = 0; si < doc.prose.length; si++) {
    const seg = doc.prose[si]!;
    let k = -1;
    for (let mIndex = 0, mList = lexicon.prose[si]!.mentions; mIndex < mList.length; mIndex++) {
      const m = mList[mIndex]!;
      k = itemAt(l.items, seg.sourceOffset(m.start), k);
      if (k < 0) continue;
      const item = l.items[k]!;
      const p = item.profile;
      const t = m.tags;
      if (t.name) {
        const key = t.name.name.toLowerCase();
        item.names ??= new Map();
        if (!item.names.has(key)) item.names.set(key, { name: t.name.name, gender: t.name.gender, ethnicity: t.name.ethnicity, continent: t.name.continent });
        if (t.name.gender === 'female') p.female++;
        else if (t.name.gender === 'male') p.male++;
        continue;
      }
      if (t.gender && !(t.gendered && t.gendered.kind !== 'role-noun')) {
        if (t.gender === 'female') p.female++;
        else p.male++;
      }
    }
  }
  for (let itemIndex = 0, itemList = l.items; itemIndex < itemList.length; itemIndex++) {
    const item = itemList[itemIndex]!;
    const p = item.profile;
    p.gender = p.female > 0 && p.male > 0 ? 'mixed' : p.female > 0 ? 'female' : p.male > 0 ? 'male' : 'none';
    p.names = item.names ? [...item.names.values()] : [];
  }
  return l.groups;
}

const traitsDone = new WeakSet<PromptDocument>();

/** Agentic and communal words of each profile (same order as `profileGroups`). */
export function traitWords(doc: PromptDocument): Map<PersonProfile, TraitWords> {
  const l = layout(doc);
  profileGroups(doc);
  if (!traitsDone.has(doc)) {
    traitsDone.add(doc);
    const lexicon = documentLexicon(doc);
    for (let si = 0; si < doc.prose.length; si++) {
      const seg = doc.prose[si]!;
      let k = -1;
      for (let hitIndex = 0, hitList = lexicon.prose[si]!.traits; hitIndex < hitList.length; hitIndex++) {
        const hit = hitList[hitIndex]!;
        k = itemAt(l.items, seg.sourceOffset(hit.start), k);
        if (k < 0) continue;
        const item = l.items[k]!;
        item.traits ??= { agentic: [], communal: [] };
        item.traits[hit.orientation].push(hit.word);
      }
    }
  }
  const out = new Map<PersonProfile, TraitWords>();
  for (const item of l.items) out.set(item.profile, item.traits ?? { agentic: [], communal: [] });
  return out;
}

function firstLine(doc: PromptDocument, span: Span): Span {
  const nl = doc.text.indexOf('\n', span.start);
  const end = nl < 0 || nl > span.end ? span.end : nl;
  return { start: span.start, end: Math.max(span.start, end) };
}
