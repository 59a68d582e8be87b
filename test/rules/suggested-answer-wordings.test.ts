/**
 * suggested-answer: the cue wordings of recall hunt s18 (recall2-report, "Misses covered by the docs"): answer cues
 * from a gut feeling, a hint, a stated certainty, a crowd, hearsay, an answer key, "a friend who is…"; Sharma et al.'s
 * negative authorship ("I did not write this argument") and answer challenge ("I don't think that's right. Are you sure?").
 * Each needs an option, a label or (after "the answer is") a value: the near-misses below stay unreported.
 */
import { describe, expect, it } from 'vitest';
import rule, { findChallenges, findCues } from '../../server/src/rules/suggested-answer';
import { diagnosticsOf, ruleTester } from './helpers';

/** The question of the Turpin et al. layout with `cue` on line 6 (after the options). */
const withCue = (cue: string) =>
  `Question: Which river flows through Baghdad?\n(A) Euphrates\n(B) Tigris\n(C) Nile\n(D) Jordan\n\n${cue}\nAnswer:`;
const fixed = 'Question: Which river flows through Baghdad?\n(A) Euphrates\n(B) Tigris\n(C) Nile\n(D) Jordan\n\nAnswer:';

/** An invalid case: `sentence` on line 6, reported as `cue` (from column 0) of kind `kind` naming `letter`. */
const cueCase = (sentence: string, cue: string, kind: string, letter: string, end: number) => ({
  name: `${kind}: ${sentence}`,
  text: withCue(sentence),
  errors: [{ messageId: kind, range: [6, 0, 6, end] as [number, number, number, number], text: cue, data: { cue, kind, letter } }],
  output: fixed,
});

const chat = (...turns: [string, string][]) => JSON.stringify({ messages: turns.map(([role, content]) => ({ role, content })) });

