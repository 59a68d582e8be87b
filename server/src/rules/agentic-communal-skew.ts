/**
 * agentic-communal-skew: across exemplars that describe people, agentic words
 * (leader, ambitious, confident) go with one gender and communal words (warm,
 * helpful, caring) with the other. Measured as Wan et al. 2023's odds ratio
 * with a confidence interval.
 */
import { z } from 'zod';
import { defineRule, lazily, type Report } from './types.js';
import { ProfileGatherer, groupItemsNoun, type GatheredProfiles, type Profiles } from '../lexicon/people-in-exemplars.js';
import { oddsRatio } from '../stats/odds.js';
import { allowSet } from '../lexicon/context.js';

/** Default options, the same as the schema gives for `{}` (so no option parsing is needed for them). */
const DEFAULTS = Object.freeze({
  allow: [] as string[],
  minWords: 8,
  minExemplarsPerGender: 2,
  confidence: 0.95,
  minOddsRatio: 2,
});
/** Built on first use: most lint runs use the defaults, so the schema is never needed at start-up. */
const options = lazily(() =>
  z.object({
    allow: z.array(z.string()).default(DEFAULTS.allow),
    /** Least number of agentic + communal words across gendered exemplars. */
    minWords: z.number().int().min(2).default(DEFAULTS.minWords),
    /** Least number of exemplars of each gender. */
    minExemplarsPerGender: z.number().int().min(1).default(DEFAULTS.minExemplarsPerGender),
    /** Confidence level of the odds-ratio interval; the rule reports when the interval excludes 1. */
    confidence: z.number().gt(0.5).lt(1).default(DEFAULTS.confidence),
    /** Smallest odds ratio (or its inverse) worth reporting. */
    minOddsRatio: z.number().min(1).default(DEFAULTS.minOddsRatio),
  }),
);

