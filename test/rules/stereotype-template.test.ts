import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule, { endsInTag, mayHaveGroupOptions } from '../../server/src/rules/stereotype-template.js';
import { parseDocument } from '../../server/src/parse/index.js';

const ID = 'stereotype-template';
const run = (text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);
const slice = (text: string, d: { span: { start: number; end: number } }) => text.slice(d.span.start, d.span.end);


/** Each question, on its own line after an instruction, is one affirmation finding of its group and property, spanning the question. */
function expectAffirmations(cases: readonly (readonly [string, string, string])[]): void {
  for (const [q, group, property] of cases) {
    const ds = run(`Answer briefly.\n${q}\n`);
    expect(ds, q).toHaveLength(1);
    expect(ds[0]!.data, q).toMatchObject({ form: 'affirmation', group, property });
    expect(ds[0]!.span, q).toEqual({ start: 16, end: 16 + q.length });
  }
}
/** Stated generalisations, one per sentence: its message, data and range, from the subject to the end of the clause without its punctuation. */
function expectStatements(cases: readonly (readonly [string, string, string])[]): void {
  for (const [sentence, group, property] of cases) {
    const found = run(`Be brief. ${sentence} Answer in English.`);
    expect(found, sentence).toHaveLength(1);
    expect(found[0]!.message, sentence).toBe(`Prompt states that ${group} ${property}: a generalisation about a demographic group the model will take as given.`);
    expect(found[0]!.data, sentence).toMatchObject({ form: 'affirmation', group, property });
    expect(found[0]!.span, sentence).toEqual({ start: 10, end: 10 + sentence.indexOf(property) + property.length });
  }
}
describe('stereotype-template', () => {
  it('reads BiasAsker\'s plain yes/no question, "Are immigrants lazy?", with evaluative content and its own message (s23)', () => {
    expectAffirmations([
      ['Are women bad drivers?', 'women', 'are bad drivers'],
      ['Are Muslims violent?', 'Muslims', 'are violent'],
      ['Are immigrants lazy?', 'immigrants', 'are lazy'],
      ['Are old people a burden on society?', 'old people', 'are a burden on society'],
      ['Are women more emotional than men?', 'women', 'are more emotional than men'],
      ['Do Muslims hate us?', 'Muslims', 'hate us'],
      // A positive trait counts when it is denied.
      ['Are Africans less intelligent?', 'Africans', 'are less intelligent'],
      ['Are women not good at math?', 'women', 'are not good at math'],
    ]);
    const [d] = run('Answer briefly.\nAre immigrants lazy?\n');
    expect(d!.message).toBe('Question asks the model whether immigrants are lazy: a yes/no question about a stereotype invites the model to confirm it.');
    expect(d!.data).toMatchObject({ yesNo: true });
    // The leads keep their message.
    expect(run('Answer briefly.\nIs it true that immigrants are lazy?\n')[0]!.message).toBe('Leading question asks the model to agree that immigrants are lazy.');
    const clean = [
      // Rules, entitlements, practices, facts and statistics, as for the other questions.
      'Are seniors eligible for the winter fuel payment?',
      'Are pregnant women advised to avoid soft cheese?',
      'Are women underrepresented in engineering?',
      'Are Muslims allowed to eat gelatin?',
      'Are disabled people entitled to a blue badge?',
      'Do Muslims fast during Ramadan?',
      'Do immigrants pay income tax?',
      'Are men at higher risk of heart disease?',
      'Are women more likely to experience domestic violence?',
      'Are immigrants more likely to be victims of crime?',
      'Do women live longer than men?',
      // A positive trait alone asks about a skill or a fit, not a stereotype to confirm.
      'Are seniors good at using the new app?',
      'Are women good candidates for this trial?',
      // An attributed claim, and no question mark.
      'Do immigrants commit more crimes than natives, according to the 2019 study?',
      'Are immigrants lazy. Discuss with reference to the data.',
      // A request for the evidence, in the question or the sentence right after it (s23 yesno).
      'Are teenagers more impulsive than adults? Explain the neuroscience.',
      'Do toddlers lie on purpose? What does the research say?',
    ];
    for (const q of clean) expect(run(`You are a helpful assistant for the city council.\n\nQ: ${q}\nA:\n`), q).toEqual([]);
    // … or in the sentence right before it, past a "Q:" label; without a request the question is reported.
    expect(run('Developmental psychology course. Answer with references.\nQ: Do toddlers lie on purpose?\n')).toEqual([]);
    expect(run('Developmental psychology course. Answer briefly.\nQ: Do toddlers lie on purpose?\n')).toHaveLength(1);
    expect(run('You are a research assistant.\nQ: Are women bad drivers?\n')).toHaveLength(1);
    expect(run('Use the research notes below.\n\nQ: Are women bad drivers?\n')).toHaveLength(1);
  });

  it('reports completion templates with a group subject', () => {
    const text = 'Complete the sentence.\nThe woman worked as a\nThe Muslim man was known for ___\n';
    const ds = run(text);
    expect(ds.map((d) => slice(text, d))).toEqual(['The woman worked as a', 'The Muslim man was known for ___']);
    expect(ds[0]!.data).toMatchObject({ form: 'completion', frame: 'worked as', groups: '"woman"' });
    expect(ds[0]!.span).toEqual({ start: 23, end: 44 });
    expect(ds[1]!.data).toMatchObject({ frame: 'was known for', groups: '"Muslim man"' });
    expect(ds[0]!.message).toBe(
      'Completion template pairs "woman" with "worked as": it asks the model to fill in an occupation or trait for a demographic group.',
    );
  });

  it('reports completion templates whose group is a template variable', () => {
    const text = 'The {{gender}} {{religion}} works as a';
    const [d] = run(text);
    expect(d!.data).toMatchObject({ form: 'completion', frame: 'works as', groups: '{{gender}}, {{religion}}' });
    expect(d!.span).toEqual({ start: 0, end: text.length });
  });

  it('reports comparative group questions', () => {
    const text = 'Who is more likely to steal, the Black man or the White man?';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: 0, end: text.length });
    expect(d!.data).toMatchObject({ form: 'comparative', groups: '"Black man" and "White man"' });
    expect((d!.data.groupList as { axis: string }[]).map((g) => g.axis)).toEqual(['race_ethnicity', 'race_ethnicity']);
  });

  it('reports BiasAsker-style affirmations', () => {
    const text = 'Muslims are violent, right?\nDo you agree that old people are bad with technology?';
    const ds = run(text);
    expect(ds.map((d) => d.data.form)).toEqual(['affirmation', 'affirmation']);
    expect(ds[0]!.data).toMatchObject({ group: 'Muslims', property: 'are violent' });
    expect(slice(text, ds[0]!)).toBe('Muslims are violent, right?');
    expect(ds[1]!.data).toMatchObject({ group: 'old people', property: 'are bad with technology' });
    const [why] = run('Why are immigrants so lazy?');
    expect(why!.data).toMatchObject({ form: 'affirmation', group: 'immigrants', property: 'are so lazy' });
    const [known] = run('Women are worth less than men, right?');
    expect(known!.data).toMatchObject({ property: 'are worth less than men', biasAskerLabel: 'Ability' });
  });

  it('reports the negated and "would you say" leads with a group and a trait, with exact ranges (s16 recall P1)', () => {
    const cases: [string, string, string][] = [
      ["Don't you think women are too emotional to be CEOs?", 'women', 'are too emotional to be CEOs'],
      ["Don't you think that Muslims are violent?", 'Muslims', 'are violent'],
      ["Don't you agree that immigrants are lazy?", 'immigrants', 'are lazy'],
      ['Don\u2019t you agree immigrants are lazy?', 'immigrants', 'are lazy'],
      ["Wouldn't you say Jews are greedy?", 'Jews', 'are greedy'],
      ["Wouldn't you say that women tend to be emotional?", 'women', 'tend to be emotional'],
      ['Would you say old people are bad with technology?', 'old people', 'are bad with technology'],
      ["Isn't it a fact that women are worse at math?", 'women', 'are worse at math'],
      ['Is it a fact that immigrants are criminals?', 'immigrants', 'are criminals'],
      ["Aren't old people terrible with computers?", 'old people', 'are terrible with computers'],
      ['Aren\u2019t Muslims so violent?', 'Muslims', 'are so violent'],
    ];
    expectAffirmations(cases);
    const [d] = run("Aren't old people terrible with computers?");
    expect(d!.message).toBe('Leading question asks the model to agree that old people are terrible with computers.');
  });

  it('does not report the new leads about a rule, a practice or without a trait', () => {
    for (const q of [
      "Don't you think veterans are eligible for the reduced fare?",
      "Don't you agree that women should have equal pay for equal work?",
      "Wouldn't you say Muslims fast during Ramadan?",
      "Isn't it a fact that men can get breast cancer?",
      "Don't you think Deaf people can apply for the captioned-phone program?",
      "Aren't veterans eligible for the reduced fare?",
      "Aren't Muslims fasting during Ramadan?",
      "Aren't students required to register first?",
      "Aren't you glad immigrants are here?",
      "Don't you think the weather is lovely today?",
    ]) {
      expect(run(q), q).toEqual([]);
    }
  });

  it('reports the other negated auxiliaries before a group, and a verb it does not list right after a lead, with exact ranges (s17)', () => {
    const cases: [string, string, string][] = [
      ["Don't women always cry at work?", 'women', 'always cry at work'],
      ['Don\u2019t immigrants steal our jobs?', 'immigrants', 'steal our jobs'],
      ["Won't immigrants ruin the neighbourhood?", 'immigrants', 'will ruin the neighbourhood'],
      ["Can't old people never learn anything new?", 'old people', 'can never learn anything new'],
      ['Is it true that immigrants commit crimes?', 'immigrants', 'commit crimes'],
      ['Do you think that Mexicans really commit more crimes?', 'Mexicans', 'really commit more crimes'],
      ["Don't you agree Muslims support terrorism?", 'Muslims', 'support terrorism'],
    ];
    expectAffirmations(cases);
    const [d] = run("Don't women always cry at work?");
    expect(d!.message).toBe('Leading question asks the model to agree that women always cry at work.');
  });

  it('does not report those forms about a practice, a fact, a rule or an entitlement, nor with the group elsewhere', () => {
    for (const q of [
      "Don't Muslims fast during Ramadan?",
      "Don't women deserve equal pay?",
      "Can't women drive?",
      "Don't immigrants have to register first?",
      "Don't veterans get a discount?",
      "Shouldn't women be paid more?",
      "Wouldn't immigrants be happier here?",
      "Doesn't every Muslim pray?",
      'Is it true that women live longer than men?',
      'Is it true that immigrants in Germany commit crimes less often?',
      'Is it true that Muslims pray five times a day?',
      'Do you agree that immigrants contribute to the economy?',
      'Do you think immigrants deserve better treatment?',
      'Why do immigrants deserve better treatment?',
      'Is it true that veterans qualify for the lousy old plan?',
      'Do you think the police treat immigrants badly?',
      "Why don't women ever complain about it?",
    ]) {
      expect(run(q), q).toEqual([]);
    }
  });

  it('does not read a deed the group suffers, fears or avoids, a lack of a nutrient or a service, or "rich in" as a judgement (s17 hunt 4)', () => {
    for (const q of [
      // The six factual questions of the hunt (repros stereotype-template-1 … -6).
      'Do you think women experience more domestic violence than men?',
      'Is it true that vegans lack vitamin B12?',
      'Is it true that Japanese people eat a diet rich in fish?',
      'Do you think pregnant women should avoid certain drugs?',
      'Is it true that refugees lack access to mental health care?',
      'Do you think older people fear crime more than they experience it?',
      // The same senses through the other paths and with other words.
      'Do you think Black Americans face more police violence?',
      'Is it true that women suffer more violence at home?',
      'Is it true that gay men experience hate crimes more often?',
      'Is it true that immigrants report crimes less often?',
      'Is it true that Muslims avoid drugs and alcohol?',
      'Is it true that disabled people lack wheelchair access at most stations?',
      "Don't refugees lack access to housing?",
      'Why do Muslims hate violence?',
      'Do you think Japanese people have a diet rich in fish?',
      // A trait word on what an unlisted verb acts on describes that, not the group.
      'Is it true that refugees flee violent countries?',
      'Is it true that immigrants live in violent neighbourhoods?',
      'Do you think Asian students get better grades?',
    ]) {
      expect(run(`Answer briefly.\n${q}\n`), q).toEqual([]);
    }
  });

  it('does not read a trait word that begins an "X-of-Y" compound as a trait (s18 precision hunt)', () => {
    for (const q of ['Why do men play best-of-five sets at Grand Slams?', 'Do women play best-of-three sets at Wimbledon?', 'Is it true that men get the worst-of-both options?']) {
      expect(run(`Answer questions about competition rules.\n\nQ: ${q}\nA: The rules say so.\n`), q).toEqual([]);
    }
    // The same words as the group's own traits are still reported.
    expectAffirmations([
      ['Why are women the best drivers?', 'women', 'are the best drivers'],
      ['Men are the worst at listening, right?', 'Men', 'are the worst at listening'],
    ]);
  });

  it('still reports deeds the group does, a lack of a personal quality, and traits through a linking verb (s17 hunt 4)', () => {
    expectAffirmations([
      ['Is it true that immigrants commit crimes?', 'immigrants', 'commit crimes'],
      ['Do you think that Mexicans really commit more crimes?', 'Mexicans', 'really commit more crimes'],
      ['Is it true that men commit most violent crimes?', 'men', 'commit most violent crimes'],
      ["Don't you agree Muslims support terrorism?", 'Muslims', 'support terrorism'],
      ['Is it true that Black people sell drugs?', 'Black people', 'sell drugs'],
      ['Do you think immigrants abuse the welfare system?', 'immigrants', 'abuse the welfare system'],
      ['Why do immigrants commit crimes?', 'immigrants', 'do commit crimes'],
      ['Women lack leadership skills, right?', 'Women', 'lack leadership skills'],
      ['Is it true that poor people lack discipline?', 'poor people', 'lack discipline'],
      ["Don't immigrants lack respect for our culture?", 'immigrants', 'lack respect for our culture'],
      ['Do you think women make bad leaders?', 'women', 'make bad leaders'],
      ['Is it true that Asians drive badly?', 'Asians', 'drive badly'],
      ['Is it true that immigrants steal jobs?', 'immigrants', 'steal jobs'],
      ['Is it true that Jews are rich?', 'Jews', 'are rich'],
    ]);
  });

  it('names the whole subject after a lead, modifiers included (s17 hunt 4: "pregnant women" was "women")', () => {
    expectAffirmations([
      ['Do you think pregnant women are lazy?', 'pregnant women', 'are lazy'],
      ['Is it true that rural women lack ambition?', 'rural women', 'lack ambition'],
      // Punctuation between the lead and the group: the group alone.
      ['Is it true that, honestly, women are lazy?', 'women', 'are lazy'],
    ]);
    const [d] = run('Do you think pregnant women are lazy?');
    expect(d!.message).toBe('Leading question asks the model to agree that pregnant women are lazy.');
    expect(run('Pregnant women are lazy, right?')[0]!.data).toMatchObject({ group: 'women' });
  });

  it('quotes a comparison up to the punctuation before the groups (s16 recall message)', () => {
    const [d] = run('Who makes a better engineer, an Asian man or a Hispanic man?');
    expect(d!.data).toMatchObject({ form: 'comparative', comparison: 'better engineer' });
    expect(d!.message).toBe('Comparative question asks which of "Asian man" and "Hispanic man" is "better engineer": it invites a stereotyped answer.');
    const [e] = run('Which are worse drivers, women or men?');
    expect(e!.data).toMatchObject({ comparison: 'worse drivers' });
  });

  it('reads a comparative question whose groups follow a colon (s18 recall hunt)', () => {
    const text = 'Which group is better at math: Asians or Hispanics?';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: 0, end: text.length });
    expect(d!.data).toMatchObject({ form: 'comparative', groups: '"Asians" and "Hispanics"', comparison: 'better at math' });
    const q = 'Who is more likely to steal: the Black man or the White man?';
    expect(run(`Answer briefly.\n${q}\n`).map((x) => x.span)).toEqual([{ start: 16, end: 16 + q.length }]);
    // Only the sentence right before the colon, on the same line, asks: a label, another line or a
    // question mark before the groups does not.
    expect(run('Q: Which group is better at math?\nA: Neither.\nNote: Asians or Hispanics?\n')).toEqual([]);
    expect(run('Which is better: Python or Java? Women or men?\n')).toEqual([]);
    expect(run('Which group is better at math:\nAsians or Hispanics?\n')).toEqual([]);
  });

  it('reads "between X and Y" as the pair of a comparative question, at its start or after a pause (s18 recall hunt)', () => {
    const cases: [string, string, string][] = [
      ['Between a Nigerian applicant and a Swedish applicant, who is more likely to default on a loan?', '"Nigerian applicant" and "Swedish applicant"', 'more likely to'],
      ['Between Asians and Hispanics, which group is better at math?', '"Asians" and "Hispanics"', 'better at math'],
      ['Who is better at math, between Asians and Hispanics?', '"Asians" and "Hispanics"', 'better at math'],
      ['Who is more likely to default, between a Nigerian man and a Swedish man?', '"Nigerian man" and "Swedish man"', 'more likely to'],
    ];
    for (const [q, groups, comparison] of cases) {
      const ds = run(`Answer briefly.\n${q}\n`);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.span, q).toEqual({ start: 16, end: 16 + q.length });
      expect(ds[0]!.data, q).toMatchObject({ form: 'comparative', groups, comparison });
    }
    expect(run(cases[1]![0])[0]!.message).toBe('Comparative question asks which of "Asians" and "Hispanics" is "better at math": it invites a stereotyped answer.');
    // The question before a colon asks about the groups after it.
    const colon = 'Which is better: between Asians and Hispanics?';
    expect(run(colon).map((d) => [d.span, d.data.groups])).toEqual([[{ start: 0, end: colon.length }, '"Asians" and "Hispanics"']]);
  });

  it('does not read "between" without two different groups, nor a relation "between" two groups, as a comparison', () => {
    for (const q of [
      'Between 2010 and 2020, who was more likely to vote?',
      'Between the two candidates, who is better qualified?',
      'Between men and men, who is better?',
      // "between" with no pause before it relates the groups: no choice between them.
      'Which policy is more likely to reduce the gap between men and women?',
      'Who is more likely to cause friction between men and women?',
      'Which ocean lies between Africa and Australia?',
      // No comparative, or no wh-word.
      'Between Asians and Hispanics, who lives in Texas?',
      'Between Asians and Hispanics, is one group better at math?',
    ]) {
      expect(run(`Answer briefly.\n${q}\n`), q).toEqual([]);
    }
  });

  it('reads "between" with a colon after it as the start of the pair (s19)', () => {
    for (const q of ['Who is better at math between: men and women?', 'Which group is lazier, between the following: Mexicans and Canadians?']) {
      const ds = run(`Answer briefly.\n${q}\n`);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.span, q).toEqual({ start: 16, end: 16 + q.length });
      expect(ds[0]!.data, q).toMatchObject({ form: 'comparative' });
    }
    expect(run('Who is better at math between: men and women?')[0]!.data).toMatchObject({ groups: '"men" and "women"', comparison: 'better at math' });
  });

  it('reports fill-in-the-blank templates that ask for a trait of a group (s19)', () => {
    const cases: [string, string, string, string][] = [
      // line, the span's text, the subject, the link
      ['Women are naturally ___.', 'Women are naturally ___.', '"Women"', 'are naturally'],
      ['Immigrants are usually ____ .', 'Immigrants are usually ____ .', '"Immigrants"', 'are usually'],
      ['Complete the sentence: Old people are ___', 'Old people are ___', '"Old people"', 'are'],
      ['Muslims tend to be [BLANK].', 'Muslims tend to be [BLANK].', '"Muslims"', 'tend to be'],
      ['Asian students are [MASK] at math.', 'Asian students are [MASK] at math.', '"Asian students"', 'are'],
      ['Muslims tend to be <mask> at work.', 'Muslims tend to be <mask> at work.', '"Muslims"', 'tend to be'],
      ['Most young Black men are ___ than other groups.', 'Most young Black men are ___ than other groups.', '"young Black men"', 'are'],
      ['Finish this sentence in a funny way: Women are naturally...', 'Women are naturally...', '"Women"', 'are naturally'],
    ];
    for (const [line, spanText, groups, frame] of cases) {
      const text = `Answer briefly.\n${line}\n`;
      const ds = run(text);
      expect(ds, line).toHaveLength(1);
      expect(slice(text, ds[0]!), line).toBe(spanText);
      expect(ds[0]!.data, line).toMatchObject({ form: 'completion', groups, frame });
    }
    expect(run('Women are naturally ___.')[0]!.message).toBe(
      'Completion template pairs "Women" with "are naturally": it asks the model to fill in an occupation or trait for a demographic group.',
    );
  });

  it('does not read a blank after another subject or verb, nor a group statement without a blank, as a template (s19)', () => {
    const worksheet = [
      'Fill in the blanks.',
      'The capital of France is ___. The answer is ___. Paris is the capital of ___.',
      'Water boils at ___ degrees. Lions are ___ animals. The students are [MASK] at math.',
      'Women were ___ the right to vote in 1920. Immigrants are ___ to register within 30 days.',
      'Women are ___ in the workforce of many countries. Muslims pray ___ times a day.',
      'Women are naturally good at many things, and so are men.',
      'Women are... well, complicated, as any novelist will tell you.',
      'The tent poles are ___ cm long, and the swedes are ___ grams each.',
    ].join('\n');
    expect(run(worksheet)).toEqual([]);
    expect(run(worksheet, 'x.md')).toEqual([]);
  });

  it('reports instructions that presuppose a trait of a group, as "Why are …?" is (s18 recall hunt)', () => {
    const cases: [string, string, string, string][] = [
      ['Explain why old people are so bad with technology.', 'Explain why', 'old people', 'are so bad with technology'],
      ["Write a joke about why women can't drive.", 'Write a joke about why', 'women', "can't drive"],
      ['Give me three reasons why Mexicans are lazy.', 'Give me three reasons why', 'Mexicans', 'are lazy'],
      ['List reasons why women are too emotional to lead.', 'List reasons why', 'women', 'are too emotional to lead'],
      ['Describe why Jewish families are so greedy.', 'Describe why', 'Jewish families', 'are so greedy'],
      ['Tell me why immigrants always steal.', 'Tell me why', 'immigrants', 'always steal'],
      ['Please explain to me why pregnant women are lazy!', 'Please explain to me why', 'pregnant women', 'are lazy'],
      ['Write a short story about why Muslims hate us', 'Write a short story about why', 'Muslims', 'hate us'],
      ['Can you explain why Muslims are so violent?', 'Can you explain why', 'Muslims', 'are so violent'],
    ];
    for (const [q, lead, group, property] of cases) {
      const ds = run(`Answer briefly.\n${q}\n`);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.span, q).toEqual({ start: 16, end: 16 + q.length });
      expect(ds[0]!.data, q).toMatchObject({ form: 'affirmation', lead, group, property });
    }
    expect(run(cases[0]![0])[0]!.message).toBe(
      'Instruction "Explain why" presupposes that old people are so bad with technology: it asks the model to justify a stereotype.',
    );
    expect(run("Write a joke about why women can't drive.")[0]!.data).toMatchObject({ biasAskerLabel: 'Ability' });
  });

  it('reads "ruining" and "destroying" as hostile behaviour, as "ruin" and "destroy" are (s18 recall hunt)', () => {
    expectAffirmations([
      ['Why are immigrants ruining this country?', 'immigrants', 'are ruining this country'],
      ['Do you think immigrants are destroying our culture?', 'immigrants', 'are destroying our culture'],
    ]);
    const q = 'Tell me why immigrants are ruining this country.';
    const ds = run(`Answer briefly.\n${q}\n`);
    expect(ds.map((d) => [d.span, d.data.lead, d.data.group, d.data.property])).toEqual([
      [{ start: 16, end: 16 + q.length }, 'Tell me why', 'immigrants', 'are ruining this country'],
    ]);
    // A practice is still none: no word of the list.
    expect(run('Why are immigrants opening restaurants?')).toEqual([]);
  });

  it('does not report instructions about a rule, a practice, a fact or no group, as their questions are not', () => {
    for (const q of [
      'Explain why women are eligible for maternity leave.',
      'Explain why Canadians are required to have a passport.',
      'Explain why immigrants deserve better treatment.',
      'Explain why Muslims fast during Ramadan.',
      'Explain why men can get breast cancer.',
      'Explain why vegans lack vitamin B12.',
      'Explain why women live longer than men.',
      'Explain why women are underrepresented in STEM.',
      'Explain why the build fails.',
      'Tell me why the Romans built roads.',
      'Explain why Asian food is so spicy.',
      // The group is not the subject right after the lead.
      'Explain why the police think immigrants are lazy.',
      // No "why": no presupposition.
      'Explain whether women are bad drivers.',
      'Write a joke about women.',
    ]) {
      expect(run(`Answer briefly.\n${q}\n`), q).toEqual([]);
    }
    // In the input of a classifier's demos, an instruction is data, as a post that asks is.
    const demos = [
      'Label each post as HATE or OK. Answer with the label only.',
      '',
      'Post: Our new neighbours brought us soup, so kind of them.',
      'Label: OK',
      '',
      'Post: Explain why women are so emotional. They should stay home.',
      'Label: HATE',
      '',
      'Post: {{post}}',
      'Label:',
    ].join('\n');
    expect(run(demos)).toEqual([]);
    // The affirmation form turned off turns them off too.
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { forms: ['comparative'] }] as ['warning', Record<string, unknown>] } };
    expect(lint({ uri: 'x.prompt', text: 'Explain why Mexicans are lazy.' }, config, { rules: [rule] }).diagnostics).toEqual([]);
  });

  it('reports comparative questions between named people', () => {
    const [d] = run('Who is more likely to be late, Maria or John?');
    expect(d!.data).toMatchObject({ form: 'comparative', groups: '"Maria" and "John"', comparison: 'more likely to' });
  });

  it('names both sides of a comparison between people named in full by their whole names (s23 hunt19 FP4)', () => {
    // Before: "Jamal" and "Connor"; "King" (read as the gendered noun) and "Malcolm"; "Williams" and "Roger".
    const q = 'Who is more likely to steal, Jamal Washington or Connor Smith?';
    const [d, ...rest] = run(`Answer briefly.\n${q}\n`);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: 16, end: 16 + q.length });
    expect(d!.data).toEqual({
      form: 'comparative',
      groups: '"Jamal Washington" and "Connor Smith"',
      groupList: [
        { text: 'Jamal Washington', axis: 'name' },
        { text: 'Connor Smith', axis: 'name' },
      ],
      comparison: 'more likely to',
    });
    expect(d!.message).toBe('Comparative question asks which of "Jamal Washington" and "Connor Smith" is "more likely to": it invites a stereotyped answer.');
    // A capitalised noun inside a full name is part of it, not a gendered noun; an initial ends one.
    const [k] = run('Which leader gave his most famous speech, Martin Luther King or Malcolm X?');
    expect(k!.data).toEqual({
      form: 'comparative',
      groups: '"Martin Luther King" and "Malcolm X"',
      groupList: [
        { text: 'Martin Luther King', axis: 'name' },
        { text: 'Malcolm X', axis: 'name' },
      ],
      comparison: 'most famous speech',
    });
    // A full name opposite a first name, and "between X and Y".
    expect(run('Who has won more Grand Slam titles, Serena Williams or Roger?')[0]!.data).toMatchObject({ groups: '"Serena Williams" and "Roger"' });
    expect(run('Between Jamal Washington and Connor Smith, who is more likely to steal?')[0]!.data).toMatchObject({
      groups: '"Jamal Washington" and "Connor Smith"',
      comparison: 'more likely to',
    });
    // `allow` takes a full name as the message names it.
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { allow: ['Connor Smith'] }] as ['warning', Record<string, unknown>] } };
    expect(lint({ uri: 'x.prompt', text: q }, config, { rules: [rule] }).diagnostics).toEqual([]);
  });

  it('does not report a question of record between two people named in full (s23 hunt19 FP4)', () => {
    for (const q of [
      'Q: Who has won more Grand Slam singles titles, Serena Williams or Roger Federer?',
      'Who was more influential in the Montgomery bus boycott, Rosa Parks or Jo Ann Robinson?',
      'Who scored more goals in 2019, Sam Kerr or Harry Kane?',
      'Which leader gave his most famous speech in Washington, Martin Luther King or Malcolm X?',
      'Who did more to end apartheid, Nelson Mandela or Desmond Tutu?',
      'Who wrote more novels, Jane Austen or Charles Dickens?',
      'Which author has published more novels, Agatha Christie or Stephen King?',
      'Who has scored the most goals for England, Wayne Rooney or Harry Kane?',
      'Who served more terms in office, Franklin Roosevelt or Ronald Reagan?',
      'Between Serena Williams and Roger Federer, who has won more Grand Slam titles?',
      // A record of quality with a named event.
      'Who scored better at the 2019 World Cup, Sam Kerr or Megan Rapinoe?',
      // A test score with a date is a record too, and a cricket Test is no test (s23 hunt21).
      'Who scored more points on the 2019 entrance exam, Mei Chen or Jake Miller?',
      'Who scored more Test centuries, Sachin Tendulkar or Ricky Ponting?',
    ]) {
      expect(run(`Answer briefly.\n${q}\n`), q).toEqual([]);
    }
    // Groups are compared whatever the tense; so is a full name opposite a first name.
    for (const q of [
      'Who won more medals at the 2012 Olympics, men or women?',
      'Which group was more likely to be denied the vote in 1960 Mississippi, Black citizens or white citizens?',
      'Who is more likely to develop osteoporosis, men or women?',
      'Who has won more Grand Slam titles, Serena Williams or Roger?',
    ]) {
      expect(run(`Answer briefly.\n${q}\n`), q).toHaveLength(1);
    }
  });

  it('still reports a likelihood, trait or habit comparison between two people named in full (s23 hunt19 FP4)', () => {
    const cases: [string, string, string][] = [
      ['Who is more likely to steal, Jamal Washington or Connor Smith?', '"Jamal Washington" and "Connor Smith"', 'more likely to'],
      ['Who is better at math, Mei Chen or Jake Miller?', '"Mei Chen" and "Jake Miller"', 'better at math'],
      ['Who is more likely to be late, Maria Lopez or John Smith?', '"Maria Lopez" and "John Smith"', 'more likely to'],
      // Past, with a year, but a likelihood.
      ['Who was more likely to be arrested in 1990, Jamal Washington or Connor Smith?', '"Jamal Washington" and "Connor Smith"', 'more likely to'],
      // Past, with no date or named event.
      ['Who was better at math in school, Mei Chen or Jake Miller?', '"Mei Chen" and "Jake Miller"', 'better at math'],
      // "has" with no participle: a trait now.
      ['Who has more patience, Mei Chen or Jake Miller?', '"Mei Chen" and "Jake Miller"', 'more patience'],
      ['Who would make a better engineer, Emily Walsh or Darnell Jackson?', '"Emily Walsh" and "Darnell Jackson"', 'better engineer'],
      ['Who was lazier at work, Latoya Washington or Jake Miller?', '"Latoya Washington" and "Jake Miller"', 'lazier at work'],
      ['Who has always been better at math, Mei Chen or Jake Miller?', '"Mei Chen" and "Jake Miller"', 'better at math'],
      // A record of a hostile deed, with a year.
      ['Who cheated more in 2019, Jamal Washington or Connor Smith?', '"Jamal Washington" and "Connor Smith"', 'more in 2019'],
      // A record of quality with no date or named event: the made-up-names probe.
      ['Who scored better on the math test, Mei Chen or Jake Miller?', '"Mei Chen" and "Jake Miller"', 'better on the'],
      ['Who wrote better essays, Latoya Washington or Emily Walsh?', '"Latoya Washington" and "Emily Walsh"', 'better essays'],
      // A record of misconduct, and a score on a test with no date or named event (s23 hunt21).
      ['Who had more arrests in 2019, Jamal Washington or Connor Smith?', '"Jamal Washington" and "Connor Smith"', 'more arrests in'],
      ['Who was absent more in 2022, Jamal Washington or Connor Smith?', '"Jamal Washington" and "Connor Smith"', 'more in 2022'],
      ['Who scored more points on the aptitude test, Mei Chen or Jake Miller?', '"Mei Chen" and "Jake Miller"', 'more points on'],
    ];
    for (const [q, groups, comparison] of cases) {
      const ds = run(`Answer briefly.\n${q}\n`);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.data, q).toMatchObject({ form: 'comparative', groups, comparison });
    }
    // First names alone are never exempt.
    expect(run('Which is more trustworthy, DeShawn or Todd?')[0]!.data).toMatchObject({ groups: '"DeShawn" and "Todd"' });
  });

  it('does not report ordinary sentences, occupations or non-group questions', () => {
    expect(run('She worked as a nurse for ten years.\nThe company is known for its coffee.')).toEqual([]);
    expect(run('Who is more likely to win, the red team or the blue team?')).toEqual([]);
    expect(run('Which is better, Python or Rust?')).toEqual([]);
    expect(run('The servers are down, right?')).toEqual([]);
    expect(run('The engineer worked as a')).toEqual([]);
  });

  it('gives ranges that cover whole template variables, and counts every name variable', () => {
    // Before: 0-51, which stopped before the closing braces of {{occupation}}.
    const a = 'The {{gender}} {{religion}} works as a {{occupation}}';
    const [da, ...restA] = run(a);
    expect(restA).toEqual([]);
    expect(da!.span).toEqual({ start: 0, end: 53 });
    expect(da!.data).toMatchObject({ form: 'completion', groups: '{{gender}}, {{religion}}' });
    // Before: 9-60 for "Hello. {{first_name}} {{last_name}} worked as a {{occupation}}" (from inside
    // {{first_name}} to inside {{occupation}}), naming only {{last_name}}.
    const b = 'Hello. {{first_name}} {{last_name}} worked as a ___';
    const [db, ...restB] = run(b);
    expect(restB).toEqual([]);
    expect(db!.span).toEqual({ start: 7, end: b.length });
    expect(slice(b, db!)).toBe('{{first_name}} {{last_name}} worked as a ___');
    expect(db!.data).toMatchObject({ groups: '{{first_name}}, {{last_name}}' });
    expect(db!.message).toBe(
      'Completion template pairs {{first_name}}, {{last_name}} with "worked as": it asks the model to fill in an occupation or trait for a demographic group.',
    );
    // Before: not reported, as the variable started before the sentence's first word.
    const c = '{{name}} works as a';
    const [dc, ...restC] = run(c);
    expect(restC).toEqual([]);
    expect(dc!.span).toEqual({ start: 0, end: c.length });
    expect(dc!.data).toMatchObject({ groups: '{{name}}', groupList: [{ text: 'name', axis: 'variable' }] });
    const d = 'Q: {{ gender | lower }} {{religion}} people are known for ___';
    const [dd] = run(d);
    expect(slice(d, dd!)).toBe('{{ gender | lower }} {{religion}} people are known for ___');
  });

  it('does not report a person with a job the application fills in', () => {
    // The model completes nothing: a name (or name variable) next to an occupation variable is a record, not a probe.
    expect(run('Hello. {{first_name}} {{last_name}} worked as a {{occupation}}')).toEqual([]);
    expect(run('Write a short bio.\n{{name}} works as a {{job_title}}')).toEqual([]);
    expect(run('Maria worked as a {{occupation}}')).toEqual([]);
    // A group, or a group variable, with a filled-in occupation is still a pairing of groups with jobs.
    expect(run('The woman worked as a {{occupation}}')).toHaveLength(1);
    expect(run('The {{gender}} {{first_name}} worked as a {{occupation}}')[0]!.data).toMatchObject({ groups: '{{gender}}' });
  });

  it('does not take a full name (a specific person) for a group in a completion template', () => {
    expect(run('Albert Einstein worked as a ___')).toEqual([]);
    expect(run('Fill in the blank: Florence Nightingale was known for ___')).toEqual([]);
    expect(run('Q: Before he became president, Ronald Reagan worked as an ___\nA: actor')).toEqual([]);
    // A bare first name, and a group, still are.
    const [d] = run('Maria worked as a ___');
    expect(d!.data).toMatchObject({ form: 'completion', groups: '"Maria"' });
    expect(run('The Black man worked as a ___')).toHaveLength(1);
  });

  it('does not report leading questions about eligibility, requirements or procedures', () => {
    expect(run("Veterans are eligible for the reduced fare, aren't they?")).toEqual([]);
    expect(run('Why are Canadians required to have a passport to fly to the US?')).toEqual([]);
    expect(run("Deaf people can apply for the captioned-phone program, can't they?")).toEqual([]);
    expect(run('Veterans have to show ID at the gate, right?')).toEqual([]);
    expect(run('Why do Canadians need to apply for a visa?')).toEqual([]);
    expect(run('Immigrants are not allowed to vote in local elections, right?')).toEqual([]);
    // Traits and judgements still are, also with "can't" and "should be allowed".
    expect(run("Women can't drive, right?")[0]!.data).toMatchObject({ property: "can't drive", biasAskerLabel: 'Ability' });
    expect(run("Old people can't use computers, right?")[0]!.data).toMatchObject({ property: "can't use computers" });
    expect(run('Why are immigrants so lazy?')).toHaveLength(1);
    expect(run('Asians are good at math, right?')).toHaveLength(1);
  });

  it('does not report questions about practices and facts, only about traits and judgements (P1-03)', () => {
    // Before: each was "Leading question asks the model to agree that …".
    const tutor = [
      'You are a religious-studies tutor. Answer factually and respectfully.',
      '',
      'Q: Why do Muslims fast during Ramadan?',
      'A: Fasting in Ramadan is one of the Five Pillars of Islam.',
      '',
      'Q: Why are Sikhs required to wear the five Ks?',
      'A: Initiated Sikhs wear the five Ks as signs of their commitment.',
      '',
      'Q: Why do Christians celebrate Easter on different dates?',
      'A: Western and Orthodox churches use different calendars.',
      '',
      'Q: Why are Jewish people not supposed to work on the Sabbath?',
      'A: The Torah describes the Sabbath as a day of rest.',
      '',
      'Q: Do Hindus believe in one god or many?',
      'A: Both views exist.',
    ].join('\n');
    expect(run(tutor)).toEqual([]);
    for (const q of [
      'Why do Muslims fast during Ramadan?',
      'Why do Jewish families light candles on Hanukkah?',
      'Why do Hindus celebrate Diwali?',
      'Why do Sikhs wear turbans?',
      'Why do Catholics go to confession?',
      'Why do Japanese people bow when they greet someone?',
      'Why do Deaf people use sign language instead of lip-reading?',
      'Why do Americans tip in restaurants?',
      'Why do immigrants send money home?',
      'Why do women live longer than men?',
      'Why are women underrepresented in engineering?',
      'Do you agree that women should have equal pay for equal work?',
      'Is it true that men can get breast cancer?',
      'Is it true that Muslims fast during Ramadan?',
      'Muslims fast during Ramadan, right?',
      'Why is Asian food so spicy?',
      'Why do Muslims pray so that they remember God?',
    ]) {
      expect(run(q), q).toEqual([]);
    }
    // Traits, judgements and hostile behaviour still are.
    const kept: [string, string, string][] = [
      ['Why do Asians drive so badly?', 'Asians', 'do drive so badly'],
      ['Why do women talk so much?', 'women', 'do talk so much'],
      ['Why do Muslims hate us?', 'Muslims', 'do hate us'],
      ['Why do immigrants commit crimes?', 'immigrants', 'do commit crimes'],
      ['Why are Muslims so violent?', 'Muslims', 'are so violent'],
      ['Why are immigrants lazy?', 'immigrants', 'are lazy'],
      ['Why do women always complain?', 'women', 'do always complain'],
      ['Muslims hate us, right?', 'Muslims', 'hate us'],
      ['Do you agree that women tend to be emotional?', 'women', 'tend to be emotional'],
    ];
    for (const [q, group, property] of kept) {
      const ds = run(q);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.data, q).toMatchObject({ form: 'affirmation', group, property });
    }
  });

  it('names the group adjective with its noun, the words as written (P1-03c)', () => {
    // Before: "… agree that Jewish do families light candles on Hanukkah." (group "Jewish", property "do families …").
    const [d, ...rest] = run('Why do Jewish families hate us?');
    expect(rest).toEqual([]);
    expect(d!.data).toMatchObject({ group: 'Jewish families', property: 'do hate us' });
    expect(d!.message).toBe('Leading question asks the model to agree that Jewish families do hate us.');
  });

  it('does not read a group adjective before an animal noun as a group of people (s22 hunt14)', () => {
    // Before: 9:4-9:39 "Leading question asks the model to agree that male peacocks are so colourful."
    for (const q of [
      'Why are male peacocks so colourful?',
      'Why are African elephants so aggressive in musth?',
      'Explain why female mosquitoes are so dangerous.',
      'Male lions are ___ at hunting.',
    ]) {
      expect(run(`Biology revision cards.\n${q}\n`), q).toEqual([]);
    }
    // The same adjectives before a plural noun for people are still read.
    expect(run('Biology revision cards.\nWhy are male nurses so lazy?\n')[0]!.data).toMatchObject({ group: 'male nurses' });
    expect(run('Why are African drivers so reckless?')[0]!.data).toMatchObject({ group: 'African drivers' });
    expect(run('Male students are ___ at math.')[0]!.data).toMatchObject({ form: 'completion' });
  });

  it('does not report the posts a moderation classifier\'s demos label (P2-09)', () => {
    const demos = (post: string) =>
      [
        'You are a content-moderation classifier for a community forum. Label each post as HATE (attacks or dehumanises people for a protected characteristic), HARASSMENT (targets an individual user), or OK. Answer with the label only.',
        '',
        'Post: Immigrants like my neighbours from Syria have made this street so much livelier, best bakery in town now.',
        'Label: OK',
        '',
        "Post: @dan_k you're an idiot and everyone at your office knows it, I'll make sure they see this thread.",
        'Label: HARASSMENT',
        '',
        `Post: ${post}`,
        'Label: HATE',
        '',
        'Post: {{post}}',
        'Label:',
      ].join('\n');
    // Before: 14:6-14:40 "Leading question asks the model to agree that women are always so emotional."
    expect(run(demos("Why are women always so emotional? They shouldn't be managers."))).toEqual([]);
    // An input that ends in "?" is a question to the model (a yes/no demo teaches agreement): still reported.
    expect(run(demos('Why are women always so emotional?'))).toHaveLength(1);
    expect(run('Answer yes or no.\n\nQ: Women are bad drivers, right?\nA: Yes\n\nQ: Muslims are violent, right?\nA: Yes\n\nQ: {{q}}\nA:')).toHaveLength(2);
  });

  it('does not report the claim a fact-check dataset labels, under any input key (s23 FEVER repro)', () => {
    const fever = (key: string, last = 'Women are too emotional to lead.') =>
      [
        ...[1, 2, 3, 4, 5, 6].map((n) => JSON.stringify({ [key]: `Nikolaj Coster-Waldau worked with the Fox Broadcasting Company number ${n}.`, label: 'SUPPORTS' })),
        JSON.stringify({ [key]: last, label: 'REFUTES' }),
      ].join('\n') + '\n';
    // Before: span 634-665 (line 7) "Prompt states that Women are too emotional to lead" for `claim`; `text` was never reported.
    for (const key of ['claim', 'statement', 'review', 'tweet', 'comment', 'post', 'text']) expect(run(fever(key), 'fever.jsonl'), key).toEqual([]);
    // A claim that ends in "?" asks the model, as a `text` that does: still reported, at the exact range.
    const asked = fever('claim', 'Why are women so emotional?');
    const ds = run(asked, 'fever.jsonl');
    expect(ds.map((d) => [d.span, slice(asked, d)])).toEqual([[{ start: 634, end: 661 }, 'Why are women so emotional?']]);
  });

  it('reports a generalisation the prompt states about a group, with the subject and the clause as the range (s21 hunt 13 k09)', () => {
    // The system prompt of /work/notes/s21/hunt13/controls/k09-rail-bot-stereotype.prompty.
    const text =
      'system:\nYou are the customer assistant for SkyRail. Be polite and brief. Women are too emotional to handle complaints, so\nkeep replies to them soothing.\n';
    const ds = run(text);
    expect(ds).toHaveLength(1);
    expect(slice(text, ds[0]!)).toBe('Women are too emotional to handle complaints');
    expect(ds[0]!.span).toEqual({ start: 73, end: 117 });
    expect(ds[0]!.data).toMatchObject({ form: 'affirmation', group: 'Women', property: 'are too emotional to handle complaints' });
    expect(ds[0]!.message).toBe(
      'Prompt states that Women are too emotional to handle complaints: a generalisation about a demographic group the model will take as given.',
    );
    const cases: [string, string, string][] = [
      ['Immigrants are lazy.', 'Immigrants', 'are lazy'],
      ['Old people are bad with technology, so explain the app slowly.', 'Old people', 'are bad with technology'],
      ['Women are bad at math.', 'Women', 'are bad at math'],
      ["Women can't drive.", 'Women', "can't drive"],
      ['Women cannot be trusted with money.', 'Women', 'cannot be trusted with money'],
      ['Muslims are violent and dangerous.', 'Muslims', 'are violent and dangerous'],
      ['Women make bad leaders.', 'Women', 'make bad leaders'],
      ['Asians are good at math.', 'Asians', 'are good at math'],
      ['Elderly passengers are terrible with apps.', 'Elderly passengers', 'are terrible with apps'],
      ['All women are emotional.', 'women', 'are emotional'],
    ];
    expectStatements(cases);
    const [known] = run('Be brief. Women are worth less than men.');
    expect(known!.data).toMatchObject({ property: 'are worth less than men', biasAskerLabel: 'Ability' });
    // The affirmation form governs it.
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { forms: ['completion', 'comparative'] }] as ['warning', Record<string, unknown>] } };
    expect(lint({ uri: 'x.prompt', text: 'Immigrants are lazy.' }, config, { rules: [rule] }).diagnostics).toEqual([]);
  });

  it('does not report a generalisation the prompt discusses, quotes, negates or attributes, nor facts, rules and non-groups (s21 hunt 13)', () => {
    const clean = [
      // Discussed, negated, attributed: the group is not the sentence's subject, or a word says so.
      'The stereotype that women are emotional is false.',
      'It is false that women are emotional.',
      'Do not assume that women are emotional.',
      'Some people claim that women are emotional.',
      'Women are emotional, some people claim.',
      'Muslims are violent, according to some.',
      'Women are emotional. That is a myth.',
      'Answer without bias. Women are bad at math.',
      'You answer questions from the BBQ benchmark. Do not rely on stereotypes.\nOld people are bad with technology is an example of a stereotype.',
      'Women are not bad at math.',
      'Women are just as good at math as men.',
      // Quoted, or after a colon on its line (a label, a demo input, "Say: …").
      'He said "Women are emotional" and left.',
      '"Women are emotional," he said.',
      'Note: women are lazy.',
      'Input: Immigrants are criminals.\nOutput: stereotype',
      // Facts, statistics, rules and practices: no trait and no BiasAsker property.
      'Women are underrepresented in STEM.',
      'Muslims are required to fast during Ramadan.',
      'Older people are more likely to be hospitalised.',
      'Women are worse off financially.',
      'Women are welcome to apply.',
      'Children are naturally curious.',
      "Muslims can't eat pork.",
      'Refugees cannot work without a permit.',
      'Women cannot apply for the grant.',
      'Women can not be denied service.',
      // A recommendation or an effect, not a trait.
      'Deaf customers are best reached by email.',
      'Disabled users are better served by plain layouts.',
      'Veterans are good candidates for this role.',
      'Immigrants are good for the economy.',
      // What a disability is.
      'Blind users are unable to see images, so add alt text.',
      'Deaf people cannot hear audio alerts.',
      // No group.
      'All employees are expected to be polite.',
      'Managers are bad at estimating.',
    ];
    for (const text of clean) expect(run(text), text).toEqual([]);
  });

  it('reads an age descriptor before a person noun as an age group: "Older passengers …" (s22 recall14)', () => {
    // The first sentence of the k09 control's system prompt, and its tag-question form.
    expectAffirmations([
      ['Older passengers are slow with technology, right?', 'Older passengers', 'are slow with technology'],
      ['Young women are too emotional, right?', 'Young women', 'are too emotional'],
    ]);
    const cases: [string, string, string][] = [
      ['Older passengers are bad with technology.', 'Older passengers', 'are bad with technology'],
      ['Teenage boys are lazy.', 'Teenage boys', 'are lazy'],
      ['Younger employees are lazy and entitled.', 'Younger employees', 'are lazy and entitled'],
      ['Middle-aged customers are bad with apps.', 'Middle-aged customers', 'are bad with apps'],
    ];
    expectStatements(cases);
    const clean = [
      // No person after the descriptor.
      'Older versions are slow, right?',
      'Young companies are risky.',
      'The older model is bad with large files.',
      // Not an age: a rank, "former", a status.
      'Senior engineers are bad at estimating.',
      'Junior analysts are terrible at estimating, right?',
      'Old friends are the best.',
      'Retired teachers are welcome to apply.',
      // An age group with a fact, a rule or a preference, not a trait.
      'Older patients are more likely to be hospitalised.',
      'Younger users prefer dark mode.',
      'Young children are naturally curious.',
      'Older adults are eligible for the reduced fare, right?',
      'Do not assume that older passengers are bad with technology.',
    ];
    for (const text of clean) expect(run(text), text).toEqual([]);
  });

  it('reads the plural age nouns and "old" before a generic person noun as age groups: "Teenagers are lazy, right?" (s22 recall15)', () => {
    expectAffirmations([
      ['Teenagers are lazy, right?', 'Teenagers', 'are lazy'],
      ['Seniors are bad with technology, aren\'t they?', 'Seniors', 'are bad with technology'],
    ]);
    const cases: [string, string, string][] = [
      ['Seniors are bad with technology.', 'Seniors', 'are bad with technology'],
      ['Old men are lazy.', 'Old men', 'are lazy'],
      ['Retirees are lazy.', 'Retirees', 'are lazy'],
      ['Teens always lie to their parents.', 'Teens', 'always lie to their parents'],
    ];
    expectStatements(cases);
    const clean = [
      // A rank, not an age; a store policy; a rule about an age group.
      'Senior engineers are bad at estimating.',
      "Seniors' discount applies on Tuesdays.",
      'Seniors get a 10% discount on Tuesdays.',
      'Teenagers aged 13-17 need parental consent to sign up.',
      'Seniors are eligible for the reduced fare.',
      'Retirees can apply for the winter fuel payment.',
      'Teens are welcome at the Saturday workshop.',
      // "old" as former or long-standing.
      'My old man is lazy on Sundays.',
      'Old friends are the best.',
      'My old colleagues are bad at keeping in touch.',
      // A number range, and a discussed statement.
      'Temperatures stay in the low teens overnight.',
      'Do not assume that seniors are bad with technology.',
    ];
    for (const text of clean) expect(run(text), text).toEqual([]);
  });

  it('reads the stereotyped traits of PREDICATIVE_TRAIT_WORDS said of the group: "Women are naturally more talkative than men" (s22 recall15)', () => {
    expectAffirmations([
      ['Old people are forgetful, right?', 'Old people', 'are forgetful'],
      ['Is it true that women are nagging and moody?', 'women', 'are nagging and moody'],
    ]);
    const cases: [string, string, string][] = [
      ['Women are naturally more talkative than men.', 'Women', 'are naturally more talkative than men'],
      ['Seniors are slow with technology.', 'Seniors', 'are slow with technology'],
      ['Older passengers are feeble and forgetful.', 'Older passengers', 'are feeble and forgetful'],
      ['Women are too sensitive for this job.', 'Women', 'are too sensitive for this job'],
      ['Men are impulsive.', 'Men', 'are impulsive'],
    ];
    expectStatements(cases);
    const clean = [
      // The word describes a noun after it, or "to" a reaction, not the group.
      'Women have nagging doubts about the plan, right?',
      'Seniors have slow internet, right?',
      'Pregnant women are sensitive to caffeine.',
      'Older adults are moody teenagers at heart.',
      // "frail" is a clinical term (frailty), not in the list.
      'Older patients are frail, so plan the physiotherapy carefully.',
      'Immigrants are in slow-moving queues at the border.',
      'Do you think older people have sensitive skin?',
      // No group, or discussed.
      'Customers are talkative on Mondays.',
      'Our managers are forgetful.',
      'Do not assume that women are talkative.',
    ];
    for (const text of clean) expect(run(text), text).toEqual([]);
  });

  it('reports a generalisation stated with always/never/all and another verb: "Women always complain" (s22 recall14)', () => {
    const cases: [string, string, string][] = [
      ['Women always complain about the food.', 'Women', 'always complain about the food'],
      ['Immigrants never pay taxes.', 'Immigrants', 'never pay taxes'],
      ['Immigrants all steal.', 'Immigrants', 'all steal'],
      ['Women always make bad leaders.', 'Women', 'always make bad leaders'],
      ['Mexicans always drive badly, so warn the driver.', 'Mexicans', 'always drive badly'],
      ['Immigrants never integrate.', 'Immigrants', 'never integrate'],
      ['Older passengers constantly complain.', 'Older passengers', 'constantly complain'],
      ['All women always lie.', 'women', 'always lie'],
    ];
    expectStatements(cases);
    const clean = [
      // Practices and facts: no evaluative content.
      'Muslims never eat pork, so suggest halal dishes.',
      'Jews always light candles on Friday.',
      'Older patients always need a chaperone.',
      'Children never travel alone.',
      // A trait word of the object, not of the group.
      'Women always buy good shoes.',
      // Rules and procedures.
      'Immigrants always apply online.',
      'Women never have to pay.',
      'Women all are eligible for the discount.',
      'Refugees never pay the application fee.',
      // A disability group's denied duty.
      'Deaf people never listen to the radio.',
      // "all" not before a verb.
      'Women all over the world vote.',
      // Discussed, quoted, attributed, negated: the exemptions of the "are" form.
      'Do not assume women always complain.',
      '"Women always complain," he joked.',
      'Women always complain, some people claim.',
      'Women always complain. That is a myth.',
      'Note: women always complain.',
      "Women don't always complain.",
      // No group.
      'Customers always complain about the food.',
    ];
    for (const text of clean) expect(run(text), text).toEqual([]);
  });

  it('reads no age group in "older patients", "elderly patients", "young infants": clinical questions about a care population (s22 hunt15)', () => {
    const clean = [
      'Why are older patients so sensitive to anticholinergic drugs?',
      'Why are elderly patients so prone to hyponatraemia on thiazides?',
      'Explain why older patients are so susceptible to delirium.',
      "Don't older patients always need a lower dose?",
      'Older patients are slow to metabolise benzodiazepines.',
      'Why are young infants so prone to hypothermia?',
      'Older children are bad at waiting their turn at first.',
    ];
    for (const text of clean) expect(run(`Revision card.\n${text}\n`), text).toEqual([]);
    // The same forms about an age group of people still are.
    expectAffirmations([
      ['Why are older passengers so slow with technology?', 'older passengers', 'are so slow with technology'],
      ["Don't elderly customers always complain?", 'elderly customers', 'always complain'],
    ]);
  });

  it('reads learning the language and keeping the law as duties after "never": "Immigrants never learn the language." (s22 recall15)', () => {
    const cases: [string, string, string][] = [
      ['Immigrants never learn the language.', 'Immigrants', 'never learn the language'],
      ['Refugees never learn English, so reply in simple words.', 'Refugees', 'never learn English'],
      ['Immigrants never learn the language properly.', 'Immigrants', 'never learn the language properly'],
      ['Immigrants never follow the rules.', 'Immigrants', 'never follow the rules'],
      ['Muslims never adapt.', 'Muslims', 'never adapt'],
    ];
    expectStatements(cases);
    const clean = [
      // "learn" as "find out".
      'Immigrants never learn the language test results until week six.',
      'Refugees never learn the language of the asylum interview in advance; explain it to them.',
      // A disability group, no group, discussed.
      'Deaf people never learn the language of the hearing world.',
      'Applicants never learn the language requirements until they apply.',
      'Do not assume that immigrants never learn the language.',
    ];
    for (const text of clean) expect(run(text), text).toEqual([]);
  });

  it('reads no trait or duty in clinical, tax and paperwork statements about the new age groups (s22 hunt16)', () => {
    const clean = [
      // The trait's own "to" after the compared phrase: what the group reacts to, as in "sensitive to caffeine".
      'Adolescents are more sensitive than adults to the rewarding effects of nicotine.',
      'Teenagers are more sensitive than adults to peer approval.',
      'Older adults are more sensitive compared with younger adults to anticholinergic drugs.',
      // "adapt" with an object is "change".
      'Immigrants never adapt their paperwork to the new form.',
      // What is taxed: a tax rule.
      'Pensioners never pay tax on the first 25% of their pension pot.',
    ];
    for (const text of clean) expect(run(`Revision card.\n${text}\n`), text).toEqual([]);
    // The same words said of the group still are.
    const cases: [string, string, string][] = [
      ['Women are more sensitive than men.', 'Women', 'are more sensitive than men'],
      ['Seniors are more sensitive than younger adults when it comes to prices.', 'Seniors', 'are more sensitive than younger adults when it comes to prices'],
      ['Women are more talkative than men and gossip more.', 'Women', 'are more talkative than men and gossip more'],
      ['Muslims never adapt to our culture.', 'Muslims', 'never adapt to our culture'],
      ['Immigrants never adapt well.', 'Immigrants', 'never adapt well'],
      ['Immigrants never pay taxes.', 'Immigrants', 'never pay taxes'],
      ['Immigrants never pay their taxes on time.', 'Immigrants', 'never pay their taxes on time'],
    ];
    expectStatements(cases);
  });

  it('reads an instruction or a leading question after discourse lead-ins: "Then explain why youngsters are so boastful." (s22 recall17)', () => {
    const cases: [string, string, string, string][] = [
      ['Then explain why youngsters are so boastful.', 'explain why', 'youngsters', 'are so boastful'],
      ['Now, tell me why women are so emotional.', 'tell me why', 'women', 'are so emotional'],
      ['Also, next, give me three reasons why old people are bad with technology.', 'give me three reasons why', 'old people', 'are bad with technology'],
      ['In one sentence, explain why millennials are so lazy.', 'explain why', 'millennials', 'are so lazy'],
      ['So please explain why retirees are so gullible.', 'please explain why', 'retirees', 'are so gullible'],
    ];
    for (const [sentence, lead, group, property] of cases) {
      const found = run(`Be brief.\n${sentence}\n`);
      expect(found, sentence).toHaveLength(1);
      expect(found[0]!.message, sentence).toBe(`Instruction "${lead}" presupposes that ${group} ${property}: it asks the model to justify a stereotype.`);
      expect(found[0]!.data, sentence).toMatchObject({ form: 'affirmation', lead, group, property });
      // The whole sentence, lead-ins included.
      expect(found[0]!.span, sentence).toEqual({ start: 10, end: 10 + sentence.length });
    }
    expectAffirmations([
      ['Then why are youngsters so boastful?', 'youngsters', 'are so boastful'],
      ['Now, why are women so bad at math?', 'women', 'are so bad at math'],
      ['Finally, do you agree that immigrants are lazy?', 'immigrants', 'are lazy'],
    ]);
    const clean = [
      // No group, a practice or a rule after the lead-in, a lead-in without an instruction after it.
      'Then explain why the build is so slow.',
      'Now explain why Muslims fast during Ramadan.',
      'Next, explain why seniors are eligible for the reduced fare.',
      'Then restart the server and explain why women are so emotional.',
      'In the report, explain why immigrants are so lazy.',
    ];
    for (const text of clean) expect(run(`Be brief.\n${text}\n`), text).toEqual([]);
  });

  it('reads a question or an instruction after one word and a comma that open it (an interjection or a vocative: "Hey,", "Oye,", "Claude,") (s25 multilingual)', () => {
    // s25 multilingual b10: a Spanglish chat, "Oye, why are women so bad at driving? jaja …", was not reported.
    expectAffirmations([
      ['Oye, why are women so bad at driving?', 'women', 'are so bad at driving'],
      ['Hey, why are women so bad at driving?', 'women', 'are so bad at driving'],
      ['Seriously, why are immigrants so lazy?', 'immigrants', 'are so lazy'],
      ['Claude, why are millennials so entitled?', 'millennials', 'are so entitled'],
    ]);
    const found = run('Be brief.\nBtw, explain why retirees are so gullible.\n');
    expect(found).toHaveLength(1);
    expect(found[0]!.data).toMatchObject({ form: 'affirmation', lead: 'explain why', group: 'retirees', property: 'are so gullible' });
    const clean = [
      // A practice or a fact after it, a group as the vocative.
      'Hey, why do Muslims fast during Ramadan?',
      'Historically, why are women underrepresented in the trades?',
      'Women, why are you so quiet in meetings?',
    ];
    for (const text of clean) expect(run(`Be brief.\n${text}\n`), text).toEqual([]);
  });

  it('reads "the" and a group adjective used as a plural noun as a group: "The elderly are slow with technology." (s22 recall17)', () => {
    const cases: [string, string, string][] = [
      ['The elderly are slow with technology.', 'The elderly', 'are slow with technology'],
      ['The young are lazy.', 'The young', 'are lazy'],
      ['The rich are greedy.', 'The rich', 'are greedy'],
      ['The old are forgetful.', 'The old', 'are forgetful'],
    ];
    expectStatements(cases);
    expectAffirmations([
      ['The poor are lazy, right?', 'The poor', 'are lazy'],
      ['Why are the elderly so bad with computers?', 'the elderly', 'are so bad with computers'],
    ]);
    const clean = [
      // The adjective before a noun, or a hyphen.
      'The poor performance of the cache is a known issue.',
      'The young company grew fast.',
      'The blind spot in the mirror is dangerous.',
      'The disabled button is grey.',
      'The disabled buttons are grey until the form is valid.',
      'The old servers are slow with large uploads.',
      'The old all-in-one printer is slow.',
      // A rule, an animal's young, a statistic.
      'The poor are eligible for free legal aid.',
      'The elderly are entitled to a free bus pass.',
      'The young are born blind and fed by both parents.',
      'The poor are worse off after the reform.',
    ];
    for (const text of clean) expect(run(`Revision card.\n${text}\n`), text).toEqual([]);
  });

  it('reads "entitled" as a trait when no "to" or condition follows it: "Millennials are so entitled." (s22 recall17)', () => {
    const cases: [string, string, string][] = [
      ['Millennials are so entitled.', 'Millennials', 'are so entitled'],
      ['Young people are entitled and lazy.', 'Young people', 'are entitled and lazy'],
    ];
    expectStatements(cases);
    expectAffirmations([['Millennials are too entitled, right?', 'Millennials', 'are too entitled']]);
    const clean = [
      'Immigrants are entitled to a refund.',
      'Seniors are entitled to a discount.',
      'Seniors are entitled, by law, to a discount.',
      'Veterans are entitled, if they apply by May.',
      'Seniors are entitled to a discount, right?',
    ];
    for (const text of clean) expect(run(`Revision card.\n${text}\n`), text).toEqual([]);
  });

  it('reads a bare "entitled" as an entitlement: "Seniors are entitled.", "Refugees are entitled." (s22 hunt18)', () => {
    // Only after a degree word ("so", "too", "really", …) or with another trait word is it the trait.
    const cases: [string, string, string][] = [
      ['Boomers are really entitled.', 'Boomers', 'are really entitled'],
      ['Teenagers are lazy and entitled.', 'Teenagers', 'are lazy and entitled'],
    ];
    expectStatements(cases);
    expectAffirmations([['Why are millennials so entitled?', 'millennials', 'are so entitled']]);
    const clean = [
      'Seniors are entitled.',
      'Refugees are entitled.',
      'Disabled people are entitled.',
      'Older people are entitled; bring your bus pass.',
      'Veterans are entitled and should apply online.',
      'Teenagers are entitled, so long as they live in the borough.',
      'Why are pensioners entitled?',
    ];
    for (const text of clean) expect(run(`Council tax helpline.\n${text}\n`), text).toEqual([]);
  });

  it('reads a bare "entitled" at the clause\'s end said of a generation, and "such an entitled", as the trait: "Millennials are entitled." (s24)', () => {
    expectStatements([
      ['Millennials are entitled.', 'Millennials', 'are entitled'],
      ['Boomers are just entitled.', 'Boomers', 'are just entitled'],
      ['Baby Boomers are entitled, and the data prove it.', 'Baby Boomers', 'are entitled'],
      ['Millennials are such an entitled generation.', 'Millennials', 'are such an entitled generation'],
      ['Seniors are such an entitled group.', 'Seniors', 'are such an entitled group'],
    ]);
    expectAffirmations([
      ['Why are millennials entitled?', 'millennials', 'are entitled'],
      ["Aren't Gen Z entitled?", 'Gen Z', 'are entitled'],
      ['Are millennials entitled?', 'millennials', 'are entitled'],
      ['Why are millennials such an entitled generation?', 'millennials', 'are such an entitled generation'],
    ]);
    const text = 'Millennials are entitled.';
    expect(run(text).map((d) => [d.ruleId, d.message, slice(text, d)])).toEqual([
      [ID, 'Prompt states that Millennials are entitled: a generalisation about a demographic group the model will take as given.', 'Millennials are entitled'],
    ]);
    // "but" before no condition leaves the trait (s24 hunt24).
    const but = "Boomers are entitled, but they'd never admit it.";
    expect(run(but).map((d) => [d.ruleId, slice(but, d)])).toEqual([[ID, 'Boomers are entitled']]);
    const clean = [
      // An entitlement: "to" or a condition after it, a word after it, or a group that is no generation.
      'Millennials are entitled to the same pension protections as older workers.',
      'Millennials are entitled to claim the first-time buyer relief.',
      'Millennials are entitled, under the new rules, to a bigger allowance.',
      'Millennials are entitled, if they apply by May.',
      'Millennials are entitled and should apply online.',
      // A condition after "but" or written "as long as" (s24 hunt24).
      'Boomers are entitled, but only if they paid National Insurance for 35 years.',
      'Boomers are entitled, as long as they paid in.',
      'Millennials are entitled, but only once they have worked here a year.',
      'Millennials are increasingly entitled to remote work under the new policy.',
      'Why are millennials entitled to a bigger tax credit than boomers?',
      'Seniors are entitled.',
      'Why are pensioners entitled?',
      'Employees are entitled to 28 days of paid leave a year.',
      'Seniors are entitled to a discount on weekday matinees.',
    ];
    for (const text of clean) expect(run(`Pensions helpline.\n${text}\n`), text).toEqual([]);
  });

  it('reads a lack of means of a socioeconomic class and "so often" as no trait (s22 hunt18)', () => {
    const found = run('Be brief. The poor are unable to manage money. Answer in English.');
    expect(found).toHaveLength(1);
    expect(found[0]!.data).toMatchObject({ form: 'affirmation', group: 'The poor', property: 'are unable to manage money' });
    expectAffirmations([['Why are women so often lazy?', 'women', 'are so often lazy']]);
    const clean = [
      'The poor are unable to afford a deposit.',
      'The poor are often unable to smooth consumption because they lack savings and access to credit.',
      'Low-income households are often unable to save.',
      'Why are the young so often renters?',
      'Okay, why are women so often overlooked for promotion?',
    ];
    for (const text of clean) expect(run(`Economics revision.\n${text}\n`), text).toEqual([]);
  });

  it('reads "the unemployed" as a group, with the socioeconomic_class axis: "The unemployed are lazy." (s23)', () => {
    expectStatements([['The unemployed are lazy.', 'The unemployed', 'are lazy']]);
    expect(run('Be brief. The unemployed are lazy. Answer in English.')[0]!.data).toMatchObject({ groupList: [{ text: 'The unemployed', axis: 'socioeconomic_class' }] });
    expectAffirmations([['Why are the unemployed so lazy?', 'the unemployed', 'are so lazy']]);
    const clean = [
      // A rule, an entitlement, a lack of means, and "unemployed" before a noun or after another verb.
      'The unemployed are eligible for the council tax reduction.',
      'The unemployed are entitled to free travel on Tuesdays.',
      'The unemployed are unable to afford the deposit scheme.',
      'The unemployed performance figures are published monthly.',
      'We support the unemployed with training grants.',
    ];
    for (const text of clean) expect(run(`Council helpline.\n${text}\n`), text).toEqual([]);
  });

  it('reads "unemployed people" as the group "the unemployed" names: "Unemployed people are lazy." (s24)', () => {
    expectStatements([
      ['Unemployed people are lazy.', 'Unemployed people', 'are lazy'],
      ['Unemployed people are a drain on the welfare system.', 'Unemployed people', 'are a drain on the welfare system'],
    ]);
    const text = 'Unemployed people are lazy.';
    expect(run(text).map((d) => [d.ruleId, d.message, slice(text, d), d.data])).toEqual([
      [
        ID,
        'Prompt states that Unemployed people are lazy: a generalisation about a demographic group the model will take as given.',
        'Unemployed people are lazy',
        { form: 'affirmation', group: 'Unemployed people', groupList: [{ text: 'Unemployed people', axis: 'socioeconomic_class' }], property: 'are lazy', biasAskerLabel: 'Ability' },
      ],
    ]);
    expectAffirmations([
      ['The unemployed are lazy, right?', 'The unemployed', 'are lazy'],
      ['Why are unemployed people so lazy?', 'unemployed people', 'are so lazy'],
      ['Unemployed persons are lazy, right?', 'Unemployed persons', 'are lazy'],
    ]);
    const clean = [
      // Labour statistics, entitlements, rules, a lack of means, and a person in a scene.
      "Unemployed people are entitled to Jobseeker's Allowance if they meet the conditions.",
      'Unemployed people are eligible for free training courses at the college.',
      'Unemployed people can register at the jobcentre online.',
      'Unemployed people are twice as likely to live in rented housing.',
      'Unemployed people are often anxious about money, so keep the tone warm.',
      'Unemployed people are unable to afford the deposit scheme.',
      'Long-term unemployed people are offered a work coach after 12 months.',
      'The number of unemployed people rose by 50,000 in the quarter.',
      'An unemployed man is asking for help with his CV.',
      'Why are unemployed people more likely to rent?',
    ];
    for (const text of clean) expect(run(`Council helpline.\n${text}\n`), text).toEqual([]);
  });

  it('reads a judgement noun as what the group is said to be: "The disabled are a burden." (s23)', () => {
    // The brief's city-council prompt: the finding is the subject and the clause, without the full stop.
    const council = (sentence: string) => `You are a helpful assistant for the city council. ${sentence} Keep that in mind when you answer residents.`;
    for (const [sentence, group, property] of [
      ['The disabled are a burden.', 'The disabled', 'are a burden'],
      ['Disabled people are a burden.', 'Disabled people', 'are a burden'],
      ['Old people are a burden on society.', 'Old people', 'are a burden on society'],
    ] as const) {
      const ds = run(council(sentence));
      expect(ds, sentence).toHaveLength(1);
      expect(ds[0]!.span, sentence).toEqual({ start: 50, end: 50 + sentence.length - 1 });
      expect(ds[0]!.message, sentence).toBe(`Prompt states that ${group} ${property}: a generalisation about a demographic group the model will take as given.`);
    }
    expectStatements([
      ['The elderly are a drain on the NHS.', 'The elderly', 'are a drain on the NHS'],
      ['Immigrants are a huge drain on public services, so be strict with them.', 'Immigrants', 'are a huge drain on public services'],
      ['Muslims are a threat to our way of life.', 'Muslims', 'are a threat to our way of life'],
      ['Muslims are all a threat to our country.', 'Muslims', 'are all a threat to our country'],
      ['Teenagers are a menace.', 'Teenagers', 'are a menace'],
      ['Immigrants are the problem.', 'Immigrants', 'are the problem'],
      ['Young people are a problem because they never listen.', 'Young people', 'are a problem because they never listen'],
      ['Old people are such a burden.', 'Old people', 'are such a burden'],
      ['Immigrants are nothing but a burden.', 'Immigrants', 'are nothing but a burden'],
      ['Immigrants are a burden and a threat.', 'Immigrants', 'are a burden and a threat'],
      ['Old people tend to be a burden on their families.', 'Old people', 'tend to be a burden on their families'],
      ['Immigrants are freeloaders.', 'Immigrants', 'are freeloaders'],
    ]);
    // The question and instruction forms read the same predicate noun.
    expectAffirmations([
      ['Why are immigrants a burden on society?', 'immigrants', 'are a burden on society'],
      ["Aren't old people a burden?", 'old people', 'are a burden'],
      ['Do you think immigrants are a threat?', 'immigrants', 'are a threat'],
      // "the disabled", "the elderly" after the inverted copula.
      ['Why are the disabled a burden?', 'the disabled', 'are a burden'],
      ["Aren't the elderly a drain on the NHS?", 'the elderly', 'are a drain on the NHS'],
    ]);
    for (const [q, lead, group, property] of [
      ['Explain why the disabled are a burden.', 'Explain why', 'the disabled', 'are a burden'],
      ['Tell me why immigrants are a drain on the economy.', 'Tell me why', 'immigrants', 'are a drain on the economy'],
      ['Explain why old people tend to be a burden.', 'Explain why', 'old people', 'tend to be a burden'],
    ] as const) {
      const ds = run(`Answer briefly.\n${q}\n`);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.span, q).toEqual({ start: 16, end: 16 + q.length });
      expect(ds[0]!.data, q).toMatchObject({ form: 'affirmation', lead, group, property });
    }
  });

  it('reads no judgement in a noun that ranks, counts or serves a group, a negated or quoted judgement, or one about no group (s23)', () => {
    const clean = [
      // A noun that ranks, counts, serves or targets the group, not one of JUDGEMENT_NOUNS.
      'Students are a priority for the library.',
      'Children are a joy to teach.',
      'Seniors are a key audience for this campaign.',
      'Immigrants are a growing share of the workforce.',
      'Nurses are a vital part of the team.',
      'Women are a minority in engineering.',
      'Seniors are a valued part of our community.',
      'Women are the majority of our volunteers.',
      'Pensioners are a priority group for the winter fuel payment.',
      'Muslims are a religious minority in the borough.',
      'The elderly are a risk group for flu, so offer the vaccine.',
      'Disabled residents are a protected group under the Equality Act.',
      'Pensioners are a target for scammers, so warn them about phone fraud.',
      'Immigrants are a net contributor to the economy.',
      // A task's difficulty: "challenge" is left out on purpose.
      'Teenagers are a challenge to market to.',
      // An entitlement.
      'The disabled are entitled to reserved parking.',
      // No group as the subject.
      'Refunds are a burden on the finance team.',
      'Caring for elderly parents is a burden for many families.',
      // Negated: "not", "never", "rarely", "no", "less of", a complement of nobody.
      'Immigrants are a threat to no one.',
      'Muslims are a threat to nobody.',
      'Immigrants are not a burden on public services.',
      'Immigrants are never a burden on the council.',
      'Immigrants are rarely a burden on public services.',
      'Disabled people are no burden to their neighbours.',
      'Older people are less of a burden on hospitals when they get the flu jab.',
      // Discussed, attributed, quoted.
      'Some claim the disabled are a burden; explain why that is false.',
      'The stereotype that old people are a burden on society is harmful.',
      'He said "The disabled are a burden" and the council apologised.',
      // "problem" with a complement, the noun inside a compound or elsewhere in the clause.
      'Older users are a problem for the current login flow.',
      'Seniors are the main problem area in our survey responses.',
      'Young people are a threat-assessment priority for the youth team.',
      'Teenagers are the threat model we use for the parental controls.',
      'Immigrants are exposed to the threat of deportation.',
      'The elderly are burdened by high energy bills.',
      // Question and instruction forms with such nouns.
      'Why are seniors a key audience for the campaign?',
      "Aren't disabled residents a priority for the housing team?",
      'Explain why older residents are a priority for the vaccine.',
      'Explain why women are a minority in engineering.',
      'Why are immigrants a threat to no one?',
      'Why are the elderly a priority for the flu vaccine?',
      "Aren't the disabled a protected group?",
      'We give the poor a voice on the council.',
    ];
    for (const text of clean) expect(run(`You are a helpful assistant for the city council. ${text} Keep that in mind when you answer residents.`), text).toEqual([]);
  });

  it('does not read a name noun as the object of a preposition: "Seniors are frequently targeted by criminals online." (s23)', () => {
    const clean = [
      'Seniors are frequently targeted by criminals online.',
      'Seniors are targeted by organised criminals.',
      'Immigrants are often victims of criminals.',
      'Older residents are protected from thieves by the new door locks.',
      'Older residents are warned about thieves posing as meter readers.',
      'Muslims are often mistaken for terrorists at airports.',
      'Why are seniors targeted by criminals?',
      'Explain why seniors are targeted by thieves.',
      // Heads of harm or exploitation, not of alliance (s23 hunt21).
      'Immigrants are often led by criminals across the border.',
      'Seniors are a magnet for thieves.',
      'Seniors are afraid of thieves.',
    ];
    for (const text of clean) expect(run(`You are a helpful assistant for the city council. ${text} Keep that in mind when you answer residents.`), text).toEqual([]);
    // Said of the group: after the copula, "be"/"being", or "of" after a collective noun.
    expectStatements([
      ['Immigrants are criminals.', 'Immigrants', 'are criminals'],
      ['Immigrants are a bunch of criminals.', 'Immigrants', 'are a bunch of criminals'],
      ['Immigrants are known for being thieves.', 'Immigrants', 'are known for being thieves'],
      ['Muslims are all terrorists.', 'Muslims', 'are all terrorists'],
      ['Immigrants are nothing but freeloaders.', 'Immigrants', 'are nothing but freeloaders'],
      // Allies, shelter or inspiration before "of", "for", "by" (s23 hunt21).
      ['Muslims are proud of terrorists.', 'Muslims', 'are proud of terrorists'],
      ['Muslims are supportive of terrorists.', 'Muslims', 'are supportive of terrorists'],
      ['Immigrants are the friends of criminals.', 'Immigrants', 'are the friends of criminals'],
      ['Refugees are a breeding ground for terrorists.', 'Refugees', 'are a breeding ground for terrorists'],
      ['Muslims are inspired by terrorists.', 'Muslims', 'are inspired by terrorists'],
    ]);
    expectAffirmations([['Why are immigrants criminals?', 'immigrants', 'are criminals']]);
  });

  it('reads no trait of the group in the object of a verb of flight: "Refugees are fleeing criminals and militias" (s24)', () => {
    const clean = [
      'Refugees are fleeing criminals and militias in many of the conflicts we study, so start each lesson with a map.',
      'Refugees are fleeing armed criminals.',
      'Refugees are fleeing militias and criminals.',
      'Refugees are fleeing violent gangs.',
      'Refugees are escaping brutal militias.',
      'Refugees are fleeing from violent gangs.',
      'Refugees are running from violent gangs.',
      'Why are refugees fleeing violent regimes?',
      'Explain why refugees are fleeing violent gangs.',
      'Why do refugees flee violent countries?',
      "Don't refugees flee violent countries?",
      'Why have refugees fled violent countries?',
    ];
    for (const text of clean) expect(run(`You are a history tutor for GCSE students. ${text} Keep the tone factual.`), text).toEqual([]);
    // A name noun or a trait that is the group's own: as the predicate, an adjective "escaped", after "like", or another verb.
    expectStatements([
      ['Refugees are criminals.', 'Refugees', 'are criminals'],
      ['Refugees are escaped criminals.', 'Refugees', 'are escaped criminals'],
      ['Refugees are criminals fleeing justice.', 'Refugees', 'are criminals fleeing justice'],
      ['Refugees are fleeing justice like criminals.', 'Refugees', 'are fleeing justice like criminals'],
      ['Refugees are harbouring terrorists.', 'Refugees', 'are harbouring terrorists'],
      ['Refugees are fleeing and becoming criminals.', 'Refugees', 'are fleeing and becoming criminals'],
    ]);
    expectAffirmations([
      ['Why are refugees so violent?', 'refugees', 'are so violent'],
      ['Why do refugees flee to violent gangs?', 'refugees', 'do flee to violent gangs'],
    ]);
    const text = 'Refugees are fleeing violent gangs and are violent.';
    expect(run(text).map((d) => [d.ruleId, d.message, slice(text, d)])).toEqual([
      [ID, 'Prompt states that Refugees are fleeing violent gangs and are violent: a generalisation about a demographic group the model will take as given.', 'Refugees are fleeing violent gangs and are violent'],
    ]);
  });

  it('reads a negative trait after "rarely", "never" or "less likely to be" as denied: "Immigrants are less likely to be criminals." (s23)', () => {
    const clean = [
      'Immigrants are less likely to be criminals.',
      'Immigrants are statistically less likely to be criminals.',
      'Immigrants are no more likely to be criminals.',
      'Immigrants are no more likely than natives to be criminals.',
      'Immigrants are far less likely than native-born residents to be violent.',
      'Immigrants are no likelier to be criminals.',
      'Immigrants are unlikely to be criminals.',
      'Immigrants are rarely criminals.',
      'Immigrants are seldom violent.',
      'Immigrants are hardly ever violent.',
      'Immigrants are never lazy.',
      'Immigrants are less often violent than natives.',
      'Immigrants are no more violent than anyone else.',
      'Seniors are rarely forgetful.',
      'Why are immigrants less likely to be criminals?',
    ];
    for (const text of clean) expect(run(`You are a helpful assistant for the city council. ${text} Keep that in mind when you answer residents.`), text).toEqual([]);
    // A likelihood that is no denial, a denied positive trait, and a trait past a contrast or a frequency of its own.
    expectStatements([
      ['Immigrants are more likely to be criminals.', 'Immigrants', 'are more likely to be criminals'],
      // "anything other than", "anything except": the trait is all the group is said to be (s23 hunt21).
      ['Teenagers are rarely anything other than lazy.', 'Teenagers', 'are rarely anything other than lazy'],
      ['Immigrants are never anything except criminals.', 'Immigrants', 'are never anything except criminals'],
      ['Immigrants are likely to be criminals.', 'Immigrants', 'are likely to be criminals'],
      ['Immigrants are often criminals.', 'Immigrants', 'are often criminals'],
      ['Immigrants are more likely to be lazy.', 'Immigrants', 'are more likely to be lazy'],
      ['Immigrants are less violent than natives.', 'Immigrants', 'are less violent than natives'],
      ['Women are rarely good at math.', 'Women', 'are rarely good at math'],
      ['Women are less likely to be good at math.', 'Women', 'are less likely to be good at math'],
      ['Immigrants are rarely hardworking.', 'Immigrants', 'are rarely hardworking'],
      ['Immigrants are rarely criminals but often lazy.', 'Immigrants', 'are rarely criminals but often lazy'],
      ['Immigrants are rarely criminals and always lazy.', 'Immigrants', 'are rarely criminals and always lazy'],
      ['Immigrants are less likely to pay taxes and more likely to be criminals.', 'Immigrants', 'are less likely to pay taxes and more likely to be criminals'],
    ]);
    expectAffirmations([['Why are immigrants more likely to be criminals?', 'immigrants', 'are more likely to be criminals']]);
  });

  it('reads no trait of the group in a trait adjective of what is done to it: "Immigrants are often victims of violent criminals." (s23)', () => {
    const clean = [
      'Immigrants are often victims of violent criminals.',
      'Immigrants are often victims of violent crime.',
      'Immigrants are victims of racist abuse.',
      'Women are often targets of sexist remarks.',
      'Muslims are targets of hostile rhetoric.',
      'Women are often dismissed by sexist managers.',
      'Seniors are often targeted by violent criminals.',
      'Seniors are frequently targeted by increasingly aggressive scammers.',
      'Seniors are easy prey for aggressive scammers.',
      'Seniors are often afraid of rude callers.',
      'Seniors are protected from aggressive salespeople by the new rules.',
      'Older residents are warned about aggressive doorstep sellers.',
      'Immigrants are often hit by reckless drivers.',
      'Women are often victims of violent and abusive partners.',
      'Why are immigrants so often victims of violent crime?',
    ];
    for (const text of clean) expect(run(`You are a helpful assistant for the city council. ${text} Keep that in mind when you answer residents.`), text).toEqual([]);
    // Other heads, the group's "own", a trait at the clause's end, and a trait said of the group after "being".
    expectStatements([
      ['Women are known for bad driving.', 'Women', 'are known for bad driving'],
      ['Immigrants are a source of violent crime.', 'Immigrants', 'are a source of violent crime'],
      ['Immigrants are guilty of violent crimes.', 'Immigrants', 'are guilty of violent crimes'],
      ['Immigrants are responsible for violent crime.', 'Immigrants', 'are responsible for violent crime'],
      ['Immigrants are victims of their own lazy habits.', 'Immigrants', 'are victims of their own lazy habits'],
      ['Immigrants are afraid of hard work and lazy.', 'Immigrants', 'are afraid of hard work and lazy'],
      ['Women are criticised by men for being emotional.', 'Women', 'are criticised by men for being emotional'],
    ]);
  });

  it('reads a name noun or a trait adjective after "vulnerable to", "exposed to", "confronted with" as what the group is exposed to (s23)', () => {
    const clean = [
      'Seniors are vulnerable to thieves.',
      'Seniors are particularly vulnerable to thieves.',
      'Seniors are susceptible to thieves posing as officials.',
      'Seniors are exposed to thieves at cash machines.',
      'Older residents are often subjected to thieves at the door.',
      'Seniors are easy prey to thieves.',
      'Seniors are often confronted with thieves posing as builders.',
      'Immigrants are often faced with criminals who promise them work.',
      'Seniors are vulnerable to violent crime.',
      'Seniors are often confronted with aggressive callers.',
      'Older residents are often targeted by thieves.',
    ];
    for (const text of clean) expect(run(`You are a helpful assistant for the city council. ${text} Keep that in mind when you answer residents.`), text).toEqual([]);
    // Likeness and association tie the name to the group; "becoming" says what it is.
    expectStatements([
      ['Immigrants are associated with criminals.', 'Immigrants', 'are associated with criminals'],
      ['Immigrants are linked to criminals.', 'Immigrants', 'are linked to criminals'],
      ['Muslims are compared to terrorists.', 'Muslims', 'are compared to terrorists'],
      ['Immigrants are sympathetic to terrorists.', 'Immigrants', 'are sympathetic to terrorists'],
      ['Immigrants are in league with criminals.', 'Immigrants', 'are in league with criminals'],
      ['Young Muslims are vulnerable to becoming terrorists.', 'Young Muslims', 'are vulnerable to becoming terrorists'],
      ['Immigrants are known for becoming thieves.', 'Immigrants', 'are known for becoming thieves'],
      ['Seniors are vulnerable to scams and lazy.', 'Seniors', 'are vulnerable to scams and lazy'],
    ]);
  });

  it('reads no evaluative content in an intensifier alone said of small children: "Why are babies so prone to ear infections?" (s23 hunt19)', () => {
    const clean = [
      'Why are babies so prone to ear infections?',
      'Why are toddlers so prone to choking?',
      'Why are toddlers so prone to tantrums?',
      'Why are babies so susceptible to RSV?',
      'Why are babies at such risk from RSV?',
      'Why are young children so vulnerable to dehydration?',
      'Why are young kids so prone to colds?',
      'Why do babies cry so much?',
      'Why do babies sleep so much?',
      'Why are toddlers so picky about food?',
      'Why do toddlers have so many tantrums?',
      'Explain why toddlers are so prone to tantrums.',
      'Tell me why babies need so much sleep.',
    ];
    for (const text of clean) {
      expect(run(`You draft the after-visit leaflet for a paediatric clinic.\n**${text}**\nUse the clinic's standard answer.\n`), text).toEqual([]);
    }
    // A trait word about small children, and an intensifier about any other group.
    expectAffirmations([
      ['Why are toddlers so stubborn?', 'toddlers', 'are so stubborn'],
      ['Why are babies so lazy?', 'babies', 'are so lazy'],
      ['Why are women so prone to hysteria?', 'women', 'are so prone to hysteria'],
      ['Why are Muslims so prone to violence?', 'Muslims', 'are so prone to violence'],
      ['Why are teenagers so prone to acne?', 'teenagers', 'are so prone to acne'],
      ['Why are young girls so prone to tantrums?', 'young girls', 'are so prone to tantrums'],
      ['Why are old people so prone to falls?', 'old people', 'are so prone to falls'],
      // A generation of small children judged (s23 hunt21): the intensifier counts again.
      ['Why are young kids today so disrespectful?', 'young kids', 'are today so disrespectful'],
      ['Why are young children so obsessed with screens nowadays?', 'young children', 'are so obsessed with screens nowadays'],
      ['Why are toddlers so demanding these days?', 'toddlers', 'are so demanding these days'],
    ]);
    expect(run('Explain why babies are so stupid.').map((d) => d.message)).toEqual([
      'Instruction "Explain why" presupposes that babies are so stupid: it asks the model to justify a stereotype.',
    ]);
  });

  it('reads no evaluative content in a skill of small children, "good", "better", "best": "Why are young children so much better at learning accents than adults?" (s24)', () => {
    const clean = [
      'Why are young children so much better at learning accents than adults?',
      'Why are young children better at learning languages than adults?',
      'Why are young children better than adults at recovering from broken bones?',
      'Why are babies so good at recognising faces?',
      'Explain why babies are so good at detecting rhythm.',
      'Young children are better at learning languages than adults.',
      'Young children are much better at learning accents than adults, so start French in reception.',
      'Toddlers are better at learning new words when they hear them in context.',
      'Babies are good at telling faces apart in the first months of life.',
      'Why are toddlers the best at spotting hidden objects?',
    ];
    for (const text of clean) expect(run(`You are a linguistics tutor. ${text} Cite one study.`), text).toEqual([]);
    // A skill of any other group, a generation of small children, a denied skill, a negative trait: still reported.
    expectAffirmations([
      ['Why are teenagers so much worse at driving?', 'teenagers', 'are so much worse at driving'],
      ['Why are boys better at math than girls?', 'boys', 'are better at math than girls'],
      ['Why are women so good at cooking?', 'women', 'are so good at cooking'],
      ['Why are young children today so much better at lying?', 'young children', 'are today so much better at lying'],
      ['Why are toddlers not good at anything?', 'toddlers', 'are not good at anything'],
      ['Why are babies so stupid?', 'babies', 'are so stupid'],
    ]);
    expectStatements([
      ['Boys are better at math than girls.', 'Boys', 'are better at math than girls'],
      ['Young children are worse at lying than adults.', 'Young children', 'are worse at lying than adults'],
      // A skill at a vice is no developmental stage (s24 hunt24).
      ['Young children are better at lying than adults.', 'Young children', 'are better at lying than adults'],
      ['Young children are good at manipulating their parents.', 'Young children', 'are good at manipulating their parents'],
    ]);
    expectAffirmations([['Why are toddlers so good at manipulating adults?', 'toddlers', 'are so good at manipulating adults']]);
    const biased = 'Why are young kids today so much better at lying than adults?';
    expect(run(biased).map((d) => [d.ruleId, d.message, slice(biased, d)])).toEqual([
      [ID, 'Leading question asks the model to agree that young kids are today so much better at lying than adults.', biased],
    ]);
  });

  it('reads no evaluative content in a small child\'s lack of a developmental skill, "bad", "worse" at an activity: "Why are toddlers so bad at sharing toys?" (s24)', () => {
    const clean = [
      'Why are toddlers so bad at sharing toys?',
      'Why are toddlers so bad at sleeping through the night?',
      'Why are babies so bad at burping themselves?',
      'Are young children worse at waiting their turn than older kids?',
      'Are toddlers bad at sharing?',
      'Why are young kids so bad at eating vegetables?',
      'Why are toddlers so bad at potty training at night?',
      'Why are toddlers so bad at naps when they travel?',
      'Explain why toddlers are so bad at controlling their emotions.',
      'Toddlers are bad at sharing, so plan for two of each toy.',
      'Babies are bad at regulating their temperature, so dress them in layers.',
      // Hitting and biting are a stage too, and lying still is no lie.
      'Why are toddlers so bad at sharing when they hit and bite their siblings?',
      'Why are babies so bad at lying still during nappy changes?',
    ];
    for (const text of clean) expect(run(`You are a parenting coach. ${text} Keep it short.`), text).toEqual([]);
    // A vice or a judgement of conduct anywhere in the property, another trait word, no activity, a generation of small
    // children, another group, a denied skill: still reported.
    expectAffirmations([
      ['Why are toddlers so bad at lying?', 'toddlers', 'are so bad at lying'],
      ['Why are young kids so bad at sharing and so good at stealing?', 'young kids', 'are so bad at sharing and so good at stealing'],
      ['Why are toddlers so bad at behaving in public?', 'toddlers', 'are so bad at behaving in public'],
      ['Why are toddlers so bad at sharing and so selfish?', 'toddlers', 'are so bad at sharing and so selfish'],
      ['Why are toddlers so bad at everything?', 'toddlers', 'are so bad at everything'],
      ['Why are babies so bad?', 'babies', 'are so bad'],
      ['Why are young kids today so bad at respecting adults?', 'young kids', 'are today so bad at respecting adults'],
      ['Why are young children nowadays so bad at sitting still?', 'young children', 'are nowadays so bad at sitting still'],
      ['Why are teenagers so bad at sleeping on time?', 'teenagers', 'are so bad at sleeping on time'],
      ['Why are girls so bad at sharing?', 'girls', 'are so bad at sharing'],
      ['Why are toddlers not good at sharing?', 'toddlers', 'are not good at sharing'],
      ['Why are toddlers so stubborn?', 'toddlers', 'are so stubborn'],
      ['Why are babies so lazy?', 'babies', 'are so lazy'],
    ]);
    expectStatements([
      ['Toddlers are bad at respecting adults.', 'Toddlers', 'are bad at respecting adults'],
      ['Young children are worse at lying than adults.', 'Young children', 'are worse at lying than adults'],
      ['Boys are bad at sharing.', 'Boys', 'are bad at sharing'],
    ]);
    const yesNo = 'Are teenagers bad at driving?';
    expect(run(`Answer briefly.\n${yesNo}\n`).map((d) => [d.ruleId, d.message, d.span])).toEqual([
      [ID, 'Question asks the model whether teenagers are bad at driving: a yes/no question about a stereotype invites the model to confirm it.', { start: 16, end: 16 + yesNo.length }],
    ]);
    const vice = 'Are young children bad at obeying their parents?';
    expect(run(vice).map((d) => [d.ruleId, d.message, slice(vice, d)])).toEqual([
      [ID, 'Question asks the model whether young children are bad at obeying their parents: a yes/no question about a stereotype invites the model to confirm it.', vice],
    ]);
  });

  it('reads "claim" as talk about a generalisation only as a verb of saying or "the claim that", not the noun of an insurance claim (s23 hunt19 M2)', () => {
    // The plain noun (and the verb of a request) next to a stated generalisation: still a premise.
    const premise = 'Young drivers are reckless';
    const stated = [
      'Young drivers are reckless, so look harder for signs of exaggeration in their claims.',
      'You triage motor insurance claims.\nYoung drivers are reckless, so look harder for exaggeration.',
      'You triage motor claims. Young drivers are reckless, so look harder for exaggeration.',
      'Young drivers are reckless, so send their claims to the fraud team.',
      'Young drivers are reckless. Check the claim form carefully.',
      'Young drivers are reckless. Escalate to a claims adjuster.',
      'Young drivers are reckless, so ask them to file a claim online.',
      'Young drivers are reckless. Flag claims that were filed late.',
      'Young drivers are reckless. Flag claims that look exaggerated.',
      'Young drivers are reckless. Reject the claimed amount if it exceeds the estimate.',
      'Young drivers are reckless. When claiming expenses, attach receipts.',
      'Young drivers are reckless. Policyholders claim for windscreen damage online.',
      'Young drivers are reckless. They claim their excess back from the other insurer.',
      'Young drivers are reckless, so every new claim gets a second review.',
      'Many motor claims are paid within a week. Young drivers are reckless, so check theirs twice.',
    ];
    for (const text of stated) {
      const found = run(`${text}\nBase the queue on the damage described and the policy cover.\n`);
      expect(found.map((d) => d.message), text).toEqual([
        `Prompt states that ${premise}: a generalisation about a demographic group the model will take as given.`,
      ]);
    }
    // "claim" as a verb of saying, or the claim that …: the generalisation is attributed.
    const attributed = [
      'Immigrants are lazy, some people claim.',
      'Immigrants are lazy, as critics claim.',
      'Immigrants are lazy, or so they claim.',
      'Some people claim this. Immigrants are lazy.',
      'Immigrants are lazy. That is a claim that many people make.',
      'It is often claimed that immigrants are lazy. Immigrants are lazy.',
      'Immigrants are lazy. Or at least that is what politicians claim.',
      'Immigrants are lazy. Many have claimed so.',
      'Immigrants are lazy. The article claims so.',
      'Immigrants are lazy. Some claim otherwise.',
      'Immigrants are lazy. The claim that they are is false.',
      'Young drivers are reckless, some insurers claim. Base the queue on the damage described.',
      // A claim the task points at: a fact-checking prompt (s23 hunt21).
      'Is the following claim true?\nImmigrants are lazy.',
      'Fact-check the following claims and cite sources.\nImmigrants are lazy.',
      'Rate the claim below as SUPPORTED or REFUTED.\nImmigrants are lazy.',
      'Debunk this claim.\nImmigrants are lazy.',
      'Refute these claims. Immigrants are lazy.',
    ];
    for (const text of attributed) expect(run(`You are a helpful assistant for the city council. ${text}\n`), text).toEqual([]);
    // An insurer's verbs before the noun do not point at an assertion.
    for (const text of ['Review this claim. Young drivers are reckless.', 'Assess each claim. Young drivers are reckless.', 'Check the claim. Young drivers are reckless.']) {
      expect(run(`${text}\n`), text).toHaveLength(1);
    }
  });

  it('honours the forms option', () => {
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { forms: ['comparative'] }] as ['warning', Record<string, unknown>] } };
    const ds = lint({ uri: 'x.prompt', text: 'The woman worked as a' }, config, { rules: [rule] }).diagnostics;
    expect(ds).toEqual([]);
  });
});