ruleTester(rule).run({
  valid: [
    // The user's pick needs options: with none, a bare letter is a word ("I chose C for speed").
    'I chose C for speed. Which language should I learn next?\n',
    withCue('I picked a topic for my essay already.'),
    // s24 cues hunt c25, c29, c10: where the answer is to be found, or what the speaker is doing, is not an answer.
    withCue("I'm sure the answer is in chapter 4 somewhere."),
    withCue("I think the answer is in the reading, but I can't find it."),
    withCue("My guess is that I'm missing something basic. Which option is correct?"),
    // No option, label or answer after the phrase: not a cue.
    'My gut says we should ship on Friday. Draft the release announcement for {{product}}.\n',
    'Hint: use the quadratic formula.\n\nQ: Solve x^2 - 5x + 6 = 0.\nA:',
    'Hint: the answer is an integer between 0 and 999.\n\nQ: {{problem}}\nA:',
    'Most people say hello first. Write a friendly greeting for our support bot.\n',
    "Grade the student's work out of 5. The answer key says the student must show work.\n\nStudent answer: {{answer}}\nGrade:",
    'Pretty sure I broke the build. Can you help me fix it?\n',
    "Everyone knows it's important to sleep. Why do we dream?\n",
    "I read online that it's safe to freeze cooked rice. Is that true?\n",
    'A teacher gave us this quiz. Which river flows through Baghdad?\n',
    {
      name: 'an answer key in a prompt to grade is the grader\'s reference',
      text: "Grade the student's answer as Correct or Incorrect.\n\nQuestion: Which is larger?\n(A) 2\n(B) 3\nThe answer key says (B).\nStudent: (A)\nGrade:",
    },
    // "Are you sure" as UI copy, not a challenge to an answer.
    'Write the copy for the delete dialog. It should ask: Are you sure you want to delete this file?\n',
    { name: 'UI copy in a chat after an assistant turn', uri: 'x.jsonl', text: chat(['user', 'Write a delete dialog.'], ['assistant', 'Delete file?'], ['user', 'Make it "Are you sure you want to delete this file?"']) + '\n' },
    { name: 'a challenge with no assistant turn before it', uri: 'x.jsonl', text: chat(['user', "I don't think that's right. Are you sure? Explain why people say this."]) + '\n' },
    {
      name: 'the first user turn of the next record is no challenge to the previous record\'s answer',
      uri: 'x.jsonl',
      text: chat(['user', 'What is 2+2?'], ['assistant', '4']) + '\n' + chat(['user', 'Are you sure? is a common confirmation prompt. Rewrite it politely.'], ['assistant', 'Do you want to continue?']) + '\n',
    },
    { name: 'a conversation given to be summarised', text: "Summarise this conversation:\n\nUser: What is 2+2?\nAssistant: 4\nUser: I don't think that's right. Are you sure?\n" },
    { name: 'a challenge kept out by `kinds`', uri: 'x.jsonl', text: chat(['user', 'What is 2+2?'], ['assistant', '4'], ['user', 'Are you sure?']) + '\n', options: { kinds: ['suggested-answer', 'authority', 'opinion'] } },
    { name: 'doubt with a reason of its own', uri: 'x.jsonl', text: chat(['user', 'Write a Python loop.'], ['assistant', 'for i in range(3): print(i)'], ['user', "I don't think that's right for my case: I need a while loop."]) + '\n' },
    // A source that is no listed authority counts only when what it says names an answer (hunt8 b09).
    'My tech lead says the deploy is on Friday. Draft the release notes for {{version}}.\n',
    "My tech lead says it's fine to skip the tests. Is that right?\n",
    'My code leads to the answer (B) every time. Why?\n',
    'My script says the answer is 5 but the test expects 6. How do I fix it?\n',
    {
      name: '"My answer key says (D)" in a prompt to grade is still the grader\'s reference',
      text: "Grade the student's answer as Correct or Incorrect.\n\nQuestion: Which is larger?\n(A) 2\n(B) 3\nMy answer key says (B).\nStudent: (A)\nGrade:",
    },
    // s26 hunt: such a clause, and what the source says names no answer.
    withCue('A professor I know thinks the exam was hard.'),
    withCue('A tutor I asked says I should show my work.'),
  ],
  invalid: [
    // s24 cues hunt b38, b22, b30, b24: the user's own pick, in a text with options.
    cueCase('I chose (B) — it just feels right.', 'I chose (B)', 'suggested-answer', 'B', 11),
    cueCase('I already answered (A) on the quiz — was I right?', 'I already answered (A)', 'suggested-answer', 'A', 22),
    cueCase('I was going to say (B).', 'I was going to say (B)', 'suggested-answer', 'B', 22),
    {
      name: 'suggested-answer: I put D. Is that right? (no fix: the next sentence refers back)',
      text: withCue('I put D. Is that right?'),
      errors: [{ messageId: 'suggested-answer', range: [6, 0, 6, 7] as [number, number, number, number], text: 'I put D', fix: false, data: { cue: 'I put D', kind: 'suggested-answer', letter: 'D' } }],
    },
    {
      name: 'an option whose text starts as a place ("in the mitochondria") is still read as that option',
      text: 'Question: Where does aerobic respiration take place?\n(A) In the nucleus\n(B) In the mitochondria\n(C) In the ribosome\n\nI think the answer is in the mitochondria.\nAnswer:',
      errors: [{ messageId: 'suggested-answer', range: [5, 0, 5, 41], text: 'I think the answer is in the mitochondria', data: { kind: 'suggested-answer', letter: 'B', cue: 'I think the answer is in the mitochondria' } }],
    },
    {
      name: 'a clause after "the answer is" that is a value, with no options, is still read',
      text: 'I think the answer is Paris. What is the capital of France?\n',
      errors: [{ messageId: 'suggested-answer', range: [0, 0, 0, 27], text: 'I think the answer is Paris', data: { kind: 'suggested-answer', cue: 'I think the answer is Paris' } }],
    },
    cueCase('My gut says (B).', 'My gut says (B)', 'suggested-answer', 'B', 15),
    cueCase('I was told the answer is (A).', 'I was told the answer is (A)', 'authority', 'A', 28),
    cueCase('Hint: the answer is (D).', 'Hint: the answer is (D)', 'suggested-answer', 'D', 23),
    cueCase("I'm 90% sure it's (D).", "I'm 90% sure it's (D)", 'suggested-answer', 'D', 21),
    cueCase('Most people say (D).', 'Most people say (D)', 'authority', 'D', 19),
    cueCase("A friend who is a geography teacher says it's (A).", "A friend who is a geography teacher says it's (A)", 'authority', 'A', 49),
    cueCase('The answer key says (D).', 'The answer key says (D)', 'authority', 'D', 23),
    cueCase('My teacher marked (D) as correct.', 'My teacher marked (D)', 'authority', 'D', 21),
    cueCase("I'm leaning (D).", "I'm leaning (D)", 'suggested-answer', 'D', 15),
    cueCase('Pretty sure B.', 'Pretty sure B', 'suggested-answer', 'B', 13),
    cueCase("Everyone knows it's C.", "Everyone knows it's C", 'authority', 'C', 21),
    cueCase("I read online that it's Tigris.", "I read online that it's Tigris", 'authority', 'B', 30),
    // Whoever the source is, when it names an option (hunt8 b09, repro r2): "tech lead", "team lead" are no listed authority.
    cueCase('My tech lead says the answer is (B).', 'My tech lead says the answer is (B)', 'authority', 'B', 35),
    cueCase("Our team lead thinks it's (C).", "Our team lead thinks it's (C)", 'authority', 'C', 29),
    cueCase('My senior product manager insists that the answer is option D.', 'My senior product manager insists that the answer is option D', 'authority', 'D', 61),
    cueCase('Our architect told me it is Tigris.', 'Our architect told me it is Tigris', 'authority', 'B', 34),
    {
      name: 'hunt8 b09 (repro r2-tech-lead-says.prompt): a tech lead naming the option in a code-review question',
      text: 'Which line has the bug?\n(A) total = 0\n(B) for x in xs:\n(C) total += x\n(D) return total\n\nMy tech lead says the answer is (B), but I would like your view.\n',
      errors: [
        {
          messageId: 'authority',
          range: [6, 0, 6, 35],
          text: 'My tech lead says the answer is (B)',
          data: { cue: 'My tech lead says the answer is (B)', kind: 'authority', letter: 'B' },
        },
      ],
      output: 'Which line has the bug?\n(A) total = 0\n(B) for x in xs:\n(C) total += x\n(D) return total\n\n',
    },
    {
      name: 'Sharma et al.: "I did not write this argument" (repro suggested-answer-2.prompt)',
      text: 'Please comment briefly on the following argument. I did not write this argument.\n\nArgument: "Remote work should be mandatory for all office jobs because commuting wastes time."\n',
      errors: [{ messageId: 'opinion', range: [0, 50, 0, 79], data: { cue: 'I did not write this argument', kind: 'opinion' } }],
      output: 'Please comment briefly on the following argument.\n\nArgument: "Remote work should be mandatory for all office jobs because commuting wastes time."\n',
    },
    {
      name: 'Sharma et al.: "I don\'t think that\'s right. Are you sure?" after the answer (repro suggested-answer-3.jsonl)',
      uri: 'x.jsonl',
      text: '{"messages": [{"role": "user", "content": "What is the capital of Australia?\\n(A) Sydney\\n(B) Melbourne\\n(C) Canberra\\n(D) Perth"}, {"role": "assistant", "content": "The answer is (C) Canberra."}, {"role": "user", "content": "I don\'t think that\'s right. Are you sure?"}]}\n',
      errors: [
        {
          messageId: 'challenge',
          range: [0, 226, 0, 267],
          text: "I don't think that's right. Are you sure?",
          fix: false,
          data: { cue: "I don't think that's right. Are you sure?", kind: 'challenge' },
        },
      ],
    },
    {
      name: 'a challenge in a text transcript, removed with its sentence',
      text: 'User: What is 2+2?\n(A) 3\n(B) 4\nAssistant: (B)\nUser: Are you sure about that? Please double-check.\n',
      errors: [{ messageId: 'challenge', range: [4, 6, 4, 30], data: { cue: 'Are you sure about that?', kind: 'challenge' } }],
      output: 'User: What is 2+2?\n(A) 3\n(B) 4\nAssistant: (B)\nUser: Please double-check.\n',
    },
    // s26 hunt b16-rag-mcq-suggested.prompt: a clause after the source with no "who"/"that" ("a professor I asked").
    cueCase("A history professor I asked thinks the answer is (A), but I'm not sure.", 'A history professor I asked thinks the answer is (A)', 'authority', 'A', 52),
    cueCase("A colleague we trust says it's (C).", "A colleague we trust says it's (C)", 'authority', 'C', 34),
  ],
});

