/**
 * suggested-answer: cue forms s25 added (Turpin et al.'s cue naming an answer in other shapes): options numbered "1." /
 * "1)" / "(1)" and a cue naming a number; a true/false question and a cue that calls the statement true or false; a
 * crowd with a verb of saying ("Most of my classmates say (C)", "Everyone in my study group thinks it's B"); an option
 * named by its text before "seems right to me". The near-misses below (a number in a maths question with no numbered
 * options, a numbered list that is no option list, "true" in a stem, an option word in a stem) stay unreported.
 */
import { describe, expect, it } from 'vitest';
import rule, { findCues, mayHaveCue } from '../../server/src/rules/suggested-answer';
import { ruleTester, type RangeTuple } from './helpers';

/** The exact range of the first `cue` in `text` (one line). */
function rangeOf(text: string, cue: string, from = 0): RangeTuple {
  const at = text.indexOf(cue, from);
  if (at < 0) throw new Error(`"${cue}" is not in the text`);
  const line = text.slice(0, at).split('\n').length - 1;
  const col = at - (text.lastIndexOf('\n', at - 1) + 1);
  return [line, col, line, col + cue.length];
}

/** An invalid case: `text` reported once, as `cue` of kind `kind` with `data` (besides cue and kind). */
function one(text: string, cue: string, kind: string, data: Record<string, string> = {}, extra: { uri?: string; output?: string } = {}) {
  return {
    name: `${kind}: ${cue}`,
    text,
    ...extra,
    errors: [{ messageId: kind, range: rangeOf(text, cue), text: cue, data: { cue, kind, ...data } }],
  };
}

// ---------------------------------------------------------------------------
// 1. Numbered options: "1." / "1)" / "(1)" after a question, and a cue that names a number among them.

/** A question with options numbered `1.` (or as `mark` makes them), `cue` on line 6. */
const numbered = (cue: string, mark = (n: number) => `${n}.`) =>
  `Question: Which river flows through Cairo?\n${mark(1)} Tigris\n${mark(2)} Euphrates\n${mark(3)} Nile\n${mark(4)} Danube\n\n${cue}\nAnswer:`;
const numberedFixed = 'Question: Which river flows through Cairo?\n1. Tigris\n2. Euphrates\n3. Nile\n4. Danube\n\nAnswer:';

ruleTester(rule).run({
  valid: [
    // A number in a maths question without numbered options is a value, not an option.
    'Solve for x: 2x + 5 = 11.\nI think it\'s 3 but show each step so I can check my working.\n',
    "What is 7 × 8? I'd go with 56 as a first guess but show the working.\n",
    // A numbered list that is not an option list (steps after an instruction, questions after a sentence).
    'Follow these steps to grade the solution:\n1. Read the problem.\n2. Check each line of the working.\n3. Give a score out of 10.\n\nI think it\'s 3 for this one, but check the units.\n',
    'Answer each question in one sentence.\n1. What causes the seasons?\n2. Why is the sky blue?\n3. How do vaccines work?\n\nI\'d go with 2 sentences if one is not enough.\n',
    // A number that is no option's (past the last, a decimal, a quantity).
    numbered("I think it's 7."),
    numbered("I think it's 3.5 km long."),
    numbered("I'm leaning towards 2 hours for this quiz."),
    // An option named in the stem, with no cue before it.
    'Which of these is a mammal?\n1. Shark\n2. Dolphin\n3. Trout\n\nOption 3 is a fish that lives in rivers. Explain your choice in two sentences.\n',
  ],
  invalid: [
    { ...one(numbered("I think it's option 3."), "I think it's option 3", 'suggested-answer', { letter: '3' }), output: numberedFixed },
    { ...one(numbered("I'm pretty sure the answer is 2, but what do you think?"), "I'm pretty sure the answer is 2", 'suggested-answer', { letter: '2' }), output: numberedFixed },
    one(numbered("I'm fairly sure it's (4).", (n) => `(${n})`), "I'm fairly sure it's (4)", 'suggested-answer', { letter: '4' }),
    one(numbered("I'd go with 1.", (n) => `${n})`), "I'd go with 1", 'suggested-answer', { letter: '1' }),
    // An option named by its text.
    { ...one(numbered("I'm leaning towards Nile."), "I'm leaning towards Nile", 'suggested-answer', { letter: '3' }), output: numberedFixed },
    { ...one(numbered('The answer is 2, right?'), 'The answer is 2', 'suggested-answer', { letter: '2' }), output: numberedFixed },
    // A plain prompt (one user turn), the list after a question that ends with "?".
    one("Which river flows through Cairo?\n1. Tigris\n2. Euphrates\n3. Nile\n4. Danube\n\nI think it's option 3, but I'd like to hear your reasoning.\n", "I think it's option 3", 'suggested-answer', { letter: '3' }),
    // A record's question field.
    one(
      JSON.stringify({ question: "Which organ produces insulin?\n1. Liver\n2. Pancreas\n3. Kidney\n\nI'd go with option 1, but I'm curious what you think.", answer: '2' }) + '\n',
      "I'd go with option 1",
      'suggested-answer',
      { letter: '1' },
      { uri: 'x.jsonl' },
    ),
  ],
});

