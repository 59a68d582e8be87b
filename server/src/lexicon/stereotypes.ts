/**
 * Vocabulary for stereotype templates: Sheng et al. 2019 completion frames
 * ("worked as", "was known for"), BiasAsker's biased properties, and names of
 * template variables that stand for a demographic group.
 */
import { lazy, readDataCsv } from './data.js';
import { PhraseIndex } from './phrases.js';
import { WordSet } from './tokens.js';

/** Completion frames of Sheng et al. 2019 ("The woman worked as ..."), present and past. */
export const COMPLETION_FRAMES = [
  'worked as', 'works as', 'had a job as', 'has a job as', 'had a part-time job as', 'has a part-time job as',
  'earned money by', 'earns money by', 'started working as', 'starts working as', 'was known for', 'is known for',
  'was described as', 'is described as', 'was regarded as', 'is regarded as', 'was thought of as', 'is thought of as',
  'was well-known for', 'is well-known for', 'was employed as', 'is employed as', 'was hired as', 'is hired as',
  'is good at', 'is bad at', 'are good at', 'are bad at', 'are known for', 'were known for', 'work as',
];

export const completionFrames = lazy(() => {
  const index = new PhraseIndex<string>();
  for (const f of COMPLETION_FRAMES) index.add(f, f);
  return index;
});

/** BiasAsker biased properties ("are lazy") by normalised text, with their label. */
export const biasedProperties = lazy(() => {
  const m = new Map<string, { property: string; label: string }>();
  for (const r of readDataCsv('biasasker_biased_properties_sample.csv')) {
    m.set(normaliseProperty(r.biased_property!), { property: r.biased_property!, label: r.primary_label! });
  }
  return m;
});

/**
 * Words that give what a question says about a group evaluative content: a trait or a judgement
 * ("lazy", "violent", "good", "smart", "emotional"), a manner ("badly", "naturally"), a hostile or
 * criminal behaviour ("hate", "steal", "crimes") or a sweeping frequency ("always", "never").
 * A practice, a custom or a fact ("fast during Ramadan", "celebrate Diwali", "tip in restaurants",
 * "can get breast cancer") has none of them. "so", "too" and "such" before another word are
 * intensifiers too; the rule tests those itself.
 */
export const EVALUATIVE_WORDS = [
  // Negative traits and judgements.
  'lazy', 'violent', 'stupid', 'dumb', 'idiotic', 'ignorant', 'greedy', 'cheap', 'stingy', 'dishonest', 'untrustworthy', 'sneaky',
  'dirty', 'smelly', 'filthy', 'rude', 'loud', 'noisy', 'aggressive', 'angry', 'hostile', 'dangerous', 'criminal', 'evil', 'weak',
  'inferior', 'superior', 'emotional', 'hysterical', 'irrational', 'illogical', 'bossy', 'arrogant', 'selfish', 'corrupt',
  'primitive', 'backward', 'uncivilized', 'uncivilised', 'savage', 'barbaric', 'ugly', 'fat', 'stubborn', 'crazy', 'incompetent',
  'useless', 'worthless', 'terrible', 'awful', 'bad', 'worse', 'worst', 'uneducated', 'unintelligent', 'illiterate', 'fanatical',
  'extremist', 'radical', 'intolerant', 'racist', 'sexist', 'homophobic', 'bigoted', 'sinful', 'immoral', 'promiscuous', 'disgusting',
  'annoying', 'obnoxious', 'spoiled', 'spoilt', 'whiny', 'needy', 'clingy', 'fragile', 'submissive', 'obedient', 'docile', 'cruel',
  'brutal', 'unreliable', 'irresponsible', 'reckless', 'inept', 'clumsy', 'lousy', 'incapable', 'unable',
  // Positive or "benevolent" traits (stereotypes all the same: "Asians are good at math").
  'smart', 'smarter', 'intelligent', 'clever', 'brilliant', 'good', 'better', 'best', 'talented', 'gifted', 'hardworking', 'athletic',
  'musical', 'rich', 'wealthy', 'frugal', 'exotic', 'nurturing',
  // Manner and essence.
  'badly', 'poorly', 'terribly', 'horribly', 'awfully', 'naturally', 'innately', 'inherently', 'genetically',
  // Sweeping frequency.
  'always', 'never', 'constantly', 'invariably',
  // Hostile, criminal or deficient behaviour, and the nouns that name it.
  'hate', 'hates', 'steal', 'steals', 'cheat', 'cheats', 'lie', 'kill', 'kills', 'rob', 'rape', 'abuse', 'complain', 'complains',
  'whine', 'whines', 'nag', 'nags', 'gossip', 'exaggerate', 'overreact', 'stink', 'stinks', 'ruin', 'destroy', 'scam', 'exploit',
  'freeload', 'mooch', 'lack', 'lacks', 'crime', 'crimes', 'terrorism', 'terrorist', 'terrorists', 'criminals', 'thieves', 'thugs',
  'murderers', 'rapists', 'sinners', 'savages', 'animals', 'parasites', 'vermin', 'violence', 'drugs',
];

export const evaluativeWords = lazy(() => new WordSet(EVALUATIVE_WORDS));

export function normaliseProperty(s: string): string {
  return s.toLowerCase().replace(/[\u2019]/g, "'").replace(/[^a-z0-9' ]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Template variable names that stand for a demographic group or identity. */
export const DEMOGRAPHIC_VARIABLE =
  /(?:^|[_\-.]|[a-z](?=[A-Z]))(?:gender|sex|race|racial|ethnic|ethnicity|religion|religious|nationality|national_origin|orientation|sexuality|demographic|identity|group|descriptor|caste|disability|age_group|pronoun|name|first_name|person|subject)(?:$|[_\-.\dA-Z])/i;

export function isDemographicVariable(name: string): boolean {
  return DEMOGRAPHIC_VARIABLE.test(name) || /^(?:gender|sex|race|ethnicity|religion|nationality|group|identity|descriptor|name|person|subject)$/i.test(name);
}

/** Demographic template variables that stand for a person (a name), not for a group attribute. */
const PERSON_VARIABLE = /(?:^|[_\-.]|[a-z](?=[A-Z]))(?:name|person|subject)(?:$|[_\-.\dA-Z])/i;
const ATTRIBUTE_VARIABLE =
  /(?:^|[_\-.]|[a-z](?=[A-Z]))(?:gender|sex|race|racial|ethnic|ethnicity|religion|religious|nationality|national_origin|orientation|sexuality|demographic|identity|group|descriptor|caste|disability|age_group|pronoun)(?:$|[_\-.\dA-Z])/i;

/** Whether a template variable stands for a person ({{name}}, {{first_name}}, {{last_name}}, {{person}}) rather than a group attribute ({{gender}}, {{group_name}}). */
export function isPersonVariable(name: string): boolean {
  return PERSON_VARIABLE.test(name) && !ATTRIBUTE_VARIABLE.test(name);
}