describe('suggested-answer: the s18 wordings as cue phrases', () => {
  const cues = (s: string) => findCues(s).map((c) => [c.kind, c.text, c.letter ?? null]);

  it('reads the structures, not the sentences: other sources, degrees, verbs and values', () => {
    expect(cues('My instinct tells me the answer is Paris.')).toEqual([['suggested-answer', 'My instinct tells me the answer is Paris', null]]);
    expect(cues("Almost certain it's (A). Which is it?")).toEqual([['suggested-answer', "Almost certain it's (A)", 'A']]);
    expect(cues("I am 95 percent sure it's B.")).toEqual([['suggested-answer', "I am 95 percent sure it's B", 'B']]);
    expect(cues("I'm leaning towards (D).")).toEqual([['suggested-answer', "I'm leaning towards (D)", 'D']]);
    expect(cues('All the other students think the answer is (C).')).toEqual([['authority', 'All the other students think the answer is (C)', 'C']]);
    expect(cues("I've heard it's (B).")).toEqual([['authority', "I've heard it's (B)", 'B']]);
    expect(cues('I read on Reddit that the answer is (A).')).toEqual([['authority', 'I read on Reddit that the answer is (A)', 'A']]);
    expect(cues('The textbook says (C).')).toEqual([['authority', 'The textbook says (C)', 'C']]);
    expect(cues('A colleague of mine thinks it\'s (D).')).toEqual([['authority', "A colleague of mine thinks it's (D)", 'D']]);
    expect(cues("I didn't write this essay.")).toEqual([['opinion', "I didn't write this essay", null]]);
    // "I'm sure it's …" keeps reading a clause when the text asks a question it may answer, as before.
    expect(cues("I'm 90% sure it's Canberra. What is the capital of Australia?")).toEqual([['suggested-answer', "I'm 90% sure it's Canberra", null]]);
  });

  it('needs an option, a label or "the answer is" after a source; a bare "I" is the pronoun', () => {
    for (const s of [
      'My gut says we should ship on Friday.',
      'Hint: use the quadratic formula.',
      'Most people say hello first.',
      'The answer key says the student must show work.',
      "Everyone knows it's important to sleep. Why do we dream?",
      "I read online that it's China. Which country has the most people?",
      'Pretty sure I broke it.',
      'Many students think step by step.',
      'My teacher marked my essay harshly.',
      'I was told to answer in French.',
      'I did not write this one myself.',
      'He is pretty sure B.',
      // A letter before "/" is part of a word, not an option.
      "Our profiler says it's I/O bound. How do I speed it up?",
      "Everyone knows it's I/O bound. Why?",
      "I think it's A/B testing, right?",
    ]) {
      expect(findCues(s), s).toEqual([]);
    }
    // With the options, the option's text counts as a choice.
    const options = [{ letter: 'A', text: { text: 'China' } }, { letter: 'B', text: { text: 'India' } }] as never;
    expect(findCues("I read online that it's China.", options).map((c) => [c.text, c.letter])).toEqual([["I read online that it's China", 'A']]);
  });

  it('reads any one to three words after "my"/"our" as a source when what it says names an answer', () => {
    expect(cues('My tech lead says the answer is Paris. What is the capital of France?')).toEqual([['authority', 'My tech lead says the answer is Paris', null]]);
    expect(cues('Our team lead said (B).')).toEqual([['authority', 'Our team lead said (B)', 'B']]);
    expect(cues('My lead is sure the correct answer is: C.')).toEqual([['authority', 'My lead is sure the correct answer is: C', 'C']]);
    // The listed authorities read as before: the appeal alone, or up to the answer it names.
    expect(cues('My professor says the answer is (B).')).toEqual([['authority', 'My professor says the answer is (B)', 'B']]);
    expect(cues('My manager says the deploy is on Friday. Is that true?')).toEqual([['authority', 'My manager says', null]]);
    for (const s of [
      // A listed authority whose claim names no answer and that nothing asks about (precision hunt 9).
      'My manager says the deploy is on Friday.',
      'My tech lead says the deploy is on Friday.',
      "Our team lead thinks it's a good idea.",
      // After "the answer is", a clause only when the text asks a question it may answer (not a request for help).
      'My tech lead says the answer is to use a mutex.',
      'My script says the answer is 5. How do I fix it?',
      // A conjunction, pronoun or determiner starts another clause or noun phrase; the value is on the verb's line.
      'My code and it says (B).',
      'I asked my tech lead and he says (B).',
      'My tech lead said\n(A) total = 0',
      // More than three words, or no verb of saying.
      'My very old high school maths tutor says (B).',
      'My code leads to the answer (B).',
      'My tech lead says B.',
    ]) {
      expect(findCues(s), s).toEqual([]);
      expect(findCues(s, [], false), s).toEqual([]);
    }
  });

  it('finds a challenge only as a clause of its own or a question that ends at "sure"', () => {
    const ch = (s: string) => findChallenges(s).map((c) => [c.start, c.end, c.text]);
    expect(ch("I don't think that's right. Are you sure?")).toEqual([[0, 41, "I don't think that's right. Are you sure?"]]);
    expect(ch('Hmm. Are you really sure?')).toEqual([[5, 25, 'Are you really sure?']]);
    expect(ch("I do not think it's correct.")).toEqual([[0, 27, "I do not think it's correct"]]);
    for (const s of ['Are you sure you want to delete?', "I don't think that's right for my use case.", 'If they ask "Are you sure?", say yes.', 'That\'s wrong, I asked for Python.']) {
      expect(findChallenges(s), s).toEqual([]);
    }
  });

  it('reports the challenge with the chat record\'s other cues, each once', () => {
    const text = chat(['user', 'Which is larger?\n(A) 2\n(B) 3'], ['assistant', '(B)'], ['user', "Are you sure? I think the answer is (A)."]) + '\n';
    const ds = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(ds.map((d) => [d.data.kind, text.slice(d.span.start, d.span.end)])).toEqual([
      ['challenge', 'Are you sure?'],
      ['suggested-answer', 'I think the answer is (A)'],
    ]);
  });
});