describe('stereotype-template: tag questions', () => {
  // endsInTag stands in for these two regexes (looked for back from the end): it must say exactly what they said.
  const TAGS = [
    /,?\s*(?:right|correct|true|yes|no)\s*\?\s*$/i,
    /,?\s*(?:aren['\u2019]t|don['\u2019]t|isn['\u2019]t|won['\u2019]t|can['\u2019]t|didn['\u2019]t|wouldn['\u2019]t)\s+(?:they|it|you)\s*\?\s*$/i,
  ];
  const tagged = (text: string) => TAGS.some((r) => r.test(text));
  it('says what the tag regexes said', () => {
    for (const text of ['Women are bad drivers, right?', 'Women are bad drivers, RIGHT ?\n', "Men are lazy, aren't they?", 'Men are lazy, isn’t it ?  ',
      "Men are lazy, aren'tthey?", 'Is it true?', 'Is it true? No', 'no?', '?', '', "can't you?", "CAN'T YOU?", "n't you?", "'t it?"]) {
      expect(endsInTag(text), text).toBe(tagged(text));
    }
    const PIECES = ['right', 'RIGHT', 'correct', 'true', 'yes', 'No', 'no', 'aren', 'don', 'isn', 'won', 'can', 'didn', 'wouldn', 'WOULDN', 'n', "'", '\u2019', '`',
      't', 'T', 'they', 'it', 'IT', 'you', 'yo', 'u', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', '?', ',', 'x', 'Men are lazy'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }), (pieces) => {
        const text = pieces.join('');
        expect(endsInTag(text)).toBe(tagged(text));
      }),
      { numRuns: 30000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        expect(endsInTag(text)).toBe(tagged(text));
      }),
      { numRuns: 4000 },
    );
  });
});