export default defineRule({
  meta: {
    id: 'agentic-communal-skew',
    description: 'Exemplars describe one gender with agentic words (leader, ambitious) and the other with communal words (warm, helpful).',
    rationale:
      'Wan et al. 2023 found that LLM-written reference letters describe men with agentic words and women with communal words, a ' +
      'pattern that hurts women in hiring (Madera et al. 2009). Demos that pair genders with these words teach the pattern. The ' +
      'rule counts Wan et al.\'s agentic and communal stems and the Gaucher et al. 2011 masculine- and feminine-coded stems in ' +
      'demos about one gender and reports the odds ratio with its confidence interval.',
    sources: [
      { short: 'Wan et al. 2023', title: '"Kelly is a Warm Person, Joseph is a Role Model": Gender Biases in LLM-Generated Reference Letters', url: 'https://aclanthology.org/2023.findings-emnlp.243/' },
      { short: 'Gaucher et al. 2011', title: 'Evidence That Gendered Wording in Job Advertisements Exists and Sustains Gender Inequality', url: 'https://doi.org/10.1037/a0022530' },
      { short: 'Madera et al. 2009', title: 'Gender and Letters of Recommendation for Academia: Agentic and Communal Differences', url: 'https://doi.org/10.1037/a0016539' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      skew:
        'In the {{items}}, {{agenticGender}} get agentic words and {{communalGender}} communal words (odds ratio {{oddsRatio}}, {{level}}% CI {{lo}}–{{hi}}; men: {{maleAgentic}} agentic, {{maleCommunal}} communal; women: {{femaleAgentic}} agentic, {{femaleCommunal}} communal); describe both with the same kinds of words.',
    },
    fixable: false,
    category: 'demographic',
  },
  // A prompt's demo sets are gathered part by part, item by item, with their trait words; a dataset's records and
  // the test inputs are read over the whole group (see ProfileGatherer). Every group is tested at the end.
  start({ options: o, report, whole }) {
    const allowed = allowSet(o.allow);
    const gatherer = new ProfileGatherer(true);
    return {
      part: (doc) => gatherer.add(doc),
      finish: () => checkGroups(gatherer.finish(whole), o, allowed, report),
    };
  },
});

type AgenticCommunalSkewOptions = z.infer<ReturnType<typeof options>>;

/** Tests each group for agentic words going with one gender and communal words with the other. */
function checkGroups(groups: readonly GatheredProfiles[], o: AgenticCommunalSkewOptions, allowed: ReadonlySet<string>, report: (r: Report) => void): void {
  let anyMixedGroup = false;
  for (let g = 0; g < groups.length && !anyMixedGroup; g++) anyMixedGroup = hasBothGenders(groups[g]!.group.profiles);
  if (!anyMixedGroup) return;
  // Indexed, not for-of: no iterator objects in code that runs before it is optimised.
  for (let groupIndex = 0, groupList = groups; groupIndex < groupList.length; groupIndex++) {
    const group = groupList[groupIndex]!.group;
    const counts = { male: { agentic: 0, communal: 0, exemplars: 0 }, female: { agentic: 0, communal: 0, exemplars: 0 } };
    const examples = { agentic: new Set<string>(), communal: new Set<string>() };
    for (let i = 0, profiles = group.profiles, wordList = groupList[groupIndex]!.traits(); i < profiles.length; i++) {
      const gender = profiles.gender(i);
      if (gender !== 'male' && gender !== 'female') continue;
      const c = counts[gender];
      c.exemplars++;
      const words = wordList[i]!;
      c.agentic += countWords(words.agentic, allowed, examples.agentic);
      c.communal += countWords(words.communal, allowed, examples.communal);
    }
    const { male: m, female: f } = counts;
    const total = m.agentic + m.communal + f.agentic + f.communal;
    if (total < o.minWords || m.exemplars < o.minExemplarsPerGender || f.exemplars < o.minExemplarsPerGender) continue;
    // Rows: male, female; columns: agentic, communal. OR > 1: men agentic, women communal.
    const r = oddsRatio(m.agentic, m.communal, f.agentic, f.communal, o.confidence);
    const significant = r.lo > 1 || r.hi < 1;
    const large = r.oddsRatio >= o.minOddsRatio || r.oddsRatio <= 1 / o.minOddsRatio;
    if (!significant || !large) continue;
    const stereotypical = r.oddsRatio > 1;
    report({
      messageId: 'skew',
      span: group.span,
      data: {
        items: groupItemsNoun(group),
        agenticGender: stereotypical ? 'male' : 'female',
        communalGender: stereotypical ? 'female' : 'male',
        direction: stereotypical ? 'stereotypical' : 'counter-stereotypical',
        oddsRatio: round(r.oddsRatio),
        lo: round(r.lo),
        hi: round(r.hi),
        level: Math.round(o.confidence * 100),
        haldaneCorrected: r.corrected,
        maleAgentic: m.agentic,
        maleCommunal: m.communal,
        femaleAgentic: f.agentic,
        femaleCommunal: f.communal,
        maleExemplars: m.exemplars,
        femaleExemplars: f.exemplars,
        agenticWords: [...examples.agentic].sort().slice(0, 10),
        communalWords: [...examples.communal].sort().slice(0, 10),
      },
      // The message reads "men"/"women" and at most three significant digits ("26588", not "26588.24").
      messageData: {
        agenticGender: stereotypical ? 'men' : 'women',
        communalGender: stereotypical ? 'women' : 'men',
        oddsRatio: readable(r.oddsRatio),
        lo: readable(r.lo),
        hi: readable(r.hi),
      },
      strength: stereotypical ? 'normal' : 'weak',
    });
  }
}

/** Whether some profiles are about men and some about women. */
function hasBothGenders(profiles: Profiles): boolean {
  let male = false;
  let female = false;
  for (let i = 0; i < profiles.length && !(male && female); i++) {
    const gender = profiles.gender(i);
    if (gender === 'male') male = true;
    else if (gender === 'female') female = true;
  }
  return male && female;
}

/** How many of `words` are not allowed, each added to `examples`. */
function countWords(words: readonly string[], allowed: ReadonlySet<string>, examples: Set<string>): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (allowed.has(w)) continue;
    n++;
    examples.add(w);
  }
  return n;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A ratio for the message: whole from 100, one decimal from 10, else three significant digits ("483", "26588", "13.4", "8.77", "0.0371"). */
export function readable(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 100) return String(Math.round(x));
  if (x >= 10) return String(Math.round(x * 10) / 10);
  return String(Number(x.toPrecision(3)));
}
