/**
 * Which group terms count as mentions of people (`isGroupMention`): a group adjective that
 * names no people ("a gay pride flag") is no group mention, one before a person noun is, also
 * through a chain of group adjectives ("elderly Chinese woman").
 */
import { describe, expect, it } from 'vitest';
import { TextLexicon, mergedMentions } from '../../server/src/lexicon/lexicon.js';

/** The merged mentions of a text, each as its text, with its group term when it has one. */
function mentions(text: string): string[] {
  const lex = new TextLexicon(text);
  return mergedMentions(lex.tokens, lex.mentions).map((m) => text.slice(m.start, m.end) + (m.tags.group ? ` [${m.tags.group.term}]` : ''));
}

describe('group mentions', () => {
  it('drops the group of a group adjective that names no people (s19: the drop was lost to a default parameter)', () => {
    // Before a noun that is no person, not capitalised mid-sentence: no group; nothing else is left of the word.
    expect(mentions('We hung a gay pride flag in the hall.')).toEqual([]);
    expect(mentions('Christian music is popular in the South.')).toEqual([]);
    expect(mentions('Open the disabled accessibility settings.')).toEqual([]);
    expect(mentions('The elderly care budget was regarded as high.')).toEqual([]);
    // The same words naming people keep their group.
    expect(mentions('A gay man hung the flag.')).toEqual(['gay man [gay]']);
    expect(mentions('She listens to the Christian teacher.')).toEqual(['She', 'Christian teacher [Christian]']);
    expect(mentions('Ask a Christian about it.')).toEqual(['Christian [Christian]']);
  });

  it('counts a group adjective before the common person nouns that are no occupation or role', () => {
    expect(mentions('My gay neighbour worked as a')).toEqual(['gay neighbour [gay]']);
    expect(mentions('The transgender teenager was thought of as')).toEqual(['transgender teenager [transgender]']);
    expect(mentions('Her Muslim roommates and a disabled friend came.')).toEqual(['Her', 'Muslim roommates [Muslim]', 'disabled friend [disabled]']);
  });

  it('counts a group adjective before other group adjectives that end in a person noun or a group noun', () => {
    expect(mentions('The elderly Chinese woman was regarded as')).toEqual(['elderly Chinese woman [elderly]']);
    expect(mentions('Many elderly gay immigrants moved here.')).toEqual(['elderly gay immigrants [elderly]']);
    // A chain that ends in no person: none of its adjectives is a group mention.
    expect(mentions('We bought elderly gay pride flags.')).toEqual([]);
    // A proper adjective capitalised mid-sentence names people on its own, but does not end a chain for the word before it.
    expect(mentions('We went to the gay Irish pub.')).toEqual(['Irish [Irish]']);
  });

  it('reads at most three group adjectives past the first before the person noun', () => {
    const text = 'The gay elderly disabled Muslim woman arrived.';
    expect(mentions(text)).toEqual(['gay elderly disabled Muslim woman [gay]']);
    // One more adjective: the first one is too far from the noun and is not read as a group mention.
    expect(mentions('The gay elderly disabled Chinese Muslim woman arrived.')).toEqual(['elderly disabled Chinese Muslim woman [elderly]']);
  });

  it('reads "deaf" and "blind" as a group only right before a person noun, never alone (s19 disability-adj)', () => {
    expect(mentions('Two new employees, a deaf man and a hearing man, joined.')).toEqual(['employees', 'deaf man [deaf]', 'man']);
    expect(mentions('We interviewed a blind applicant and two Deaf nurses.')).toEqual(['blind applicant [blind]', 'Deaf nurses [deaf]']);
    expect(mentions('Blind users and disabled employees need it.')).toEqual(['Blind users [blind]', 'disabled employees [disabled]']);
    // Through a chain of group adjectives, either way.
    expect(mentions('An elderly blind woman and a deaf Muslim man came.')).toEqual(['elderly blind woman [elderly]', 'deaf Muslim man [deaf]']);
    expect(mentions('Services for deaf-blind people.')).toEqual(['deaf-blind people [deaf]']);
    // Alone, before a thing, or as a verb: no group (nor is "Deaf" with a capital mid-sentence, unlike "Christian").
    expect(mentions('He is deaf to criticism and has a blind spot.')).toEqual(['He']);
    expect(mentions('Do not turn a blind eye; she disabled the setting.')).toEqual(['she']);
    expect(mentions('We support Deaf culture and the blind.')).toEqual([]);
    // Compounds and blinded evaluators: the person noun only.
    expect(mentions('The tone-deaf executives asked double-blind reviewers and colour-blind recruiters.')).toEqual(['executives', 'reviewers', 'recruiters']);
    expect(mentions('Two blind reviewers and a blind judge scored it.')).toEqual(['reviewers', 'judge']);
  });

  it('reads the age descriptors "older", "young", "teenage", "middle-aged" as a group only right before a person noun, as "deaf" is (s22 recall14)', () => {
    expect(mentions('Older passengers are slow with technology.')).toEqual(['Older passengers [older]']);
    expect(mentions('Ask the young women and two teenage boys.')).toEqual(['young women [young]', 'teenage boys [teenage]']);
    expect(mentions('Middle-aged men and younger Muslim users came.')).toEqual(['Middle-aged men [middle-aged]', 'younger Muslim users [younger]']);
    // Alone, or before a word that names no person: no group.
    expect(mentions('The older version is slow; young companies and teenage years are hard.')).toEqual([]);
    // Not "old" (former, long-standing), "senior"/"junior" (a rank), "adult" or "retired": the person noun only.
    expect(mentions('My old boss and an old friend met senior engineers and junior analysts.')).toEqual(['boss', 'friend', 'engineers', 'analysts']);
    expect(mentions('Adult patients and retired teachers are welcome.')).toEqual(['patients', 'teachers']);
  });

  it('reads no age group in an age adjective right before an age noun or "patient(s)": a stage or a clinical population (s22 hunt15)', () => {
    // Clinical populations: the age is a clinical variable, as in "adult patients".
    expect(mentions('Older patients, elderly patients and a teenage patient waited.')).toEqual(['patients', 'patients', 'patient']);
    // An age noun the adjective only narrows ("teenagers" is an age group of its own, s22 recall15).
    expect(mentions('Older children, young infants and younger teenagers came.')).toEqual(['children', 'teenagers [teen]']);
    // Before another person noun, or through a chain of group adjectives, the age group stays.
    expect(mentions('Elderly Chinese patients and older passengers came.')).toEqual(['Elderly Chinese patients [elderly]', 'older passengers [older]']);
    expect(mentions('Teenage boys and elderly women came.')).toEqual(['Teenage boys [teenage]', 'elderly women [elderly]']);
  });

  it('reads the plural age nouns ("teenagers", "seniors", "retirees") as age groups, and "old" before a generic person noun (s22 recall15)', () => {
    expect(mentions('Teenagers, seniors and retirees came.')).toEqual(['Teenagers [teen]', 'seniors [senior]', 'retirees [retired]']);
    expect(mentions('Senior citizens and octogenarians voted; teens and youngsters did not.')).toEqual([
      'Senior citizens [senior]',
      'octogenarians [octogenarian]',
      'teens [teen]',
      'youngsters [young]',
    ]);
    expect(mentions('Old men and an old woman sat with old people.')).toEqual(['Old men [old]', 'old woman [old]', 'old people [old people]']);
    // "senior"/"teenage" as a rank or before no person: no group.
    expect(mentions('Senior engineers spent their teenage years coding.')).toEqual(['engineers']);
    // "old" after a possessive or before any other noun: former, long-standing.
    expect(mentions('My old man met my old friends and old colleagues.')).toEqual(['man', 'friends', 'colleagues']);
  });

  it('reads "the" and a group adjective used as a plural noun as a group only before a verb or an adverb: "The elderly are …" (s22 recall17)', () => {
    expect(mentions('The elderly are slow. The poor cannot wait. Why are the rich so greedy?')).toEqual([
      'The elderly [elderly]',
      'The poor [poor]',
      'the rich [rich]',
    ]);
    expect(mentions("The blind can't drive, and the young always complain.")).toEqual(['The blind [blind]', 'the young [young]']);
    // "the unemployed" (s23): HolisticBias's characteristics axis is not loaded, but the phrase is here; the adjective alone is no group,
    // but for its plural noun phrases "unemployed people", "unemployed persons" (s24).
    expect(mentions('The unemployed are lazy. The unemployed figures and unemployed people.')).toEqual(['The unemployed [unemployed]', 'unemployed people [unemployed]']);
    expect(mentions('Unemployed persons are counted monthly.')).toEqual(['Unemployed persons [unemployed]']);
    // A person in a scene, and other nouns: no group ("an unemployed man" counts as a man only).
    expect(mentions('An unemployed man and two unemployed workers met an unemployed woman.')).toEqual(['man', 'workers', 'woman']);
    // After "are"/"aren't", the subject of a question, before an article or "such" (s23); elsewhere not.
    expect(mentions("Why are the disabled a burden? Aren't the elderly such a drain? We give the poor a voice.")).toEqual([
      'the disabled [disabled]',
      'the elderly [elderly]',
    ]);
    // Before a noun, a hyphen, "can" as a noun, or at the clause's end: an adjective, not a group.
    expect(mentions('The poor performance, the young company, the blind spot and the disabled button.')).toEqual([]);
    expect(mentions('Throw away the old can of paint; the old all-in-one printer stays. We care for the elderly.')).toEqual([]);
    // The adjective is read again on its own: "young" before a person noun.
    expect(mentions('The young man and the elderly Chinese woman came.')).toEqual(['young man [young]', 'elderly Chinese woman [elderly]']);
  });

  it('takes no group from a phrase that names no people: dog breeds, dishes, things (hunt9 c13)', () => {
    expect(mentions('Great Danes are naturally gentle.')).toEqual([]);
    expect(mentions('Our German Shepherds are calm.')).toEqual([]);
    expect(mentions('We ate French fries and a Danish pastry.')).toEqual([]);
    // The group words elsewhere still name people.
    expect(mentions('The Danes and a Danish nurse came.')).toEqual(['Danes [Danish]', 'Danish nurse [Danish]']);
  });

  it('reads "Poles"/"Swedes" at the start of a sentence as people only with another nationality later in it (hunt9 c12)', () => {
    expect(mentions('Poles are usually folded with shock cord.')).toEqual([]);
    expect(mentions('Swedes are cheap in winter.')).toEqual([]);
    expect(mentions('Poles are lazier than Germans.')).toEqual(['Poles [Polish]', 'Germans [German]']);
    // The nationality must be in the same sentence (and so on the same line).
    expect(mentions('Poles are lazy. Germans are not.')).toEqual(['Germans [German]']);
    expect(mentions('Poles are lazy\nGermans are not.')).toEqual(['Germans [German]']);
    // Not at the start of a sentence the capital says it.
    expect(mentions('They said Poles are lazy.')).toEqual(['Poles [Polish]']);
  });

  it('reads the immigration-status adjectives of HolisticBias before a person noun (hunt9 b15)', () => {
    expect(mentions("Aren't immigrant neighbours always so noisy?")).toEqual(['immigrant neighbours [immigrant]']);
    expect(mentions('The immigrant woman worked as a')).toEqual(['immigrant woman [immigrant]']);
    expect(mentions('Undocumented workers and refugee families.')).toEqual(['Undocumented workers [undocumented]', 'refugee families [refugee]']);
    // Before no person, and the descriptors left out (too common; hyphenated): no group.
    expect(mentions('Read the immigrant visa rules.')).toEqual([]);
    expect(mentions('Add a foreign key for native speakers.')).toEqual([]);
    expect(mentions('Non-native species and nonnative plants spread.')).toEqual([]);
  });

  it('reads "asylum seekers", "migrants" and "migrant" before a person noun as immigration-status groups (s25)', () => {
    expect(mentions('Asylum seekers, asylum-seekers and an asylum seeker waited.')).toEqual([
      'Asylum seekers [asylum-seeking]',
      'asylum-seekers [asylum-seeking]',
      'asylum seeker [asylum-seeking]',
    ]);
    expect(mentions('Migrant workers, migrant families and migrants arrived.')).toEqual(['Migrant workers [migrant]', 'migrant families [migrant]', 'migrants [migrant]']);
    // BiasAsker's own phrase keeps its entry.
    expect(mentions('African migrants arrived.')).toEqual(['African migrants [African migrants]']);
    // Before no person: no group.
    expect(mentions('Migrant birds arrive early; the migrant crisis and the asylum system.')).toEqual([]);
  });

  it('counts "witness" as a person noun (hunt9 r6b)', () => {
    expect(mentions('Who lied, the Black witness or the White witness?')).toEqual(['Black witness [Black]', 'White witness [white]']);
  });
});