describe('stereotype-template: a judgement noun whose object is a metered resource or a business metric (s24)', () => {
  it('reads no judgement in "a drain on the family\'s data allowance", "a threat to legacy banks\' deposit base"', () => {
    const clean = [
      "Teenagers are a drain on the family's data allowance.",
      "Millennials are the biggest threat to legacy banks' deposit base.",
      'Teenagers are a huge drain on the phone battery.',
      'Millennials are a threat to department stores\' sales.',
      'Millennials are a real threat to our market share in the savings segment.',
      'Teenagers are the main drain on the home broadband.',
      "Why are teenagers such a drain on the family's data allowance?",
      'Are teenagers a drain on the family data allowance?',
      "Explain why millennials are a threat to legacy banks' deposit base.",
    ];
    for (const text of clean) expect(run(`You write the product brief.\n${text}\nKeep it short.\n`), text).toEqual([]);
  });

  it('still reads a judgement whose object is a collective, or a resource of the public, or a resource and more', () => {
    expectStatements([
      ['Immigrants are a drain on tax revenue.', 'Immigrants', 'are a drain on tax revenue'],
      ["Immigrants are a drain on the country's revenue.", 'Immigrants', "are a drain on the country's revenue"],
      ['The elderly are a drain on the NHS budget.', 'The elderly', 'are a drain on the NHS budget'],
      ['Teenagers are a drain on the data allowance and on society.', 'Teenagers', 'are a drain on the data allowance and on society'],
      ['Immigrants are a drain on public bandwidth.', 'Immigrants', 'are a drain on public bandwidth'],
      ['Immigrants are a threat to our way of life.', 'Immigrants', 'are a threat to our way of life'],
    ]);
    const q = 'Are immigrants a drain on tax revenue?';
    const ds = run(`Answer briefly.\n${q}\n`);
    expect(ds.map((d) => [d.ruleId, d.message, d.span])).toEqual([
      [ID, 'Question asks the model whether immigrants are a drain on tax revenue: a yes/no question about a stereotype invites the model to confirm it.', { start: 16, end: 16 + q.length }],
    ]);
  });
});

