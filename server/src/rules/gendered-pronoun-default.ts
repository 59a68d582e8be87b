/**
 * gendered-pronoun-default: an occupation or role noun in instructions or a
 * template that a gendered pronoun then refers to ("the nurse ... she",
 * "each engineer ... his"). The hover shows the BLS share of women.
 */
import { z } from 'zod';
import { defineRule, lazily, type Fix } from './types.js';
import { documentLexicon, type Mention } from '../lexicon/lexicon.js';
import { FLAG_CAPITALISED, tokenLower, type Tokens } from '../lexicon/tokens.js';
import { allowSet, inQuotedRange, isAllowed } from '../lexicon/context.js';
import { exemplarSpans } from '../lexicon/spans.js';
import { sentenceAt } from '../lexicon/sentences.js';
import { matchCase, nounFollows } from '../lexicon/swap.js';
import type { Gender, PronounCase } from '../lexicon/gender.js';
import type { Segment } from '../model/segment.js';
import type { Span } from '../model/types.js';

/** Default options, the same as the schema gives for `{}` (so no option parsing is needed for them). */
const DEFAULTS = Object.freeze({
  allow: [] as string[],
  maxDistance: 40,
  checkExemplars: false,
});
/** Built on first use: most lint runs use the defaults, so the schema is never needed at start-up. */
const options = lazily(() =>
  z.object({
    allow: z.array(z.string()).default(DEFAULTS.allow),
    /** Most tokens between the noun and the pronoun. */
    maxDistance: z.number().int().min(1).max(200).default(DEFAULTS.maxDistance),
    /** Also check few-shot exemplars and dataset records (off: they often describe specific people). */
    checkExemplars: z.boolean().default(DEFAULTS.checkExemplars),
  }),
);

/** Words before a noun that make it generic ("the nurse", "each engineer"). */
const DETERMINERS = new Set(['the', 'a', 'an', 'each', 'every', 'any', 'your', 'our', 'this', 'that', 'no', 'whichever', 'whatever']);

/** Third-person auxiliaries and their plural forms, for "she is" -> "they are". */
const AGREEMENT: Record<string, string> = {
  is: 'are', was: 'were', has: 'have', does: 'do', isn: 'aren', wasn: 'weren', hasn: 'haven', doesn: 'don',
};
/** Words after which "they" needs no change to the verb. */
const NO_AGREEMENT = new Set([
  'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'did', 'had', 'didn', 'can', 'couldn',
  'wouldn', 'shouldn', 'won', 'also', 'then', 'and', 'or', 'to',
]);
const S_WORDS_NOT_VERBS = new Set(['always', 'perhaps', 'sometimes', 'nevertheless', 'thus', 'towards', 'afterwards', 'this', 'his', 'is', 'was', 'has', 'does', 'us', 'as', 'yes', 'unless', 'less', 'across', 'besides', 'plus']);

const THEY: Record<PronounCase, string> = {
  nominative: 'they',
  object: 'them',
  possessive: 'their',
  'possessive-pronoun': 'theirs',
  reflexive: 'themselves',
  'object-or-possessive': 'them',
};
const BOTH: Record<PronounCase, [string, string]> = {
  nominative: ['he or she', 'she or he'],
  object: ['him or her', 'her or him'],
  possessive: ['his or her', 'her or his'],
  'possessive-pronoun': ['his or hers', 'hers or his'],
  reflexive: ['himself or herself', 'herself or himself'],
  'object-or-possessive': ['him or her', 'her or him'],
};

