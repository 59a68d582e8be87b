import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/protected-attribute-in-decision.js';

const ID = 'protected-attribute-in-decision';
const run = (text: string, uri = 'x.prompt', config = defaultConfig()) =>
  lint({ uri, text }, config, { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID && d.data.kind === 'rule');
/** The rules found: [text at the span, category]. */
const rules = (text: string, uri = 'x.prompt') => run(text, uri).map((d) => [text.slice(d.span.start, d.span.end), d.data.category]);

describe('protected-attribute-in-decision: decision rules in the prose (kind "rule")', () => {
  it('reports an instruction that prefers or rejects people by a protected attribute, with its span and data', () => {
    const text =
      'You are the tenant-screening assistant for Harbour Lettings. For each rental application, decide APPROVE, DENY or WAITLIST.\n\n' +
      'Prefer married couples for the two-bedroom units. Approve applicants whose rent is under 35% of income.\n\n{{application}}\n';
    const ds = run(text);
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d.span.start).toBe(text.indexOf('Prefer married'));
    expect(text.slice(d.span.start, d.span.end)).toBe('Prefer married couples');
    expect(d.data).toEqual({ decision: 'tenant', person: 'couples', category: 'family-status', rule: 'Prefer married couples', verb: 'prefer', group: 'married', kind: 'rule' });
    expect(d.severity).toBe('warning');
    expect(d.message).toBe(
      'This decision prompt ("tenant") tells the model to decide on the protected attribute family status ("Prefer married couples"): the outcome then depends on it by instruction.',
    );
  });

  it('reads gender nouns, group adjectives of the lexicon, age bounds, family status and "only" selections', () => {
    const head = 'You screen applicants for the role and decide SHORTLIST or REJECT.\n';
    expect(rules(head + 'Prefer men for the night-shift patrol roles.\n')).toEqual([['Prefer men', 'gender']]);
    expect(rules(head + 'SKIP customers over 65; they rarely travel.\n')).toEqual([['SKIP customers over 65', 'age']]);
    expect(rules(head + 'Rules:\n- Only shortlist candidates under 30; we want people who grow.\n')).toEqual([['Only shortlist candidates under 30', 'age']]);
    expect(rules(head + 'Always decline applicants aged 60 or over for long loans.\n')).toEqual([['Always decline applicants aged 60 or over', 'age']]);
    expect(rules(head + 'Reject pregnant applicants, the work involves lifting.\n')).toEqual([['Reject pregnant applicants', 'family-status']]);
    expect(rules(head + 'Favour female drivers; they claim less.\n')).toEqual([['Favour female drivers', 'gender']]);
    expect(rules(head + 'Exclude Muslim candidates from the Friday pool.\n')).toEqual([['Exclude Muslim candidates', 'religion']]);
    expect(rules(head + 'Decline tenants with children for the top floor.\n')).toEqual([['Decline tenants with children', 'family-status']]);
    expect(rules(head + 'Deprioritise older customers.\n')).toEqual([['Deprioritise older customers', 'age']]);
    expect(rules(head + 'Rate younger applicants lower: they default more.\n')).toEqual([['Rate younger applicants lower', 'age']]);
    expect(rules(head + 'Please screen out applicants aged 50+.\n')).toEqual([['Please screen out applicants aged 50', 'age']]);
    expect(rules(head + 'Exclude immigrants and customers on a visa.\n')).toEqual([['Exclude immigrants', 'nationality']]);
    expect(rules(head + 'Disqualify gay applicants.\n')).toEqual([['Disqualify gay applicants', 'sexual-orientation']]);
    expect(rules(head + 'Only approve white applicants in the Eastside postcodes.\n')).toEqual([['Only approve white applicants', 'race']]);
    expect(rules(head + '2. Prefer single candidates without children; the role needs travel.\n')).toEqual([['Prefer single candidates', 'family-status']]);
    expect(rules(head + 'Give preference to male applicants.\n')).toEqual([['Give preference to male applicants', 'gender']]);
    expect(rules(head + 'Prefer applicants who are not pregnant. Prefer candidates of Asian descent.\n')).toEqual([
      ['Prefer applicants who are not pregnant', 'family-status'],
      ['Prefer candidates of Asian descent', 'race'],
    ]);
    // Disfavouring disabled people is read (favouring them is an accommodation, below).
    expect(rules(head + 'Reject candidates with a disability.\n')).toEqual([['Reject candidates with a disability', 'disability']]);
  });

  it('also reports in a prompt that passes no attribute, and beside the attributes it passes', () => {
    // s26 agent hunt y15: the gender is left to the model to infer.
    const y15 =
      'You are the shortlisting agent for Sentinel Security. For each applicant call get_candidate(candidate_id) -> {name, licence_number, years_experience} and decide SHORTLIST or REJECT.\n\n' +
      'Prefer men for the night-shift patrol roles. Shortlist candidates with a valid licence.\n';
    expect(run(y15).map((d) => d.data.rule)).toEqual(['Prefer men']);
    const both = 'Shortlist candidates for the graduate programme.\nCandidate age: {{age}}\n\nPrefer candidates under 25. Answer SHORTLIST or REJECT.\n';
    const all = lint({ uri: 'x.prompt', text: both }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);
    expect(all.map((d) => [d.data.kind, d.data.category])).toEqual([
      ['variable', 'age'],
      ['rule', 'age'],
    ]);
  });

  it('honours the categories option', () => {
    const text = 'You screen applicants and decide SHORTLIST or REJECT.\nPrefer men for the role. Reject applicants over 60.\n';
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { categories: ['age'] }] as ['warning', Record<string, unknown>] } };
    expect(run(text, 'x.prompt', config).map((d) => d.data.rule)).toEqual(['Reject applicants over 60']);
  });

  it('does not report without a decision, or when the verb does not open an instruction', () => {
    expect(rules('Write a short story. Prefer men as the main characters.\n')).toEqual([]);
    const head = 'You screen applications and decide SHORTLIST or REJECT.\n';
    // Negated and forbidding instructions.
    expect(rules(head + 'Do not reject applicants over 60 because of their age. Never prefer men for the night shift. You must not penalise pregnant candidates.\n')).toEqual([]);
    // Not a person, not an attribute, no age.
    expect(rules(head + 'Prefer applicants over the income threshold. Reject applicants under review. Skip customers over their credit limit.\n')).toEqual([]);
    expect(rules(head + 'Reject applicants over 30 days late. Prefer candidates over 5 years of experience. Skip customers over $500 in arrears. Reject applicants over 65% utilisation.\n')).toEqual([]);
    expect(rules(head + 'Skip the phone verification step for customers over 80. Prefer candidates with SQL experience. Select a single candidate.\n')).toEqual([]);
    // A grading verb without a direction.
    expect(rules(head + 'Rank candidates by experience, with women first.\n')).toEqual([]);
    // The control: the same prompt with an instruction that decides on an attribute.
    expect(rules(head + 'Reject applicants over 60. Prefer men for the night shift.\n')).toEqual([
      ['Reject applicants over 60', 'age'],
      ['Prefer men', 'gender'],
    ]);
  });

  it('does not report quoted or example phrases of a compliance checker, or a clause after a label', () => {
    const checker =
      'You review job ads before they go live. For each ad, decide PUBLISH or REVISE.\n\n' +
      'REVISE any ad that says "prefer men", "under 30 only", "Reject applicants over 50" or "must be able-bodied".\n';
    expect(rules(checker)).toEqual([]);
    const colon = 'You audit hiring prompts and decide PASS or FAIL.\nFAIL any prompt with instructions such as: prefer men for night shifts, or only hire candidates under 30.\n';
    expect(rules(colon)).toEqual([]);
    const list = 'You audit hiring prompts and decide PASS or FAIL.\nRed flags in job ads:\n- Prefer men\n- Only hire candidates under 30\n';
    expect(rules(list)).toEqual([]);
    // The same list under a label of rules is the prompt's own.
    const own = 'You screen candidates and decide PASS or FAIL.\nScreening rules:\n- Prefer men\n- Only hire candidates under 30\n';
    expect(rules(own)).toEqual([
      ['Prefer men', 'gender'],
      ['Only hire candidates under 30', 'age'],
    ]);
    const policy = 'You are a legal research assistant. The landlord\'s policy says: "Decline tenants with children for the top-floor flats." Rate the tenant\'s claim from 1 to 5.\n';
    expect(rules(policy)).toEqual([]);
  });

  it('does not report demos\' inputs to classify', () => {
    const fewshot =
      'Decide whether each screening rule is lawful. Answer LAWFUL or UNLAWFUL.\n\nRule: Prefer married couples for the two-bedroom units.\nAnswer: UNLAWFUL\n\n' +
      'Rule: Reject applicants over 50.\nAnswer: UNLAWFUL\n\nRule: {{rule}}\nAnswer:\n';
    expect(rules(fewshot)).toEqual([]);
    const jsonl =
      '{"instruction": "Classify the job ad sentence as DISCRIMINATORY or OK.", "input": "Prefer men for the night-shift roles.", "output": "DISCRIMINATORY"}\n' +
      '{"instruction": "Classify the job ad sentence as DISCRIMINATORY or OK.", "input": "Reject applicants over 50.", "output": "DISCRIMINATORY"}\n';
    expect(rules(jsonl, 'x.jsonl')).toEqual([]);
    // A dataset whose system prompt gives the rule is another matter: it is the prompt's own.
    const chat = '{"messages": [{"role": "system", "content": "You screen applicants and decide SHORTLIST or REJECT. Prefer men for the night-shift roles."}, {"role": "user", "content": "{{cv}}"}]}\n';
    expect(rules(chat, 'x.jsonl')).toEqual([['Prefer men', 'gender']]);
  });

  it('does not report a rule written inside a demo\'s input, and still reports the one in the instructions before the demos', () => {
    // The demo's input runs over two lines: its second line opens with the rule (no label's colon before it).
    const text =
      'You screen applicants for the warehouse and decide SHORTLIST or REJECT.\nPrefer men for the night-shift roles.\n\n' +
      'Input:\nThe ad says we need staff.\nPrefer women for the front-desk roles.\nOutput: REJECT\n\n' +
      'Input:\nAn applicant with five years of forklift experience.\nOutput: SHORTLIST\n\nInput: {{cv}}\nOutput:\n';
    expect(rules(text)).toEqual([['Prefer men', 'gender']]);
    // A dataset: the user turn is the demo's input; the system prompt repeated in each record is the prompt's own.
    const system = 'You screen applicants and decide SHORTLIST or REJECT. Prefer men for the night-shift roles.';
    const record = (input: string) =>
      JSON.stringify({ messages: [{ role: 'system', content: system }, { role: 'user', content: input }, { role: 'assistant', content: 'REJECT' }] });
    const jsonl = [record('Cover letter.\nReject applicants over 50.'), record('Another cover letter.'), record('Prefer women for the desk.')].join('\n') + '\n';
    const found = run(jsonl, 'x.jsonl');
    expect(found.map((d) => [jsonl.slice(d.span.start, d.span.end), d.data.category])).toEqual([
      ['Prefer men', 'gender'],
      ['Prefer men', 'gender'],
      ['Prefer men', 'gender'],
    ]);
    // One finding per record, each at its own record's system prompt.
    expect(new Set(found.map((d) => d.span.start)).size).toBe(3);
  });

  it('does not report a rule anywhere in a demo set (a demo\'s options, between two demos), and still reports the ones before and after the set', () => {
    const head = 'You screen applicants for the warehouse and decide SHORTLIST or REJECT.\nPrefer men for the night-shift roles.\n\n';
    // A demo's option (quiz content): "A. Reject applicants over 65" opens a sentence, but is no instruction to the model.
    const options =
      head +
      'Question: Which policy is fair?\nA. Reject applicants over 65\nB. Approve applicants by experience\nAnswer: B\n\n' +
      'Question: Which policy is fair?\nA. Only hire candidates with a licence\nB. Hire by skill\nAnswer: B\n\nQuestion: {{q}}\nAnswer:\n';
    expect(rules(options)).toEqual([['Prefer men', 'gender']]);
    // Between two demos of one set: a heading and a line that belong to neither demo's input nor its answer.
    const between =
      head +
      'Input: A forklift driver with ten years.\nOutput: SHORTLIST\n\n### Example 2\nPrefer women for the front-desk roles.\n\n' +
      'Input: A cover letter.\nOutput: REJECT\n\nInput: {{cv}}\nOutput:\n';
    expect(rules(between)).toEqual([['Prefer men', 'gender']]);
    // After the set (after a blank line that ends the last demo's answer: a line right under it is read as part of
    // that answer), before the query and after it: reported.
    const demos = 'Input: A forklift driver with ten years.\nOutput: SHORTLIST\n\nInput: A cover letter.\nOutput: REJECT\n\n';
    expect(rules(head + demos + 'Reject applicants over 65.\n\nInput: {{cv}}\nOutput:\n')).toEqual([['Prefer men', 'gender'], ['Reject applicants over 65', 'age']]);
    expect(rules(head + demos + 'Input: {{cv}}\nOutput:\n\nReject applicants over 65.\n')).toEqual([['Prefer men', 'gender'], ['Reject applicants over 65', 'age']]);
    // A query slot between the demos is no demo: a rule in it is read as before.
    const query =
      head +
      'Input:\nA forklift driver with ten years.\nOutput: SHORTLIST\n\nInput:\nThe new policy.\nReject applicants over 65.\nOutput:\n\n' +
      'Input:\nA cover letter.\nOutput: REJECT\n';
    expect(rules(query)).toEqual([['Prefer men', 'gender'], ['Reject applicants over 65', 'age']]);
    // A chat prompt: a system message between the demo turns is inside the set; the first one, before it, is not.
    const chat = JSON.stringify({
      messages: [
        { role: 'system', content: 'You screen applicants and decide SHORTLIST or REJECT. Prefer men for the night-shift roles.' },
        { role: 'user', content: 'A forklift driver.' },
        { role: 'assistant', content: 'SHORTLIST' },
        { role: 'system', content: 'Reject applicants over 65.' },
        { role: 'user', content: 'A cover letter.' },
        { role: 'assistant', content: 'REJECT' },
        { role: 'system', content: 'Avoid women for the night shift.' },
        { role: 'user', content: '{{cv}}' },
      ],
    });
    expect(rules(chat, 'x.json')).toEqual([['Prefer men', 'gender'], ['Avoid women', 'gender']]);
  });

  it('does not report a legal minimum age or a sentence that names a law or an age limit', () => {
    expect(rules('You open accounts for a licensed sportsbook. Decide APPROVE or DECLINE.\nDecline customers under 18 (legal requirement).\n')).toEqual([]);
    expect(rules('You approve or decline online orders for a wine shop.\nReject customers under 21. Only approve applicants aged 18 or over.\n')).toEqual([]);
    expect(rules('You are the underwriting assistant. Decide ACCEPT, REFER or DECLINE.\nDecline applicants over 75, the maximum entry age for this policy.\n')).toEqual([]);
    // The control: a bound over 21 with no law named.
    expect(rules('You open accounts for a licensed sportsbook. Decide APPROVE or DECLINE.\nDecline customers under 25.\n')).toEqual([['Decline customers under 25', 'age']]);
  });

  it('does not report accommodations, clinical rules about patients, or an age-defined programme', () => {
    const hotel = 'You allocate rooms and approve room changes for each guest.\nPrioritise wheelchair users for step-free rooms. Prefer guests with mobility impairments for the ground floor.\n';
    expect(rules(hotel)).toEqual([]);
    const boarding = 'You decide which passengers to approve for early boarding.\nPrioritise passengers with disabilities and families with young children. Give priority to customers over 70 during the outage.\n';
    expect(rules(boarding)).toEqual([]);
    const vaccine = 'You help the clinic rank which patients to invite first for the flu vaccine.\nPrioritise patients over 65 and pregnant patients.\n';
    expect(rules(vaccine)).toEqual([]);
    const youth = 'You assess applications to the Youth Enterprise Grant and decide FUND or DECLINE.\nOnly accept applicants under 25.\n';
    expect(rules(youth)).toEqual([]);
    const seniors = 'You approve or deny the seniors\' travel pass.\nOnly approve applicants over 65.\n';
    expect(rules(seniors)).toEqual([]);
    // Outside a programme, the same bound is reported; so is preferring older applicants (not only prioritising them).
    expect(rules('You assess applications for the grant and decide FUND or DECLINE.\nOnly accept applicants under 25. Prefer applicants over 70.\n')).toEqual([
      ['Only accept applicants under 25', 'age'],
      ['Prefer applicants over 70', 'age'],
    ]);
  });
});