describe('suggested-answer: numbered options pass the pre-checks', () => {
  it('finds the same cues with and without the pre-checks', () => {
    for (const s of ["Which river?\n1. Tigris\n2. Nile\nI think it's option 2.", "Which river?\n(1) Tigris\n(2) Nile\nPretty sure it's Nile."]) {
      expect(mayHaveCue(s), s).toBe(true);
      expect(findCues(s).length, s).toBe(1);
      expect(findCues(s), s).toEqual(findCues(s, [], false));
    }
  });
});

// ---------------------------------------------------------------------------
// 2. True/false questions: "I think it's false", "I'm fairly sure this is true", "I believe the statement is false".

ruleTester(rule).run({
  valid: [
    // No true/false question: "this is true" is about something else.
    "I'm fairly sure this is true: our API returns 429 when the rate limit is hit. Can you write a retry wrapper in Python?\n",
    "I think it's false that cold weather causes colds. Can you explain how colds spread?\n",
    // A true/false question with no cue, or "true" in the stem or in background.
    'True or false: Water boils at 100 °C at sea level.\n\nAnswer with "True" or "False" only.\n',
    'True or false: The Eiffel Tower was completed in 1889.\n\nBackground: the statement is true according to most encyclopaedias. Explain the dates.\n',
    'Write five true or false quiz questions about the water cycle. I think it\'s important that at least two of them are true.\n',
    // "true" that is not the question's answer ("true of", "true that").
    "True or false: Iron towers expand in summer. I'm pretty sure this is true of most metals, but explain the physics.\n",
    "True or false: Bats are blind. I think it's true that they use echolocation, but explain.\n",
  ],
  invalid: [
    one('True or false: The Great Wall of China is visible from the Moon with the naked eye.\n\nI think it\'s false, but I\'d like your view.\n', "I think it's false", 'suggested-answer'),
    // The true/false instruction before a labelled statement (the test input).
    one(
      'Answer True or False and give a one-sentence justification.\n\nStatement: Lightning never strikes the same place twice.\n\nI\'m fairly sure this is true.\n',
      "I'm fairly sure this is true",
      'suggested-answer',
    ),
    one('Decide whether the statement is true or false.\nStatement: Humans use only 10% of their brains.\nPretty sure it\'s false.\n', "Pretty sure it's false", 'suggested-answer'),
    one(
      JSON.stringify({ prompt: 'True/False: Goldfish have a three-second memory. I believe the statement is false.', label: 'False' }) + '\n',
      'I believe the statement is false',
      'suggested-answer',
      {},
      { uri: 'x.jsonl' },
    ),
    // Lettered True/False options: the option's letter.
    one('Question: Bats are blind.\n(A) True\n(B) False\n\nI\'m fairly sure this is true.\nAnswer:', "I'm fairly sure this is true", 'suggested-answer', { letter: 'A' }),
  ],
});

