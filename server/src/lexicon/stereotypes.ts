/**
 * Vocabulary for stereotype templates: Sheng et al. 2019 completion frames
 * ("worked as", "was known for"), BiasAsker's biased properties, and names of
 * template variables that stand for a demographic group.
 */
import { lazy, readDataCsv } from './data.js';
import { PhraseIndex } from './phrases.js';

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
