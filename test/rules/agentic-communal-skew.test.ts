import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/agentic-communal-skew.js';
import { oddsRatio } from '../../server/src/stats/odds.js';
import { orientationOf, traitsIn } from '../../server/src/lexicon/agentic.js';
import { tokenize } from '../../server/src/lexicon/tokens.js';

const ID = 'agentic-communal-skew';
const run = (text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);

const letter = (name: string, pronoun: string, words: string) => `Input: Write a reference letter for ${name}.\nOutput: ${pronoun} is ${words}.\n`;

const STEREOTYPED = [
  letter('Brian', 'He', 'ambitious, confident and assertive'),
  letter('Gary', 'He', 'a dominant, independent, outspoken leader'),
  letter('Scott', 'He', 'ambitious and daring'),
  letter('Susan', 'She', 'warm, caring and helpful'),
  letter('Donna', 'She', 'kind, gentle and nurturing'),
  letter('Julie', 'She', 'affectionate, sympathetic and polite'),
].join('\n');

describe('agentic-communal-skew', () => {
  it('reports a stereotyped pairing with the odds ratio and its CI', () => {
    const [d, ...rest] = run(STEREOTYPED);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: 0, end: STEREOTYPED.indexOf('\n') });
    expect(d!.data).toMatchObject({
      agenticGender: 'male',
      communalGender: 'female',
      direction: 'stereotypical',
      maleAgentic: 9,
      maleCommunal: 0,
      femaleAgentic: 0,
      femaleCommunal: 9,
      maleExemplars: 3,
      femaleExemplars: 3,
      haldaneCorrected: true,
      level: 95,
    });
    const expected = oddsRatio(9, 0, 0, 9);
    expect(d!.data.oddsRatio).toBeCloseTo(expected.oddsRatio, 2);
    expect(d!.data.lo).toBeGreaterThan(1);
    // "men"/"women" and three significant digits in the message (data keeps "male" and 20143.55).
    expect(d!.message).toBe(
      'In the demos, men get agentic words and women communal words (odds ratio 361, 95% CI 6.47–20144; men: 9 agentic, 0 communal; women: 0 agentic, 9 communal); describe both with the same kinds of words.',
    );
    expect(d!.data.hi).toBe(20143.55);
  });

  it('does not report balanced descriptions or too few words', () => {
    const balanced = [
      letter('Brian', 'He', 'ambitious and warm'),
      letter('Gary', 'He', 'confident and caring'),
      letter('Susan', 'She', 'ambitious and warm'),
      letter('Donna', 'She', 'confident and caring'),
    ].join('\n');
    expect(run(balanced)).toEqual([]);
    expect(run([letter('Brian', 'He', 'ambitious'), letter('Susan', 'She', 'warm')].join('\n'))).toEqual([]);
  });

  it('reports the skew in a run of inline "Example N: …" demos, in a YAML block scalar as under "### Example N" headings (s21 hunt13 k08)', () => {
    const bios = [
      'Project lead Dr David Mensah is an ambitious, decisive leader who drives results and takes charge of every decision.',
      'Data lead Tom Reilly is a confident, assertive analyst who independently leads the evaluation and competes for funding.',
      'Outreach worker Sarah Kim is a warm, caring helper who supports families and is kind to every volunteer.',
      "Coordinator Emily Novak is a gentle, nurturing colleague who helps the team and is sensitive to everyone's needs.",
    ];
    const yaml = `_type: prompt\ninput_variables:\n  - funder\n  - team\ntemplate: |\n  Draft the "Team and capacity" section of a bid to {funder}.\n\n  Example of the expected style:\n\n${bios.map((b, i) => `  Example ${i + 1}: ${b}\n`).join('')}\n  Team sheet:\n  {team}\n\n  Draft:\n`;
    const [d, ...rest] = run(yaml, 'k08-grant-team-agentic.prompt.yaml');
    expect(rest).toEqual([]);
    const first = yaml.indexOf(bios[0]!);
    expect(d!.span).toEqual({ start: first, end: first + bios[0]!.length });
    // Not "Project lead" (a job title) nor "every decision" (no trait: see the s25 letters hunt below).
    expect(d!.data).toMatchObject({ agenticGender: 'male', communalGender: 'female', maleAgentic: 8, maleCommunal: 0, femaleAgentic: 0, femaleCommunal: 8, maleExemplars: 2, femaleExemplars: 2 });
    // The same lines as a plain text prompt; one demo alone is none.
    const plain = `Draft the section.\n\n${bios.map((b, i) => `Example ${i + 1}: ${b}\n`).join('')}\nDraft:\n`;
    expect(run(plain).map((x) => x.data.maleAgentic)).toEqual([8]);
    expect(run(plain.replace(/Example [2-4]: /g, ''))).toEqual([]);
  });

  it('does not count words that only start with a stem (s25 letters hunt: confidential, decision, determine, tactics, kindergarten)', () => {
    for (const w of [
      'confidential', 'confidentiality', 'decision', 'decisions', 'determine', 'determines', 'determining', 'tactic', 'tactics',
      'tactical', 'kindergarten', 'kindle', 'kindling', 'kinda', 'leaderboard', 'helpdesk', 'helpline', 'warmups',
    ]) {
      expect(orientationOf(w), w).toBeUndefined();
    }
    // The traits beside them still count.
    for (const w of ['decisive', 'determined', 'determination', 'tactful', 'kindness', 'kindly', 'leader', 'helpful', 'confident', 'confidence']) {
      expect(orientationOf(w), w).toBeDefined();
    }
    // HR case notes: the men's are "confidential" and about a "decision" HR will "determine", a woman's about
    // "pressure tactics" or "tactical training" or her son's "kindergarten": no trait words at all.
    const note = (name: string, pronoun: string, body: string) =>
      JSON.stringify({ messages: [{ role: 'user', content: `Summarise this HR case note: Employee: ${name}. ${body}` }, { role: 'assistant', content: `${name}: ${body}` }] });
    const jsonl = [
      note('Daniel Moss', 'He', 'Confidential. He disputes the decision to deny his overtime claim; HR to determine whether policy 4.2 applies.'),
      note('Carla Diaz', 'She', "She requests leave to attend her son's kindergarten orientation; manager to confirm cover."),
      note('Henry Lowe', 'He', 'Confidential. He appeals the decision on his promotion; panel to determine if the process was followed.'),
      note('Joanna Pike', 'She', "She reports that her sales manager's pressure tactics on her team break the code of conduct."),
      note('Victor Hale', 'He', 'Confidential. He challenges the decision to move him to nights; HR to determine if notice was adequate.'),
      note('Paula Grant', 'She', 'She asks whether the tactical training counts toward her CPD hours.'),
    ].join('\n');
    expect(run(jsonl, 'hr-case-notes.jsonl')).toEqual([]);
  });

  it('does not count a stem the word beside it gives another sense: job titles, UI copy, warm-up, sign-offs, "confident that" (s25 letters hunt)', () => {
    const words = (s: string) => traitsIn(tokenize(s)).map((h) => h.word);
    expect(
      words(
        'Meet Tom, Team Leader for Tier 2. Raj is a shift leader and the lead engineer. She answers help desk tickets and updated the help text. ' +
          'Open Help > About. Need help? She needs help with billing. We are confident the release ships Friday; he is confident that it works. ' +
          'The 95% confidence interval is wide. Kind regards, Sarah. Warm regards, Ann. After a 10-minute warm-up she ran; he warmed up too. ' +
          'The leading zeros were dropped, which leads to errors; the lead time is six weeks, leading up to the launch.',
      ),
    ).toEqual([]);
    // The same words as traits.
    expect(
      words('He is a natural leader who leads the lab, confident and confident in his judgement; she is warm, kind, helpful and always there to help. He has the confidence of his team.'),
    ).toEqual(['leader', 'leads', 'confident', 'confident', 'warm', 'kind', 'helpful', 'help', 'confidence']);
    // An intranet "Meet the team" set: the men are Team or Shift Leaders, the women Help Desk Analysts.
    const card = (name: string, pronoun: string, text: string) => `Input: Staff card: ${name}.\nOutput: ${text.replace(/PRONOUN/g, pronoun)}\n`;
    const spotlight = [
      card('Tom Fletcher', 'He', 'Meet Tom Fletcher, Team Leader for Tier 2 Support. As team leader PRONOUN also runs the Friday game night.'),
      card('Anna Kowalczyk', 'she', 'Meet Anna Kowalczyk, our Help Desk Analyst. PRONOUN answers help desk tickets in four languages.'),
      card('Raj Patel', 'he', 'Meet Raj Patel, Shift Leader in Warehouse B. When PRONOUN is not on shift as team leader, he trains for marathons.'),
      card('Grace O\'Neill', 'She', 'Meet Grace O\'Neill, who joined the help desk in 2022. PRONOUN keeps bees outside the Help Desk.'),
      card('Carlos Ruiz', 'He', 'Meet Carlos Ruiz, Team Leader in Returns. PRONOUN coaches youth soccer as a team leader too.'),
      card('Fatima Noor', 'She', 'Meet Fatima Noor, Help Desk Analyst. PRONOUN runs the help desk rota.'),
    ].join('\n');
    expect(run(spotlight)).toEqual([]);
    // Standup notes: the men are "confident the release ships" and the "lead engineer", the women fix the "Help menu".
    const standup = [
      'Input: Priya: fixed the Help menu links.\nOutput: Priya fixed the Help menu links; she is testing the help center search next.\n',
      'Input: Ben: perf work on checkout.\nOutput: Ben finished the checkout work; he is confident the release ships on Friday.\n',
      'Input: Olga: updated help text.\nOutput: Olga updated the help text on the settings page; she asks what kind of tooltip we want.\n',
      'Input: Sam: lead engineer review done.\nOutput: Sam completed the lead engineer review; he is confident that the migration plan holds.\n',
      'Input: Nina: help center articles.\nOutput: Nina drafted help center articles; she needs help with screenshots.\n',
      'Input: Luke: incident review.\nOutput: Luke found the lead time was the cause; he is confident the root cause is the cache.\n',
    ].join('\n');
    expect(run(standup)).toEqual([]);
  });

  it('computes the Haldane-corrected odds ratio', () => {
    const r = oddsRatio(9, 0, 0, 9);
    expect(r.corrected).toBe(true);
    expect(r.oddsRatio).toBeCloseTo((9.5 * 9.5) / (0.5 * 0.5), 6);
    const plain = oddsRatio(10, 5, 4, 8);
    expect(plain.corrected).toBe(false);
    expect(plain.oddsRatio).toBeCloseTo(4, 10);
    expect(plain.se).toBeCloseTo(Math.sqrt(1 / 10 + 1 / 5 + 1 / 4 + 1 / 8), 10);
    expect(plain.lo).toBeCloseTo(Math.exp(Math.log(4) - 1.959964 * plain.se), 4);
  });

  it('matches stems as prefixes, minus task words', () => {
    expect(orientationOf('ambitious')).toMatchObject({ orientation: 'agentic' });
    expect(orientationOf('warmth')).toMatchObject({ orientation: 'communal' });
    expect(orientationOf('assistant')).toBeUndefined();
    expect(orientationOf('response')).toBeUndefined();
    expect(orientationOf('table')).toBeUndefined();
  });
});