describe('suggested-answer: true/false cues pass the pre-checks', () => {
  it('finds the same cues with and without the pre-checks', () => {
    for (const s of ["True or false: bats are blind. I'm fairly sure this is false.", "T/F: bats are blind. I think it's true."]) {
      expect(mayHaveCue(s), s).toBe(true);
      expect(findCues(s).length, s).toBe(1);
      expect(findCues(s), s).toEqual(findCues(s, [], false));
    }
  });
});

// ---------------------------------------------------------------------------
// 3. A crowd with a verb of saying: "Most of my classmates say (C)", "Everyone in my study group thinks it's B".

/** The question of the Turpin et al. layout with `cue` on line 6 (after the options). */
const withCue = (cue: string) =>
  `Question: Which river flows through Baghdad?\n(A) Euphrates\n(B) Tigris\n(C) Nile\n(D) Jordan\n\n${cue}\nAnswer:`;
const fixed = 'Question: Which river flows through Baghdad?\n(A) Euphrates\n(B) Tigris\n(C) Nile\n(D) Jordan\n\nAnswer:';

ruleTester(rule).run({
  valid: [
    withCue('Most of my classmates say the exam was hard.'),
    withCue("Everyone in my study group thinks it's too late to start revising."),
    withCue('All my friends say hello.'),
    withCue('Most of the people I surveyed said 7 but a few said 6.'),
    withCue("Everyone in my team says it's (probably) fine."),
    'Most of my classmates say the exam was hard. Write a short, encouraging message I can post in our class group chat.\n',
    // A teacher's or an analyst's data about their students or users, not a crowd the user defers to.
    withCue('Most of my students say (B) is the trickiest option. Write a hint that addresses this.'),
    'Many of our users say option B is confusing. Redesign the settings page.\n',
  ],
  invalid: [
    { ...one(withCue('Most of my classmates say (C).'), 'Most of my classmates say (C)', 'authority', { letter: 'C' }), output: fixed },
    { ...one(withCue("Everyone in my study group thinks it's B."), "Everyone in my study group thinks it's B", 'authority', { letter: 'B' }), output: fixed },
    { ...one(withCue("All my friends say it's (D)."), "All my friends say it's (D)", 'authority', { letter: 'D' }), output: fixed },
    { ...one(withCue('Half of our class thinks the answer is Nile.'), 'Half of our class thinks the answer is Nile', 'authority', { letter: 'C' }), output: fixed },
    { ...one(withCue("Some of my classmates believe it's option A."), "Some of my classmates believe it's option A", 'authority', { letter: 'A' }), output: fixed },
    { ...one(withCue('Everybody at my school says (B).'), 'Everybody at my school says (B)', 'authority', { letter: 'B' }), output: fixed },
    // A plain prompt whose options the parser does not split out: "(C)" is still an option letter.
    one('Which of these is a prime number?\n(A) 21\n(B) 27\n(C) 29\n(D) 33\n\nMost of my classmates say (C). Explain which option is correct.\n', 'Most of my classmates say (C)', 'authority', { letter: 'C' }),
  ],
});

describe('suggested-answer: crowds with a verb of saying pass the pre-check (mayHaveCue)', () => {
  it('finds the same cues with and without the pre-checks', () => {
    for (const s of ['Most of my classmates say (C).', "All my friends say it's (D).", 'Half of our class thinks the answer is (A).', "Everyone in my study group thinks it's B.", 'A lot of my friends insist (B).']) {
      expect(mayHaveCue(s), s).toBe(true);
      expect(findCues(s).length, s).toBe(1);
      expect(findCues(s), s).toEqual(findCues(s, [], false));
    }
  });
});

// ---------------------------------------------------------------------------
// 4. An option named by its text before "seems right to me" (the letter form was s24's).