export default defineRule({
  meta: {
    id: 'gendered-pronoun-default',
    description: 'An occupation or role noun bound to a gendered pronoun in instructions or templates ("the nurse ... she").',
    rationale:
      'Defaulting a role to one gender ("the engineer ... his", "the nurse ... she") states the occupational stereotype that ' +
      'coreference benchmarks show models already follow (Rudinger et al. 2018; Zhao et al. 2018), and teaches it to the model in ' +
      'every call. The hover shows the share of women in the occupation from the U.S. BLS Current Population Survey, Table 11, ' +
      '2025 annual averages.',
    sources: [
      { short: 'Rudinger et al. 2018', title: 'Gender Bias in Coreference Resolution (Winogender)', url: 'https://aclanthology.org/N18-2002/' },
      { short: 'Zhao et al. 2018', title: 'Gender Bias in Coreference Resolution: Evaluation and Debiasing Methods (WinoBias)', url: 'https://aclanthology.org/N18-2003/' },
      { short: 'BLS CPS Table 11 (2025)', title: 'Employed persons by detailed occupation, sex, race, and Hispanic or Latino ethnicity, 2025 annual averages', url: 'https://www.bls.gov/cps/cpsaat11.htm' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      withShare:
        '"{{pronoun}}" makes the {{noun}} {{genderWord}} by default ({{pctWomen}}% of {{blsOccupation}} are women, BLS CPS {{blsYear}}); use "they" or both forms.',
      noShare: '"{{pronoun}}" makes the {{noun}} {{genderWord}} by default; use "they" or both forms.',
    },
    fixable: true,
    category: 'demographic',
  },
  check({ doc, options: o, report }) {
    const allowed = allowSet(o.allow);
    const inExemplar = exemplarSpans(doc);
    const lexicon = documentLexicon(doc);
    for (let s = 0; s < doc.prose.length; s++) {
      const seg = doc.prose[s]!;
      // Segments wholly inside an exemplar (every record of a dataset) are skipped up front.
      if (!o.checkExemplars && inExemplar.contains(seg.sourceOffset(0), seg.sourceOffset(seg.length))) continue;
      const lex = lexicon.prose[s]!;
      const mentions = lex.mentions;
      if (mentions.length < 2) continue;
      const t = lex.tokens;
      let quoted: Int32Array | undefined;
      let candidate: Mention | undefined;
      /** First token of the candidate's sentence: gendered referents from there on may be what the pronoun means. */
      let candidateSentence = 0;
      // The last gendered referent: a name or person word ("Maria", "my mother") is specific; a gendered role noun
      // ("the chairman") is not. Three variables rather than an object: a text has one every few words.
      let lastGenderedToken = -1;
      let lastGenderedGender: Gender | undefined;
      let lastGenderedSpecific = false;
      // Indexed, not for-of: no iterator objects in code that runs before it is optimised.
      for (let mIndex = 0, mList = mentions; mIndex < mList.length; mIndex++) {
        const m = mList[mIndex]!;
        const tags = m.tags;
        if (tags.pronoun) {
          const p = tags.pronoun;
          if (!candidate || m.token - (candidate.token + candidate.length) > o.maxDistance) continue;
          // The pronoun may mean a gendered referent: a specific person anywhere within reach, or a gendered
          // role noun from the noun's own sentence on ("You assist the chairman. Each engineer ... his" is reported).
          if (
            lastGenderedGender !== undefined &&
            lastGenderedGender === p.gender &&
            (lastGenderedSpecific ? m.token - lastGenderedToken <= o.maxDistance : lastGenderedToken >= candidateSentence)
          ) {
            continue;
          }
          if (bothForms(t, m.token)) continue;
          if (seg.text.slice(candidate.end, m.start).includes('\n\n')) {
            candidate = undefined;
            continue;
          }
          const nounText = seg.text.slice(candidate.start, candidate.end);
          if (isAllowed(allowed, nounText)) continue;
          quoted ??= lex.quoted;
          if (inQuotedRange(quoted, m.start, m.end) || inQuotedRange(quoted, candidate.start, candidate.end)) continue;
          const span = seg.sourceSpan(m.start, m.end);
          if (!o.checkExemplars && inExemplar.contains(span.start, span.end)) continue;
          const occ = candidate.tags.occupation;
          const bls = occ?.bls;
          const pronounText = seg.text.slice(m.start, m.end);
          const noun = occ?.noun ?? candidate.tags.role ?? nounText.toLowerCase();
          const nounSpan = seg.sourceSpan(candidate.start, candidate.end);
          report({
            messageId: bls?.pctWomen !== undefined ? 'withShare' : 'noShare',
            span,
            data: {
              pronoun: pronounText,
              pronounGender: p.gender,
              genderWord: p.gender === 'female' ? 'female' : 'male',
              noun,
              nounSpan,
              ...(bls?.pctWomen !== undefined
                ? {
                    pctWomen: bls.pctWomen,
                    blsOccupation: bls.occupation,
                    blsYear: bls.year,
                    blsAggregate: bls.aggregate,
                    blsSource: 'U.S. BLS, Current Population Survey, Table 11 (annual averages)',
                  }
                : {}),
            },
            fixes: pronounFixes(seg, t, m, p.case, span),
          });
          continue;
        }
        // A named or gendered person is a specific referent, not a default: the pronoun may mean them.
        if (tags.name || (tags.gender && !tags.occupation && !tags.role)) {
          const specific = !tags.gendered;
          if (tags.gender) {
            lastGenderedToken = m.token;
            lastGenderedGender = tags.gender;
            lastGenderedSpecific = specific;
          } else if (tags.name?.gender) {
            lastGenderedToken = m.token;
            lastGenderedGender = tags.name.gender;
            lastGenderedSpecific = true;
          }
          if (candidate && m.token >= candidateSentence) continue;
          candidate = undefined;
          continue;
        }
        if ((tags.occupation && !tags.occupation.plural) || (tags.role && !tags.personNoun)) {
          candidate = genericNoun(t, m) ? m : undefined;
          if (candidate) candidateSentence = sentenceAt(t, m.token).first;
        } else if (tags.occupation || tags.role || tags.personNoun || tags.group) {
          candidate = undefined;
        }
      }
    }
  },
});

/** "the nurse", "each new engineer": a determiner within two words before, and no gender word right before. */
function genericNoun(t: Tokens, m: Mention): boolean {
  for (let k = 1; k <= 2 && m.token - k >= 0; k++) {
    const w = tokenLower(t, m.token - k);
    if (w === 'female' || w === 'male' || w === 'woman' || w === 'man' || w === 'lady') return false;
    if (DETERMINERS.has(w)) return true;
    if (t.flags[m.token - k]! & FLAG_CAPITALISED && k === 1 && !DETERMINERS.has(w)) return false;
  }
  return false;
}

/** "he or she", "she/he", "his or her", "s/he": already both forms. */
function bothForms(t: Tokens, i: number): boolean {
  const opposite = (a: string, b: string) => {
    const pair = new Set([a, b]);
    return (
      (pair.has('he') && pair.has('she')) ||
      (pair.has('him') && pair.has('her')) ||
      (pair.has('his') && pair.has('her')) ||
      (pair.has('his') && pair.has('hers')) ||
      (pair.has('himself') && pair.has('herself'))
    );
  };
  const w = tokenLower(t, i);
  const gapOk = (a: number, b: number) => /^\s*(?:\/|or|and)\s*$/i.test(t.text.slice(t.end[a]!, t.start[b]!));
  if (i + 2 < t.count && tokenLower(t, i + 1) === 'or' && opposite(w, tokenLower(t, i + 2))) return true;
  if (i >= 2 && tokenLower(t, i - 1) === 'or' && opposite(w, tokenLower(t, i - 2))) return true;
  if (i + 1 < t.count && gapOk(i, i + 1) && opposite(w, tokenLower(t, i + 1))) return true;
  if (i >= 1 && gapOk(i - 1, i) && opposite(w, tokenLower(t, i - 1))) return true;
  if (w === 'he' && i >= 1 && tokenLower(t, i - 1) === 's' && t.text.slice(t.end[i - 1]!, t.start[i]!) === '/') return true;
  return false;
}

function pronounFixes(seg: Segment, t: Tokens, m: { token: number; start: number; end: number }, pcase: PronounCase, span: Span): Fix[] {
  const original = seg.text.slice(m.start, m.end);
  const word = original.toLowerCase();
  let c: PronounCase = pcase;
  if (word === 'her') c = nounFollows(t, m.token) ? 'possessive' : 'object';
  if (word === 'his') c = nounFollows(t, m.token) ? 'possessive' : 'possessive-pronoun';
  // Both forms, the original pronoun first ("she" -> "she or he"), then the other order.
  const [maleFirst, femaleFirst] = BOTH[c];
  const [both, reversed] = word.startsWith('s') || word.startsWith('her') ? [femaleFirst, maleFirst] : [maleFirst, femaleFirst];
  const fixes: Fix[] = [];
  const they = theyFix(seg, t, m.token, c, original, span);
  const bothFix = (s: string): Fix => ({ title: `Replace "${original}" with "${matchCase(original, s)}"`, edits: [{ span, newText: matchCase(original, s) }] });
  if (they) fixes.push(they);
  fixes.push(bothFix(both), bothFix(reversed));
  return fixes;
}

/** The "they" fix, with verb agreement for "she is" -> "they are"; undefined when agreement is unclear. */
function theyFix(seg: Segment, t: Tokens, i: number, c: PronounCase, original: string, span: Span): Fix | undefined {
  const they = matchCase(original, THEY[c]);
  const edits = [{ span, newText: they }];
  if (c === 'nominative') {
    if (i + 1 >= t.count) return undefined;
    const gap = t.text.slice(t.end[i]!, t.start[i + 1]!);
    const next = tokenLower(t, i + 1);
    if (gap === "'" || gap === '\u2019') return undefined; // he's, she'd: ambiguous contractions
    if (!/^ +$/.test(gap)) return undefined;
    const nextText = t.text.slice(t.start[i + 1]!, t.end[i + 1]!);
    if (AGREEMENT[next]) {
      edits.push({ span: seg.sourceSpan(t.start[i + 1]!, t.end[i + 1]!), newText: matchCase(nextText, AGREEMENT[next]!) });
    } else if (NO_AGREEMENT.has(next) || /ed$/.test(next)) {
      // no change needed
    } else if (/[^s]s$/.test(next) && next.length > 3 && !S_WORDS_NOT_VERBS.has(next)) {
      const base = next.endsWith('ies') ? `${next.slice(0, -3)}y` : /(?:sh|ch|x|z|ss|o)es$/.test(next) ? next.slice(0, -2) : next.slice(0, -1);
      edits.push({ span: seg.sourceSpan(t.start[i + 1]!, t.end[i + 1]!), newText: matchCase(nextText, base) });
    } else {
      return undefined;
    }
  }
  const title = edits.length > 1 ? `Replace "${original} ${t.text.slice(t.start[i + 1]!, t.end[i + 1]!)}" with "${they} ${edits[1]!.newText}"` : `Replace "${original}" with "${they}"`;
  return { title, edits };
}