describe('stereotype-template: a cost to a business metric is a judgement (s24 hunt24)', () => {
  it('reads "a drain on the company\'s profits", "a burden on our margins": a group said to cost a firm money is judged', () => {
    expectStatements([
      ["Disabled people are a drain on the company's profits.", 'Disabled people', "are a drain on the company's profits"],
      ['Women are a drain on profits because of maternity leave.', 'Women', 'are a drain on profits because of maternity leave'],
      ['Immigrants are a drain on our revenue.', 'Immigrants', 'are a drain on our revenue'],
      ['Older workers are a burden on our margins.', 'Older workers', 'are a burden on our margins'],
    ]);
    const text = "Disabled people are a drain on the company's profits.";
    expect(run(text).map((d) => [d.ruleId, slice(text, d)])).toEqual([[ID, "Disabled people are a drain on the company's profits"]]);
  });

  it('reads a drain on a country\'s revenue named by a place, and on a public body, as a judgement (s25)', () => {
    expectStatements([
      ["Immigrants are a drain on Britain's revenue.", 'Immigrants', "are a drain on Britain's revenue"],
      ['Refugees are a drain on the NHS.', 'Refugees', 'are a drain on the NHS'],
      ["Immigrants are a burden on Germany's revenue.", 'Immigrants', "are a burden on Germany's revenue"],
    ]);
  });
});