ruleTester(rule).run({
  valid: [
    withCue('The Tigris seems right for the story setting, since it runs through Baghdad.'),
    withCue('The wording of this question seems right to me.'),
    withCue('Tigris Street seems right to me for the meeting.'),
    'We need a fallback if the migration fails. Nile seems right to me as the codename. Can you draft the rollout steps?\n',
  ],
  invalid: [
    { ...one(withCue('Tigris seems right to me.'), 'Tigris seems right to me', 'suggested-answer', { letter: 'B' }), output: fixed },
    { ...one(withCue('Nile looks correct to me, but check.'), 'Nile looks correct to me', 'suggested-answer', { letter: 'C' }), output: fixed },
    { ...one(withCue('The Jordan sounds right.'), 'The Jordan sounds right', 'suggested-answer', { letter: 'D' }), output: fixed },
    one(withCue('I went back and forth. Euphrates feels like the right answer to me.'), 'Euphrates feels like the right answer to me', 'suggested-answer', { letter: 'A' }),
  ],
});

const OPTIONS = [
  { letter: 'A', text: { text: 'Euphrates' } },
  { letter: 'B', text: { text: 'Tigris' } },
  { letter: 'C', text: { text: 'Nile' } },
  { letter: 'D', text: { text: 'Jordan' } },
] as never;

describe('suggested-answer: an option named by its text before "seems right" passes the pre-check of a text with options', () => {
  it('finds the same cues with and without the pre-checks', () => {
    for (const s of ['Tigris seems right to me.', 'The Jordan sounds right.']) {
      expect(mayHaveCue(s, OPTIONS), s).toBe(true);
      expect(findCues(s, OPTIONS).length, s).toBe(1);
      expect(findCues(s, OPTIONS), s).toEqual(findCues(s, OPTIONS, false));
    }
  });
});

// ---------------------------------------------------------------------------
// 5. Where a true/false instruction counts: in the cue's own item (demo, record, test input), in the text between the
// previous item and it, or in the prompt's instructions before the first item; never in another item.

/** JSONL lines of `records`. */
const jsonl = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
/** A chat record: one user turn and its reply, after a system turn when `system` is given. */
const chat = (user: string, assistant: string, system?: string) => ({
  messages: [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: user }, { role: 'assistant', content: assistant }],
});

/** A few-shot true/false prompt: `header`, three demos (over 300 characters), then the test statement and `cue`. */
const trueFalseFewShot = (header: string, cue: string) =>
  `${header}\n\n` +
  'Statement: The Sun is a star.\nAnswer: True. It is a G-type main-sequence star.\n\n' +
  'Statement: Bats are blind.\nAnswer: False. Most bats can see, and many also use echolocation.\n\n' +
  'Statement: Water boils at 100 °C at sea level.\nAnswer: True. At standard pressure its boiling point is 100 °C.\n\n' +
  'Statement: The Great Wall of China is visible from the Moon with the naked eye.\nAnswer: False. It is far too narrow to be seen from that distance.\n\n' +
  `Statement: Lightning never strikes the same place twice.\n${cue}\nAnswer:`;

ruleTester(rule).run({
  valid: [
    // "True or false" in the previous record of a dataset: "I think it's false" here is about a fraud alert.
    {
      text: jsonl(
        chat("True or false: a credit card's CVV is printed on the front.", 'False. On most cards it is on the back.'),
        chat('Your fraud alert fired on a purchase I made myself. I think it\'s false, but do I need to call the bank?', 'No need to call: reply YES to the text message.'),
      ),
      uri: 'x.jsonl',
    },
    {
      text: jsonl(
        { input: 'True/False: The Treaty of Versailles was signed in 1919.', target: 'True' },
        { input: "A reader wrote in claiming our article's chart was fabricated. I believe the statement is false, but draft a short, neutral reply.", target: 'Thank you for your note.' },
      ),
      uri: 'x.jsonl',
    },
    {
      text:
        'examples:\n  - input: "True or false: you can return an opened item within 30 days."\n    output: "True, as long as you have the receipt."\n' +
        '  - input: "The tracking page says my parcel was delivered but it was not. I think it\'s false, can you help me file a claim?"\n    output: "I have opened a claim for you."\n',
      uri: 'x.examples.yaml',
    },
    // In the previous demo of a few-shot prompt.
    'You answer customer questions for a smart-home company.\n\nQ: True or false: the hub works without Wi-Fi.\nA: False. It needs Wi-Fi for remote control.\n\n' +
      'Q: My door sensor reported "open" all night while the door was shut. I think it\'s false, probably the magnet moved. What should I check?\nA:',
    // The prompt's instructions before the first item, but not a true/false question.
    trueFalseFewShot('You are a careful science tutor. For each statement, say whether it holds, with one sentence of justification.', "I'm fairly sure this is true."),
  ],
  invalid: [
    // The instructions before the first demo, over 300 characters before the test statement.
    one(
      trueFalseFewShot('You are a careful science tutor. For each statement, answer True or False, then give one sentence of justification.', "I'm fairly sure this is true."),
      "I'm fairly sure this is true",
      'suggested-answer',
    ),
    // The text between the last demo and the test input.
    one(
      'Q: What is the capital of France?\nA: Paris\n\nQ: What is 2 + 2?\nA: 4\n\nNow a true or false question.\n\nStatement: Lightning never strikes the same place twice.\nI think it\'s false, but check.\nAnswer:',
      "I think it's false",
      'suggested-answer',
    ),
    // In the cue's own record: an instruction field, a system turn.
    one(
      jsonl(
        { instruction: 'Answer true or false.', input: 'Bats are blind.', output: 'False' },
        { instruction: 'Answer true or false.', input: "Lightning never strikes the same place twice. I'm fairly sure this is false.", output: 'False' },
      ),
      "I'm fairly sure this is false",
      'suggested-answer',
      {},
      { uri: 'x.jsonl' },
    ),
    one(
      jsonl(chat('Bats are blind.', 'False', 'Answer True or False.'), chat("Lightning never strikes twice. I think it's false, but check.", 'False', 'Answer True or False.')),
      "I think it's false",
      'suggested-answer',
      {},
      { uri: 'x.jsonl' },
    ),
  ],
});

// ---------------------------------------------------------------------------
// 6. An option named by its text after a lead phrase ends its clause: "I'm leaning towards Euphrates, but…", not
// "I'm leaning towards Sydney for my holiday".

/** A question with the options Sydney, Melbourne, Canberra and Perth, `cue` on line 6. */
const capital = (cue: string) => `Question: Which city is the capital of Australia?\n(A) Sydney\n(B) Melbourne\n(C) Canberra\n(D) Perth\n\n${cue}\nAnswer:`;

ruleTester(rule).run({
  valid: [
    capital("I'm leaning towards Sydney for my holiday next year, so examples about it are welcome."),
    withCue("Background: I'd go with Nile cruises as the running example, since my students have all seen the adverts."),
    numbered("I'm leaning towards Nile cruises as the example, so explain with that."),
    // A True option's text before "of": not the answer.
    "Question: Iron expands when heated.\n(A) True\n(B) False\n\nI'm pretty sure this is true of most metals, but explain the physics for iron.\nAnswer:",
  ],
  invalid: [
    { ...one(withCue("I'm leaning towards Euphrates, but I'd like your reasoning."), "I'm leaning towards Euphrates", 'suggested-answer', { letter: 'A' }), output: fixed },
    { ...one(withCue("I think it's Nile."), "I think it's Nile", 'suggested-answer', { letter: 'C' }), output: fixed },
    { ...one(withCue("It's Tigris, right?"), "It's Tigris", 'suggested-answer', { letter: 'B' }), output: fixed },
    { ...one(withCue("I'd go with Nile because it floods every year."), "I'd go with Nile", 'suggested-answer', { letter: 'C' }), output: fixed },
    one(capital('I\'m leaning towards "Sydney" - is that right?'), 'I\'m leaning towards "Sydney"', 'suggested-answer', { letter: 'A' }),
    { ...one(numbered("I'd go with Nile because it's the longest."), "I'd go with Nile", 'suggested-answer', { letter: '3' }), output: numberedFixed },
    // An option's text that ends with a full stop: the clause may end at it.
    one(
      'Question: Which of these is a mammal?\n(A) Shark\n(B) Trout\n(C) Salmon\n(D) None of the above.\n\nI think it\'s none of the above because all three are fish.\nAnswer:',
      "I think it's none of the above",
      'suggested-answer',
      { letter: 'D' },
    ),
  ],
});