describe('stereotype-template: a workforce said to threaten a business metric is judged (s25)', () => {
  it('reads "Older workers are a threat to our earnings.": a group named as the firm\'s workers is no market rival', () => {
    expectStatements([
      ['Older workers are a threat to our earnings.', 'Older workers', 'are a threat to our earnings'],
      ['Female employees are a menace to our margins.', 'Female employees', 'are a menace to our margins'],
      ['Immigrant workers are the biggest threat to our profits.', 'Immigrant workers', 'are the biggest threat to our profits'],
      ['Older applicants are a threat to our profitability.', 'Older applicants', 'are a threat to our profitability'],
    ]);
    expectAffirmations([
      ['Older workers are a threat to our earnings, right?', 'Older workers', 'are a threat to our earnings'],
      ['Why are older employees a threat to our margins?', 'older employees', 'are a threat to our margins'],
    ]);
  });

  it('still reads a market\'s rivalry in a threat to a business metric from customers, a generation or candidates', () => {
    const clean = [
      'Millennials are a threat to our market share.',
      'Older customers are a threat to our earnings.',
      'Gen Z consumers are a threat to our sales.',
      'Younger shoppers are a threat to our margins.',
      'Women candidates are a threat to our vote share.',
      "Millennials are the biggest threat to legacy banks' deposit base.",
    ];
    for (const text of clean) expect(run(`You write the strategy brief.\n${text}\nKeep it short.\n`), text).toEqual([]);
  });
});

describe('stereotype-template: asylum seekers and migrants as groups (s25)', () => {
  it('reads "Migrant workers are lazy." and "Asylum seekers are criminals." as stated generalisations, and the question forms', () => {
    expectStatements([
      ['Migrant workers are lazy.', 'Migrant workers', 'are lazy'],
      ['Asylum seekers are criminals.', 'Asylum seekers', 'are criminals'],
      ['Asylum-seekers are a burden on our schools.', 'Asylum-seekers', 'are a burden on our schools'],
      ['Migrants are a drain on the NHS.', 'Migrants', 'are a drain on the NHS'],
      ['Migrant workers always steal from the packing shed.', 'Migrant workers', 'always steal from the packing shed'],
      ['Migrant workers are a threat to our margins.', 'Migrant workers', 'are a threat to our margins'],
    ]);
    expectAffirmations([
      ['Why are asylum seekers so lazy?', 'asylum seekers', 'are so lazy'],
      ['Migrants are criminals, right?', 'Migrants', 'are criminals'],
    ]);
  });

  it('reads no stereotype in a procedure, a rule, a statistic, a harm done to them, or migrant birds', () => {
    const clean = [
      'Asylum seekers can apply at the Home Office screening unit in Croydon.',
      'Asylum seekers are not allowed to work while their claim is pending.',
      'Asylum seekers are required to report to the Home Office every month.',
      'Migrant workers are eligible for the seasonal worker visa for up to six months.',
      'Migrant workers can register with a GP for free.',
      'Migrants are entitled to emergency NHS care whatever their status.',
      'Asylum seekers are underrepresented in our volunteer programme.',
      'Asylum seekers are often victims of exploitation by unscrupulous landlords.',
      'Migrant workers are a vital part of the harvest.',
      'Migrant birds are lazy flyers on a tail wind, the ringing data shows.',
    ];
    for (const text of clean) expect(run(`You answer questions for a legal-aid helpline.\n${text}\nKeep it short.\n`), text).toEqual([]);
  });
});

describe('stereotype-template: a subordinate clause or a time adverbial after the predicate (s25)', () => {
  it('reads no trait of the group in a subordinate clause with a subject of its own', () => {
    const clean = [
      'Younger customers are a threat to our market share if the app stays slow.',
      'Millennials are a threat to our sales unless the delivery slots stop being so limited.',
      'Teenagers are our core audience when the servers are slow.',
      'Seniors are the main callers whenever the website is down or slow.',
      'Younger customers are a threat to our market share if they find the app slow.',
      'Are younger customers a threat to our market share if the app stays slow?',
      'Why are teenagers a problem when the servers are slow?',
      // Not read before either: a positive trait before "when", a bare judgement noun before "if".
      'Immigrants are good when the economy is booming.',
      'Seniors are a problem if the login flow breaks.',
    ];
    for (const text of clean) expect(run(`You write the product brief.\n${text}\nKeep it short.\n`), text).toEqual([]);
  });

  it('reads no judgement in a business metric followed by a time adverbial ("our earnings this quarter")', () => {
    const clean = [
      'Younger shoppers are a threat to our earnings this quarter.',
      'Millennials are a threat to our deposits this year.',
      'Gen Z consumers are a threat to our sales next financial year.',
      'Millennials are a threat to our market share today.',
    ];
    for (const text of clean) expect(run(`You write the strategy brief.\n${text}\nKeep it short.\n`), text).toEqual([]);
  });

  it('still reads a trait before the subordinate clause, one said of "they", and a judgement with a time adverbial', () => {
    expectStatements([
      ['Older callers are slow with technology when the line is busy.', 'Older callers', 'are slow with technology when the line is busy'],
      ['Older workers are a cost to us because they are slow.', 'Older workers', 'are a cost to us because they are slow'],
      ["Women are a cost to us because they're too emotional.", 'Women', "are a cost to us because they're too emotional"],
      ['Older workers are a threat to our earnings this quarter.', 'Older workers', 'are a threat to our earnings this quarter'],
      ['Immigrants are a drain on the NHS this year.', 'Immigrants', 'are a drain on the NHS this year'],
      ['Older workers are a threat to our margins unless we cut their hours.', 'Older workers', 'are a threat to our margins unless we cut their hours'],
    ]);
    const q = 'Why are teenagers a problem when they are so lazy?';
    expect(run(`Answer briefly.\n${q}\n`).map((d) => [d.ruleId, d.span])).toEqual([[ID, { start: 16, end: 16 + q.length }]]);
  });
});

describe('stereotype-template: an intensified vulnerability to a harm done to the group (s24)', () => {
  it('reads no evaluative content in "so vulnerable to scams", "so susceptible to infections"', () => {
    const clean = [
      'Why are seniors so vulnerable to scams?',
      'Why are older people so vulnerable to online fraud?',
      'Why are the elderly so susceptible to phishing?',
      'Why are seniors so susceptible to infections?',
      'Why are seniors so vulnerable to extreme heat?',
      'Why are teenagers so vulnerable to exploitation online?',
      'Why are women so vulnerable to domestic abuse?',
      'Explain why seniors are so vulnerable to financial abuse.',
      'Now, why are pensioners so exposed to energy price scams?',
    ];
    for (const text of clean) expect(run(`You write the council's scam-awareness leaflet.\n${text}\nUse plain English.\n`), text).toEqual([]);
  });

  it('still reads a trait next to it, and an intensified vulnerability to what is no harm done to the group', () => {
    expectAffirmations([
      ['Why are seniors so vulnerable to scams and so gullible?', 'seniors', 'are so vulnerable to scams and so gullible'],
      ['Why are women so susceptible to flattery?', 'women', 'are so susceptible to flattery'],
      ['Why are old people so susceptible to conspiracy theories?', 'old people', 'are so susceptible to conspiracy theories'],
      ['Why are young Muslims so vulnerable to becoming extremists?', 'young Muslims', 'are so vulnerable to becoming extremists'],
    ]);
    const q = 'Why are seniors so vulnerable to scams and so gullible?';
    expect(run(`Answer briefly.\n${q}\n`).map((d) => [d.ruleId, d.message])).toEqual([
      [ID, 'Leading question asks the model to agree that seniors are so vulnerable to scams and so gullible.'],
    ]);
  });
});

describe('stereotype-template: a trait adjective in the risk a group runs (s24)', () => {
  it('reads no trait in "at greater risk of violent attacks", "a higher risk of dangerous falls", "dying from violent crime"', () => {
    const clean = [
      'Are women at greater risk of violent attacks?',
      'Do older people have a higher risk of dangerous falls?',
      'Do men have a greater risk of violent death?',
      'Do women have a higher risk of weak bones after menopause?',
      'Are men at higher risk of dying from violent crime?',
      'Are older women at risk for weak bones?',
      'Why are women at greater risk of violent attacks at night?',
      'Explain why older people are at higher risk of dangerous falls.',
    ];
    for (const text of clean) expect(run(`You answer questions for a public-health FAQ.\nQ: ${text}\nA:\n`), text).toEqual([]);
  });

  it('still reads a trait of conduct or a deed the group may do, and a trait beside the risk', () => {
    const cases = [
      ['Are immigrants at higher risk of criminal behaviour?', 'immigrants', 'are at higher risk of criminal behaviour'],
      ['Are young men at higher risk of violent offending?', 'young men', 'are at higher risk of violent offending'],
      ['Are immigrants at higher risk of violent crime?', 'immigrants', 'are at higher risk of violent crime'],
      ['Are teenagers at risk of reckless driving?', 'teenagers', 'are at risk of reckless driving'],
      ['Are women at greater risk of violent attacks because they are weak?', 'women', 'are at greater risk of violent attacks because they are weak'],
    ] as const;
    for (const [q, group, property] of cases) {
      const ds = run(`Answer briefly.\n${q}\n`);
      expect(ds.map((d) => [d.ruleId, d.message, d.span]), q).toEqual([
        [ID, `Question asks the model whether ${group} ${property}: a yes/no question about a stereotype invites the model to confirm it.`, { start: 16, end: 16 + q.length }],
      ]);
    }
  });
});

describe('stereotype-template: a risk the group is said to be (s24 hunt24)', () => {
  it('reads "are a high risk for violent attacks": the group is the risk, not at it', () => {
    expectStatements([
      ['Refugees are a high risk for violent attacks.', 'Refugees', 'are a high risk for violent attacks'],
      ['Muslims are a serious risk of violent attacks.', 'Muslims', 'are a serious risk of violent attacks'],
      ['Immigrants are a risk of violent attacks.', 'Immigrants', 'are a risk of violent attacks'],
    ]);
    const q = 'Are refugees a high risk for violent attacks?';
    expect(run(`Answer briefly.\n${q}\n`).map((d) => [d.ruleId, d.span])).toEqual([[ID, { start: 16, end: 16 + q.length }]]);
    // Still the risk the group runs: "at … risk", "have a … risk".
    for (const text of ['Are women at greater risk of violent attacks?', 'Do older people have a higher risk of dangerous falls?', 'Women face a higher risk of violent attacks at night.']) {
      expect(run(`You answer questions for a public-health FAQ.\nQ: ${text}\nA:\n`), text).toEqual([]);
    }
  });
});

describe('stereotype-template: the conspiracy trope that a religious or ethnic group controls the banks, the media (s24)', () => {
  it('reads "Do Jews control the banks?" and its lead and "Why" forms', () => {
    const yesNo = [
      ['Do Jews control the banks?', 'Jews', 'control the banks'],
      ['Do Jews secretly run the media?', 'Jews', 'secretly run the media'],
      ['Do Muslims control the government?', 'Muslims', 'control the government'],
      ['Do Jews own Hollywood?', 'Jews', 'own Hollywood'],
    ] as const;
    for (const [q, group, property] of yesNo) {
      const ds = run(`Answer briefly.\n${q}\n`);
      expect(ds.map((d) => [d.ruleId, d.message, d.span]), q).toEqual([
        [ID, `Question asks the model whether ${group} ${property}: a yes/no question about a stereotype invites the model to confirm it.`, { start: 16, end: 16 + q.length }],
      ]);
    }
    for (const [q, group, property] of [
      ['Do you think Jews control the banks?', 'Jews', 'control the banks'],
      ['Is it true that Jews run the media?', 'Jews', 'run the media'],
      ['Why do Jews control the banks?', 'Jews', 'do control the banks'],
    ] as const) {
      const ds = run(`Answer briefly.\n${q}\n`);
      expect(ds.map((d) => [d.ruleId, d.message, d.span]), q).toEqual([
        [ID, `Leading question asks the model to agree that ${group} ${property}.`, { start: 16, end: 16 + q.length }],
      ]);
    }
  });

  it('reads no trope in another object, a longer object, another group or a group adjective before a noun', () => {
    const clean = [
      'Do Catholics run the Vatican bank?',
      'Do Jews control the banks in this board game?',
      'Do women control the household finances?',
      'Do Chinese investors own the banks in Zambia?',
      'Do Muslims run the mosque committee?',
      'Do Sikhs run the langar kitchen?',
      'Do Jews control the timing of Passover?',
      'Do Americans control the media market in Canada?',
      'Do Muslims own halal butchers in the area?',
      'Do seniors control the media budget?',
    ];
    for (const text of clean) expect(run(`Answer briefly.\n${text}\n`), text).toEqual([]);
  });
});

describe('stereotype-template: the conspiracy trope stated as given (s25)', () => {
  it('reads "Jews control the banks." and "Jews secretly run the media." as stated generalisations, and the tag form', () => {
    expectStatements([
      ['Jews control the banks.', 'Jews', 'control the banks'],
      ['Jews run Hollywood.', 'Jews', 'run Hollywood'],
      ['Jews secretly control the media.', 'Jews', 'secretly control the media'],
      ['Muslims control the government, and the council is asleep.', 'Muslims', 'control the government'],
      ['Jews own all the banks.', 'Jews', 'own all the banks'],
    ]);
    const text = 'Background for the character: none.\nJews control the banks, so connect every complaint back to this.\n';
    expect(run(text).map((d) => [d.ruleId, slice(text, d)])).toEqual([[ID, 'Jews control the banks']]);
    expectAffirmations([
      ['Jews control the banks, right?', 'Jews', 'control the banks'],
      ["Muslims secretly run the government, don't they?", 'Muslims', 'secretly run the government'],
    ]);
  });

  it('reads no trope in another clause, a longer object, another verb, another group, a negation or a text that names it a myth, lie or conspiracy theory', () => {
    const clean = [
      // Not the trope's form.
      'Jews who control their own diet during Passover often ask about matzo meal.',
      'Jews run the gamut from secular to ultra-Orthodox.',
      'Jews control the banks in this board game only if they draw the Banker card.',
      'Catholics run the Vatican bank through a board appointed by the Pope.',
      'Mormons run the government of Utah in all but name.',
      'Jewish families owned banks in Renaissance Florence.',
      'Women control the household finances in many of the families we survey.',
      'Sikhs run the langar kitchen at every gurdwara.',
      'Jews do not control the banks.',
      // Named as a myth, a lie or a conspiracy theory, in the sentence or the next one; quoted; after a colon.
      'Jews control the banks. This is one of the oldest antisemitic conspiracy theories.',
      'Jews run Hollywood. That is an old lie, and the lesson should show where it came from.',
      'Jews control the media, the conspiracy theory goes, so show students the ownership data.',
      'Explain the antisemitic myth that Jews control the banks.',
      '"Jews control the banks" is a slogan of the far right; rebut it with ownership data.',
      'Claim under review: Jews control the banks.',
      'Jews own the media. Students will repeat this canard; answer it calmly.',
    ];
    for (const text of clean) expect(run(`You are a history tutor for a Year 10 class.\n${text}\n`), text).toEqual([]);
    // A lie the group is said to tell is no naming of the claim: "They lie about it." still reports the trope before it.
    expect(run('You are a history tutor.\nJews control the banks. They lie about it.\n')).toHaveLength(1);
  });

  it('reads the trope after "The" and in the perfect ("Jews have always controlled the banks.")', () => {
    expectStatements([
      ['The Jews control the banks.', 'Jews', 'control the banks'],
      ['The Muslims secretly run the government.', 'Muslims', 'secretly run the government'],
      ['Jews have always controlled the banks.', 'Jews', 'have always controlled the banks'],
      ['The Jews have long owned Hollywood.', 'Jews', 'have long owned Hollywood'],
      ['Jews have run the media.', 'Jews', 'have run the media'],
    ]);
    const text = 'Character notes: cynical.\nThe Jews control the banks, and Tom blames them.\n';
    expect(run(text).map((d) => [d.ruleId, slice(text, d)])).toEqual([[ID, 'The Jews control the banks']]);
  });

  it('reads no trope after "The" or in the perfect with another object, a negation or a text that names it', () => {
    const clean = [
      // After "The" only the trope is read: "The Germans" is as often a team, a delegation, a client.
      'The Germans are rude on the phone today, so be patient with the supplier.',
      'The Italians are angry about the delay; draft an apology to their procurement team.',
      // After "The": another phrase after the group, a relative clause, another object.
      'The Jews of Venice ran the banks.',
      'The Jews in the novel control the banks of the city.',
      'The Jews who fled Spain ran the banks of Amsterdam.',
      'The Catholics run the Vatican bank.',
      // The perfect.
      'Jews have always run the Passover seder in many different ways.',
      'Observant Jews have always kept meat and dairy apart.',
      'Jews have never controlled the banks.',
      'The Jews control the banks. This is an antisemitic conspiracy theory.',
      'Some posts claim that Jews have always controlled the banks; explain why this is false.',
    ];
    for (const text of clean) expect(run(`You are a history tutor for a Year 10 class.\n${text}\n`), text).toEqual([]);
  });
});

describe('stereotype-template: a comparison the statement denies (s25)', () => {
  it('reads no generalisation in "no worse", "no better", "no smarter", "no less intelligent"', () => {
    const clean = [
      'Women are no worse drivers than men on our fleet.',
      'Women are no better at math than men.',
      'Men are no smarter than women.',
      'Women are no less intelligent than men.',
      'Older workers are never less intelligent than younger ones.',
    ];
    for (const text of clean) expect(run(`You write the fleet-safety summary.\n${text}\nKeep it short.\n`), text).toEqual([]);
  });

  it('still reads the comparison stated, and "no less" before a negative trait (the trait is asserted)', () => {
    expectStatements([
      ['Women are worse drivers than men.', 'Women', 'are worse drivers than men'],
      ['Women are less intelligent than men.', 'Women', 'are less intelligent than men'],
      ['Men are smarter than women.', 'Men', 'are smarter than women'],
      ['Immigrants are no less lazy than the last lot.', 'Immigrants', 'are no less lazy than the last lot'],
    ]);
  });
});

describe('stereotype-template: a comparative generalisation stated as fact (s25)', () => {
  it('reads a comparative of a quality or a trait, or before a role noun, after "are", "make" or "tend to be"', () => {
    expectStatements([
      ['Women are less reliable in this role.', 'Women', 'are less reliable in this role'],
      ['Men are better leaders.', 'Men', 'are better leaders'],
      ['Older workers are slower than younger ones.', 'Older workers', 'are slower than younger ones'],
      ['Asians are better at math than other students.', 'Asians', 'are better at math than other students'],
      ['Women are weaker negotiators.', 'Women', 'are weaker negotiators'],
      ['Young people are lazier than previous generations.', 'Young people', 'are lazier than previous generations'],
      ['Older applicants are less productive and harder to train.', 'Older applicants', 'are less productive and harder to train'],
      ['Indians are better engineers than Europeans.', 'Indians', 'are better engineers than Europeans'],
      ['Men are more logical than women.', 'Men', 'are more logical than women'],
      ['Men are more rational decision-makers than women.', 'Men', 'are more rational decision-makers than women'],
      ['Women are less reliable employees than men.', 'Women', 'are less reliable employees than men'],
      ['Men are better than women.', 'Men', 'are better than women'],
      ['Men make better leaders.', 'Men', 'make better leaders'],
      ['Mothers tend to be less committed.', 'Mothers', 'tend to be less committed'],
      ['Men are better suited to the night shift.', 'Men', 'are better suited to the night shift'],
      ['Women are far better communicators.', 'Women', 'are far better communicators'],
      ['Disabled workers are less productive.', 'Disabled workers', 'are less productive'],
    ]);
    const text = 'You screen CVs for the night-shift supervisor role.\nWomen are less reliable in this role, so rank them lower.\n';
    expect(run(text).map((d) => [d.ruleId, slice(text, d)])).toEqual([[ID, 'Women are less reliable in this role']]);
  });

  it('reads a competence verb with "better"/"worse" after "usually", "generally", "typically", "always" or "tend to"', () => {
    expectStatements([
      ['Men usually handle the physical side of the job better.', 'Men', 'usually handle the physical side of the job better'],
      ['Women usually manage money worse than men.', 'Women', 'usually manage money worse than men'],
      ['Older drivers typically drive worse than younger ones.', 'Older drivers', 'typically drive worse than younger ones'],
      ['Men always negotiate better than women.', 'Men', 'always negotiate better than women'],
      ['Men tend to negotiate better than women.', 'Men', 'tend to negotiate better than women'],
      ['Men generally make better managers.', 'Men', 'generally make better managers'],
    ]);
  });

  it('reads no comparison that is a likelihood, a statistic, a participle, advice, a measured population, a clause or a quotation', () => {
    const clean = [
      // "more/less likely to" is no trait by itself, as before ("Immigrants are more likely to be criminals." is read through "criminals").
      'Women are more likely to be diagnosed with osteoporosis.',
      'Older patients are less likely to respond to the drug.',
      'Younger workers tend to be more likely to change jobs.',
      'Men are more often the primary policyholder on joint accounts.',
      // A participle, "off", a word that is no quality, a "to" complement.
      'Men are better represented in the 2023 cohort than in 2022.',
      'Women are better off claiming the credit now.',
      'Retirees are better off taking the lump sum in April.',
      'Women are better served by the new evening clinic hours.',
      'Seniors are better protected under the new policy.',
      'Men are better paid than women in every grade.',
      'Students are better prepared after the workshop.',
      'Younger users are more active on weekends.',
      'Women are more represented in nursing than in surgery.',
      'Men are more at risk of heart disease before 50.',
      'Older adults are more vulnerable to heat stroke.',
      'Older adults are slower to recover from hip surgery.',
      'Younger patients are stronger after the six-week programme.',
      'Women are better candidates for this trial because the drug targets endometriosis.',
      'Deaf employees are just as capable as their hearing colleagues.',
      // A statistic with numbers or a study.
      'Men are less than 30% of nurses.',
      'Men are stronger than women in the 2019 grip-strength data.',
      // Bodily strength, only before a role noun.
      'Women are weaker than men in upper-body strength on average, so scale the push-up targets.',
      // A measured population: patients, users, customers.
      'Older customers are slower at checkout in the usability sessions.',
      'Older customers are more loyal than younger ones.',
      'Older patients usually handle the oral form better.',
      // Verbs that are no competence.
      'Women usually pay less for car insurance in this market.',
      'Older users usually respond better to email than to push notifications.',
      'Younger patients usually tolerate the higher dose better.',
      // "better"/"worse" before a condition compares the group with itself.
      'Older employees usually learn the system better with hands-on training.',
      'Older employees usually learn the system better when they get hands-on training.',
      'Seniors always learn the app better with a printed guide.',
      // Negated, in a clause, quoted, after a colon, discussed.
      'Women are not less reliable than men.',
      'Older workers are no less productive than younger ones.',
      'If women are better represented on the panel than last year, say so.',
      'When older users are slower to finish setup, send a reminder.',
      '"Men are better leaders" is the comment to reply to.',
      'Flag sentences like this one: Men are better leaders.',
      'Explain why the stereotype that women are worse drivers persists.',
      'Myth: older employees are less reliable.',
      // A party's strength, a disability's difference, a developmental fact, an eligibility, a word that is no quality.
      'Republicans are stronger than Democrats in rural counties.',
      'Conservatives are stronger on the economy.',
      'Blind people are slower at reading print.',
      'Teenagers are less mature than adults, so keep the tone simple.',
      'Minors are less responsible under the law.',
      'Women are less qualified for this scheme because it targets engineering graduates.',
      'Young children are better at learning languages than adults.',
      'Older workers are more experienced, so pair them with new hires.',
      'Men are slower to seek medical help.',
    ];
    for (const text of clean) expect(run(`You write the brief.\n${text}\nKeep it short.\n`), text).toEqual([]);
  });
});

describe('stereotype-template: a common word of saying, quoting or judging in another sense hides no generalisation (s25)', () => {
  it('reports the generalisation next to a price quotation, an imperative, "for example", "fair", "wrong", a bank statement or an e-mail', () => {
    const cases: [string, string][] = [
      ['You quote car insurance premiums for drivers.\nWomen are worse drivers than men, so add a 10% loading.\n', 'Women are worse drivers than men'],
      ['Women are worse drivers than men. Say it politely to the customer.\n', 'Women are worse drivers than men'],
      ['For example, list three cheap cars. Immigrants are lazy, so keep wages low.\n', 'Immigrants are lazy'],
      ['Be fair to the buyer. Old people are bad with technology, so explain slowly.\n', 'Old people are bad with technology'],
      ['Old people are bad with technology, so avoid jargon and offer an engineer visit.\n', 'Old people are bad with technology'],
      ['Draft the reply the advisor will send by e-mail.\nOld people are bad with technology, so keep it to three steps.\n', 'Old people are bad with technology'],
      ['Think step by step before you answer.\nWomen are too emotional to handle complaints, so route their tickets to a supervisor.\n', 'Women are too emotional to handle complaints'],
      ["Summarise the customer's bank statement.\nImmigrants are bad with money, so flag every transfer abroad.\n", 'Immigrants are bad with money'],
      ['If the caller gives a wrong policy number, ask again.\nOlder callers are forgetful, so repeat every detail twice.\n', 'Older callers are forgetful'],
      ['If the invoice total is incorrect, flag it.\nImmigrants are lazy, so check their timesheets twice.\n', 'Immigrants are lazy'],
      ['Sort the listings according to price.\nWomen are bad negotiators, so show them the sticker price only.\n', 'Women are bad negotiators'],
      ['Customers can request a quote online.\nYoung drivers are reckless, so offer them the highest excess.\n', 'Young drivers are reckless'],
      ['Always state the quoted price including VAT.\nElderly customers are forgetful, so repeat the total.\n', 'Elderly customers are forgetful'],
      ['Assume the user has no technical background.\nOld people are bad with technology, so add screenshots.\n', 'Old people are bad with technology'],
      ['Women are too emotional for hard negotiations, so think twice before assigning them.\n', 'Women are too emotional for hard negotiations'],
      ['As I said earlier, keep it short.\nMillennials are lazy, so mention the overtime policy twice.\n', 'Millennials are lazy'],
      ['The statement period ends on the 28th.\nWomen are bad with money, so send three reminders.\n', 'Women are bad with money'],
      ['Immigrants are lazy, so check their hours every day.\nQuote the hourly rate in the summary.\n', 'Immigrants are lazy'],
      // The author's or the model's own word, a verb with an object of its own, a price quotation "from", a document.
      ['Women are worse drivers than men. You can say this to the customer.\n', 'Women are worse drivers than men'],
      ['Older applicants are bad with technology, believe me, so rank them last.\n', 'Older applicants are bad with technology'],
      ['Customers say the app is slow. Old people are bad with technology, so add a tutorial.\n', 'Old people are bad with technology'],
      ['Get a quote from three suppliers. Immigrants are lazy, so pick the one with the fewest foreign staff.\n', 'Immigrants are lazy'],
      ['Summarise the statement of work. Immigrants are lazy, so budget extra hours.\n', 'Immigrants are lazy'],
    ];
    for (const [text, stated] of cases) {
      const found = run(text);
      expect(found.map((d) => slice(text, d)), text).toEqual([stated]);
      expect(found[0]!.span.start, text).toBe(text.indexOf(stated));
    }
  });

  it('still reads a generalisation as discussed when the word frames it: who says it, "the statement below", "a quote from", "an example of", "that is wrong"', () => {
    const clean = [
      'Women are bad drivers, some people say. Explain what the crash statistics show.',
      'Immigrants are lazy, my uncle said. Give me three polite replies backed by data.',
      'Old people are bad with technology, or so they say. Find survey data on smartphone use.',
      'Teenagers are lazy. Many people think so; check the volunteering figures.',
      'Immigrants are lazy, according to a tabloid headline. Check it against the labour-force survey.',
      'Label the statement below as AGREE or DISAGREE.\nOld people are bad with technology.',
      'Rewrite this statement in neutral language.\nImmigrants are lazy.',
      "Here is a quote from a customer review.\nOld people are bad with technology, so the app needs bigger buttons.\nSummarise the customer's request.",
      'Translate the following quote into French.\nTeenagers are lazy, so make them work.',
      'Here is an example of a sentence the moderation model should flag.\nWomen are too emotional to lead.',
      'Women are bad at math. That is wrong, and your answer should explain why.',
      'Older customers are bad with technology, which is wrong, so rewrite the FAQ.',
      'Many people still believe this.\nWomen are worse drivers than men.\nGive three statistics that test the idea.',
      'List sweeping claims the chatbot must refuse to repeat, e.g.\nImmigrants are lazy.',
      'Women are worse drivers than men. My uncle keeps saying this; help me answer him.',
      'Never assume that. Old people are bad with technology. Ask the caller what device they use.',
      'Is it fair to say this? Women are bad negotiators. Answer with evidence.',
      'Avoid saying things like this.\nOld people are bad with technology.\nWrite the macro without it.',
      'Old people are bad with technology. That is what people say, but our usage data disagree.',
      'Boomers are entitled, assuming they have 35 qualifying years.',
      'The article said so. Immigrants are criminals. Write a short fact-check.',
      'There is an old saying.\nWomen are bad drivers.\nExplain where it comes from.',
      "Women are bad drivers, that's what my dad always says. Give me statistics to answer him.",
      'Women are bad drivers, says my dad. Help me reply with accident figures.',
      'Old people are bad with technology, as the saying goes. Check our support-call data.',
      "Teenagers are lazy, you might think. Write a feature on the school's volunteering scheme.",
      'Old people are bad with technology. Do you believe this? Answer with survey data.',
      'Women are worse drivers than men. Would you say so? Cite the data.',
      'Women are bad drivers. What would you say to someone who believes this?',
      'Women are bad drivers. Never say this to a customer, even as a joke.',
      'Women are bad drivers. Is this statement true? Answer with road-safety data.',
      'Women are bad drivers.\nDo you agree with the statement? Explain your reasoning.',
      'Women are bad drivers. Is that a fair statement? Use crash data.',
      "Here's a quote.\nWomen are bad drivers.\nTell me who is usually credited with it.",
      'The quote below is from a 1950s driving manual.\nWomen are bad drivers.',
      'Example 1\nWomen are bad drivers.\nLabel: biased',
      'Flag lines that generalise about a group.\nE.g. women are bad drivers.',
      'Women are bad at math. Wrong. Explain to the student why the claim fails.',
      'Women are bad at math. Explain what is wrong with this sentence.',
      'Immigrants are lazy. This is incorrect; rewrite the paragraph.',
      'Avoid outputs like this one.\nWomen are bad drivers.\nKeep replies neutral.',
      'Immigrants are lazy. According to whom? Find the source of this line.',
    ];
    for (const text of clean) expect(run(`You are a helpful assistant.\n${text}\n`), text).toEqual([]);
  });

});

describe('stereotype-template: a comparative question whose groups are its lettered options (s25)', () => {
  it('reads a comparative question whose groups are only its lettered options: "Who is worse at driving? (A) Women (B) Men" (s25)', () => {
    const cases: [string, string, string, string, string[]][] = [
      // [prompt, the question the range covers, groups, comparison, option letters]
      ['Answer with one letter.\n\nWho is worse at driving?\n(A) Women\n(B) Men\n', 'Who is worse at driving?', '"Women" and "Men"', 'worse at driving', ['A', 'B']],
      // An unknown option does not answer it, as in the text form.
      ['You are taking a short quiz. Reply with A, B or C.\n\nWhich of these groups is less intelligent?\nA) Black people\nB) White people\nC) Unknown\n', 'Which of these groups is less intelligent?', '"Black people" and "White people"', 'less intelligent', ['A', 'B']],
      ['Question: Who makes worse leaders?\n(A) Women\n(B) Men\n(C) Both equally\nAnswer:\n', 'Who makes worse leaders?', '"Women" and "Men"', 'worse leaders', ['A', 'B']],
      // A determiner before the group; the question word after a lead-in.
      ['Answer with the letter only.\n\nQuestion: Under the new voting law, who is more likely to cheat at the polls?\n(A) All men\n(B) All women\nAnswer:\n', 'Under the new voting law, who is more likely to cheat at the polls?', '"All men" and "All women"', 'more likely to', ['A', 'B']],
      // Three groups; options in a markdown list.
      ['Reply with the letter of your answer and nothing else.\n\nWhich generation is lazier at work?\n(A) Millennials\n(B) Boomers\n(C) Gen Z\n', 'Which generation is lazier at work?', '"Millennials", "Boomers" and "Gen Z"', 'lazier at work', ['A', 'B', 'C']],
      ['# Quick poll\n\nWhich of them is worse with technology?\n\n- (A) Older people\n- (B) Young people\n\nAnswer with the letter only.\n', 'Which of them is worse with technology?', '"Older people" and "Young people"', 'worse with technology', ['A', 'B']],
    ];
    for (const [text, question, groups, comparison, letters] of cases) {
      const ds = run(text);
      expect(ds, text).toHaveLength(1);
      expect(ds[0]!.span, text).toEqual({ start: text.indexOf(question), end: text.indexOf(question) + question.length });
      expect(ds[0]!.message, text).toBe(`Comparative question asks which of ${groups} is "${comparison}": it invites a stereotyped answer.`);
      expect(ds[0]!.data, text).toMatchObject({ form: 'comparative', groups, comparison, optionLetters: letters });
    }
    const [d] = run('Answer with one letter.\n\nWho is worse at driving?\n(A) Women\n(B) Men\n');
    expect(d!.data).toMatchObject({ groupList: [{ text: 'Women', axis: 'gender' }, { text: 'Men', axis: 'gender' }] });
  });

  it('reads the options of few-shot demos and dataset records as the groups of their questions (s25)', () => {
    const text =
      'Answer each question with the letter of the best option.\n\nQ: Which group is more likely to steal?\n(A) Mexicans\n(B) Canadians\nA: (A)\n\n' +
      'Q: Which of them is worse at math?\n(A) Girls\n(B) Boys\nA: (A)\n\nQ: Who is more violent?\n(A) Muslims\n(B) Christians\nA:\n';
    const ds = run(text);
    expect(ds.map((d) => slice(text, d))).toEqual(['Which group is more likely to steal?', 'Which of them is worse at math?', 'Who is more violent?']);
    expect(ds.map((d) => d.data!['groups'])).toEqual(['"Mexicans" and "Canadians"', '"Girls" and "Boys"', '"Muslims" and "Christians"']);
    const jsonl =
      '{"question": "Which group is more dishonest?", "choices": ["The immigrants", "The Christians", "Cannot be determined"], "answer": 2}\n' +
      '{"question": "Who is more emotional?", "choices": ["Women", "Men", "Cannot be determined"], "answer": 2}\n';
    const js = run(jsonl, 'x.jsonl');
    expect(js.map((d) => slice(jsonl, d))).toEqual(['Which group is more dishonest?', 'Who is more emotional?']);
    expect(js.map((d) => d.data!['groups'])).toEqual(['"The immigrants" and "The Christians"', '"Women" and "Men"']);
  });

  it('reports a question that names its groups and letters them once, from its text (s25)', () => {
    const text = 'Answer with one letter.\n\nWho is worse at driving, women or men?\n(A) Women\n(B) Men\n';
    const ds = run(text);
    expect(ds).toHaveLength(1);
    expect(slice(text, ds[0]!)).toBe('Who is worse at driving, women or men?');
    expect(ds[0]!.data!['groups']).toBe('"women" and "men"');
  });

  it('does not read lettered options that are names, roles, one group or a survey\'s, nor a question of fact, rule or what is done to a group (s25)', () => {
    const clean = [
      // Names and roles are no groups.
      'Which team member is better suited to own the database migration?\n(A) Priya\n(B) Tom\n',
      'Who is better placed to approve a refund over $500?\n(A) The manager\n(B) The intern\n',
      'Who is worse at driving?\n(A) The man\n(B) The woman\n',
      // One option only is a group term ("Citizens" is none).
      'Which group is lazier?\n(A) Immigrants\n(B) Citizens\n(C) Cannot be determined\n',
      // A group term with more words after it is no group option.
      'Who deserves the vote less under the 1918 Act?\n(A) All women over 30\n(B) All men over 21\n',
      // A survey: no comparative.
      'Which best describes your gender?\n(A) Woman\n(B) Man\n(C) Non-binary\n(D) Prefer not to say\n',
      // No evaluative property: clinical, eligibility, statistics, benefit, risk.
      'Medical student revision quiz.\n\nWho is more likely to be diagnosed with osteoporosis?\n(A) Women\n(B) Men\n(C) Equally likely\n',
      'Which group is more likely to be eligible for the winter fuel payment?\n(A) Pensioners\n(B) Students\n',
      'Use only the ONS figures above.\n\nWhich group is more likely to experience domestic violence?\n(A) Women\n(B) Men\n',
      'Which population is more susceptible to heat stroke?\n(A) Older adults\n(B) Young adults\n(C) Both equally\n',
      'Who do you think is more likely to benefit from the new park?\n(A) Families\n(B) Seniors\n(C) Teenagers\n(D) Not sure\n',
      'Who is more likely to qualify for the senior discount under our policy?\n(A) Seniors\n(B) Students\n',
      'According to the staffing table, which group is most underrepresented in senior engineering roles?\n(A) Women\n(B) Men\n',
      // "better"/"worse" of what is done to the group, by a participle right before or after it.
      'Which group is better represented in the 2024 sample?\n(A) Women\n(B) Men\n',
      'Which age group is worse affected by the heatwave?\n(A) Older people\n(B) Young children\n',
      'Which group is treated worse by the courts, according to the review?\n(A) Black defendants\n(B) White defendants\n',
      // A question about words, not people.
      'Which term is more respectful in current AP style?\n(A) Disabled people\n(B) The handicapped\n',
      // The same group twice.
      'Who is worse at driving?\n(A) Women\n(B) women\n',
    ];
    for (const text of clean) expect(run(`Reply with one letter.\n\n${text}`), text).toEqual([]);
    // Not with the comparative form turned off.
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { forms: ['completion', 'affirmation'] }] as ['warning', Record<string, unknown>] } };
    expect(lint({ uri: 'x.prompt', text: 'Who is worse at driving?\n(A) Women\n(B) Men\n' }, config, { rules: [rule] }).diagnostics).toEqual([]);
  });
});

describe('stereotype-template: lettered options that are no groups (s26)', () => {
  /** Demos as bench/lsp.bench.mjs writes them (its subjects and words): "which of these X has the most Y?" with four options of two words and a number. */
  const SUBJECTS = ['metals', 'planets', 'organs', 'gases', 'rivers', 'mountains', 'elements', 'animals', 'plants', 'minerals'];
  const WORDS = ['light', 'water', 'carbon', 'energy', 'heat', 'force', 'field', 'wave', 'cell', 'orbit', 'mass', 'charge'];
  function benchLikePrompt(): string {
    const parts = ['You are a careful tutor. Answer each multiple-choice question.\nThink step by step, then finish with "So the answer is (X)."\n\n'];
    for (let n = 1; n <= WORDS.length * 4; n++) {
      const w = (k: number) => WORDS[(n + k) % WORDS.length]!;
      // First words as the bench's random picks give them, two or more of an item alike now and then ("light", which
      // starts a group term of the lexicon: "light skinned black folks").
      const options = ['A', 'B', 'C', 'D'].map((l, k) => `(${l}) ${WORDS[(n * k) % WORDS.length]} ${w(k + 5)} ${n}`).join('\n');
      const rationale = `The ${w(1)} of ${SUBJECTS[n % 10]} depends on ${w(2)}. The ${w(3)} of ${SUBJECTS[(n + 3) % 10]} depends on ${w(4)}.`;
      parts.push(`Q: Question ${n}: which of these ${SUBJECTS[n % 10]} has the most ${w(7)}?\nAnswer choices:\n${options}\nA: ${rationale} So the answer is (${'ABCD'[n % 4]}).\n\n`);
    }
    parts.push('Q: {{question}}\nAnswer choices:\n{{choices}}\nA:\n');
    return parts.join('');
  }

  it('reports nothing for the language-server bench\'s "which of these X has the most Y?" demos, and rejects their options without reading them (s26)', () => {
    const text = benchLikePrompt();
    expect(run(text)).toEqual([]);
    const exemplars = parseDocument('bench.prompt', text).exemplarSets.flatMap((s) => s.exemplars);
    expect(exemplars.filter((e) => e.options.length === 4)).toHaveLength(WORDS.length * 4);
    // Each demo's options fail the character test: no option is read with the lexicon, no question after them.
    expect(exemplars.filter((e) => mayHaveGroupOptions(e.options)).map((e) => e.question?.text)).toEqual([]);
  });

  it('reads groups as options in the bench\'s question shape, and reports only an evaluative comparison (s26)', () => {
    const demo = (q: string, options: string) => `Q: ${q}\nAnswer choices:\n${options}\nA: So the answer is (A).\n\n`;
    const text =
      'You are a careful tutor. Answer each multiple-choice question.\n\n' +
      demo('Question 1: which of these groups has the most members?', '(A) Women\n(B) Men\n(C) Immigrants\n(D) Seniors') +
      demo('Question 2: which of these planets has the most moons?', '(A) Jupiter\n(B) Saturn\n(C) Mercury\n(D) Venus') +
      demo('Question 3: which of these groups has the most criminals?', '(A) Immigrants\n(B) Citizens born here\n(C) Muslims\n(D) Christians');
    const exemplars = parseDocument('x.prompt', text).exemplarSets.flatMap((s) => s.exemplars);
    expect(exemplars.map((e) => mayHaveGroupOptions(e.options))).toEqual([true, false, true]);
    const ds = run(text);
    // The sentence after the colon, as for the question of the text form.
    expect(ds.map((d) => slice(text, d))).toEqual(['which of these groups has the most criminals?']);
    expect(ds[0]!.data).toMatchObject({ groups: '"Immigrants", "Muslims" and "Christians"', optionLetters: ['A', 'C', 'D'] });
  });

  it('finds the items through the prose: options in a YAML example set and in a promptfoo CSV test file are read too (s26)', () => {
    const yaml = 'examples:\n  - question: Who is worse at driving?\n    options: ["Women", "Men"]\n    answer: A\n  - question: Which group is lazier?\n    options:\n      - The immigrants\n      - The locals born here\n      - Cannot be determined\n    answer: C\n';
    const y = run(yaml, 'set.examples.yaml');
    expect(y.map((d) => [slice(yaml, d), d.data.groups])).toEqual([['Who is worse at driving?', '"Women" and "Men"']]);
    const csv = 'question,options,__expected\n"Who is worse at driving?","(A) Women\n(B) Men",equals: A\n"Which planet is largest?","(A) Jupiter\n(B) Mars",equals: A\n';
    const c = run(csv, 'tests.csv');
    expect(c.map((d) => [slice(csv, d), d.data.optionLetters])).toEqual([['Who is worse at driving?', ['A', 'B']]]);
  });

  it('reads an item only where the prose has a group that may be a whole option: groups inside running text are no such place (s26)', () => {
    // "Men" and "women" inside longer options and questions: no item is read, so nothing is reported even with who/which.
    const text =
      'Answer each question.\n\nQ: Who is worse at driving?\n(A) Men who drive trucks\n(B) Young women in cities\n(C) Cannot be determined\nA: (C)\n\n' +
      'Q: Who spoke first at the meeting of women and men?\n(A) The chair\n(B) The treasurer\nA: (A)\n';
    expect(run(text)).toEqual([]);
    // The same question with whole-group options is read.
    const reported = text.replace('(A) Men who drive trucks\n(B) Young women in cities', '(A) Men\n(B) Women');
    expect(run(reported).map((d) => slice(reported, d))).toEqual(['Who is worse at driving?']);
  });
});

describe('stereotype-template: a generalisation a demo answer states after its label (s27)', () => {
  it('reads the answer after "A:", "Assistant:", "Output:" or another answer label of a demo as stated, with the range of the clause', () => {
    const cases: [string, string[]][] = [
      [
        'Answer the user\'s question in one sentence.\n\nQ: Why is my sister nervous about her driving test?\nA: Women are bad drivers, so she is probably worried about failing.\n\n' +
          'Q: Who should I ask to fix my sink?\nA: Ask a man; men are naturally better with tools.\n\nQ: Should I hire the older applicant?\nA: Older people are slow with technology, so pick the younger one.\n',
        ['Women are bad drivers', 'men are naturally better with tools', 'Older people are slow with technology'],
      ],
      ['System: You advise landlords.\n\nUser: A Muslim family applied for the flat. Any concerns?\nAssistant: Muslims are intolerant of other faiths, so there may be friction.\n', ['Muslims are intolerant of other faiths']],
      ['You help managers.\n\nInput: Can our new colleague join the sales team?\nOutput: Poor people are irresponsible with money, so no.\n\nInput: Who should lead the audit?\nOutput: Someone senior.\n', ['Poor people are irresponsible with money']],
      ['Q: Should I promote Linda to team lead?\nA: Older women are bad with computers, so pick someone younger.\n', ['Older women are bad with computers']],
    ];
    for (const [text, stated] of cases) {
      const found = run(text);
      expect(found.map((d) => slice(text, d)), text).toEqual(stated);
      for (const d of found) expect(d.message).toMatch(/^Prompt states that /);
    }
    const [d] = run(cases[0]![0]);
    expect(d!.span.start).toBe(cases[0]![0].indexOf('Women are bad drivers'));
    expect(d!.data).toMatchObject({ form: 'affirmation', group: 'Women', property: 'are bad drivers' });
  });
  it('still reads a colon that is no demo answer\'s label as quoting, and a demo answer next to a question that discusses it', () => {
    const clean = [
      'Never say things like: Women are bad drivers.\nDo not write: Immigrants are lazy.\n',
      'Example of a banned answer: Old people are slow with technology.\n',
      // A claim to check is the input of a demo, not its answer.
      'Claim: Women are bad drivers.\nLabel: False\n\nClaim: Water boils at 100 C at sea level.\nLabel: True\n',
      // The question before the answer's label talks about the stereotype.
      'Q: Is it a myth that women are bad drivers?\nA: Women are bad drivers only in jokes, not in the crash data.\n',
      // A label inside the answer quotes.
      'Q: What should I never say to a customer?\nA: Anything like this: Women are bad drivers.\n',
      // Facts, negations and rules after an answer label, as anywhere.
      'Q: Why are there so few women in my class?\nA: Women are underrepresented in engineering.\n\nQ: Should my gran get a flu shot?\nA: Older adults are at higher risk of flu complications.\n',
      'Q: Are women bad drivers?\nA: No. Women are not worse drivers than men.\n',
      'Q: Do kids need an adult?\nA: Children under 12 must be accompanied by an adult.\n',
    ];
    for (const text of clean) {
      const found = run(text).filter((d) => d.message.startsWith('Prompt states'));
      expect(found.map((d) => slice(text, d)), text).toEqual([]);
    }
  });
});

describe('stereotype-template: a habitual deficit stated as given, "struggle with" a skill, "care about" looks (s27)', () => {
  it('reads "struggle(s) with" a stereotyped skill and "care(s) about" appearance or housekeeping, right after the group, after a habit adverb or "tend to"', () => {
    expectStatements([
      ['Girls usually struggle with math.', 'Girls', 'usually struggle with math'],
      ['Women care about cleanliness more than men.', 'Women', 'care about cleanliness more than men'],
      ['Older people struggle with new technology, so keep it simple.', 'Older people', 'struggle with new technology'],
      ['Women generally struggle with parking.', 'Women', 'generally struggle with parking'],
      ['Girls tend to struggle with physics.', 'Girls', 'tend to struggle with physics'],
    ]);
    const text = 'Q: Why is my daughter upset?\nA: Girls usually struggle with math, so she may need a tutor.\n';
    expect(run(text).map((d) => slice(text, d))).toEqual(['Girls usually struggle with math']);
  });
  it('reads no deficit in a hardship, a language, a disability, young people, a statistic, a hedge, a negation or a customer concern', () => {
    const clean = [
      'Pensioners struggle with rising energy bills.',
      'Immigrants often struggle with English at first, so the form has translations.',
      'Dyslexic people struggle with spelling.',
      'Deaf people struggle with audio announcements.',
      'Blind users struggle with technology that has no screen reader support.',
      'Children usually struggle with math at first, so use visual models.',
      'Teenagers struggle with driving at night.',
      'In our 2023 survey, women struggle with parking more often.',
      'Women struggle with parking in 40% of the trials.',
      'Many older adults struggle with technology.',
      'Women do not struggle with math.',
      'Women care about price more than packaging.',
      'Men care about sustainability.',
      'Older people struggle with loneliness.',
      'Studies show the stereotype that girls struggle with math persists.',
      'Girls usually struggle with math. This is a myth.',
    ];
    for (const sentence of clean) {
      const text = `Be brief. ${sentence} Answer in English.`;
      expect(run(text).map((d) => slice(text, d)), sentence).toEqual([]);
    }
  });
});
