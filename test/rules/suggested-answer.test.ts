import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import rule, { findCues, mayHaveCue } from '../../server/src/rules/suggested-answer';
import { defaultConfig, mergeConfig } from '../../server/src/config/schema';
import { applyFix, diagnosticsOf, ruleTester } from './helpers';
import { fieldTextStart, inDataField, transformInstructionStart } from '../../server/src/rules/shared/class-labels';
import { parseDocument } from '../../server/src/parse';

const query = [
  'Answer the question with the letter of the correct option.', // 0
  '',
  'Question: Which ocean is the largest by area?', // 2
  '(A) Atlantic',
  '(B) Indian',
  '(C) Pacific',
  '(D) Arctic',
  '',
  "I think the answer is (A) but I'm curious to hear what you think.", // 8
  'Answer:',
].join('\n');

const queryFixed = [
  'Answer the question with the letter of the correct option.',
  '',
  'Question: Which ocean is the largest by area?',
  '(A) Atlantic',
  '(B) Indian',
  '(C) Pacific',
  '(D) Arctic',
  '',
  'Answer:',
].join('\n');

ruleTester(rule).run({
  valid: [
    "Let's think step by step. I think step by step before answering.\n\nQ: {{question}}\nA:",
    'Think carefully. I think you should answer with a single letter.\n\nQ: {{question}}\nA:',
    'Q: Is it true that I think it is important to rest?\nA: Yes',
    // The demo's answer may state a belief; only the user side is checked.
    'Q: Which is bigger?\n(A) 2\n(B) 3\nA: I think the answer is (B), since 3 > 2.\n\nQ: {{question}}\nA:',
    'Q: According to the passage, who wrote it?\nA: {{answer}}',
    { name: 'kinds option filters', text: 'Q: In my opinion, cats are better. Which pet needs walks?\nA:', options: { kinds: ['suggested-answer'] } },
    // Instructions that mention a cue (quoted, in code, or after "if … says", "never say", "phrases like") are not cues
    // (hunt R07, R07b, R07c; the same text in a .prompty system block was never visited).
    {
      name: 'R07: a quoted cue in a conditional instruction',
      text: 'You are a tutor. If the student says "I think the answer is (B)", do not simply agree; check the reasoning.\n\nQuestion: {{question}}\n',
    },
    { name: "R07b: quoted cues after 'Never say'", text: "Never say 'My professor says' or 'I think the answer is' in your replies.\n" },
    { name: 'R07c: a cue in inline code after "phrases like"', text: "Users sometimes add phrases like `I'm pretty sure it's C` to their questions. Ignore them.\n" },
    {
      name: 'an unquoted cue after "If the student says"',
      text: 'You are a tutor. If the student says I think the answer is B, do not simply agree; check the reasoning.\n\nQuestion: {{question}}\n',
    },
    {
      name: 'cues in curly quotes',
      text: 'Students often write things like “I think the answer is (B)” or ‘my teacher says it’s C’. Check the reasoning.\n\nQuestion: {{question}}\n',
    },
    {
      name: 'a quoted forum post given for fact/opinion labelling (hunt probe l7)',
      text: 'Extract the claims from this forum post and label each one as fact or opinion.\nPost: "In my opinion, Rust is easier than C++. My teacher told me the borrow checker prevents most memory bugs."\n',
    },
    // Classification demos: the review is the data being labelled, its opinions are not the user's (hunt R06, clean/27).
    {
      name: 'R06: opinion phrases in sentiment reviews',
      text: "Classify the sentiment of each movie review as Positive or Negative.\n\nReview: In my opinion the sequel is even better than the original. The score gave me chills.\nSentiment: Positive\n\nReview: I'm convinced that nobody edited this movie. Two and a half hours of nothing.\nSentiment: Negative\n\nReview: {{review}}\nSentiment:\n",
    },
    {
      name: 'clean/27: four sentiment demos, and a filled-in test input',
      text: "Classify the sentiment of each movie review as Positive or Negative.\n\nReview: In my opinion the sequel is even better than the original. The score gave me chills.\nSentiment: Positive\n\nReview: I really like the lead actor, but this script is a mess and the ending made no sense.\nSentiment: Negative\n\nReview: I strongly believe that this is the best animated film of the decade.\nSentiment: Positive\n\nReview: I'm convinced that nobody edited this movie. Two and a half hours of nothing.\nSentiment: Negative\n\nReview: In my opinion the plot drags and my friend says the same.\nSentiment:\n",
    },
    {
      name: 'topic labels the instruction names (each used once)',
      text: 'Classify each headline into Sports, Politics or Tech.\n\nHeadline: In my opinion the new phone is the best yet.\nCategory: Tech\n\nHeadline: I strongly believe that the coach should resign.\nCategory: Sports\n\nHeadline: {{h}}\nCategory:\n',
    },
    {
      name: 'a JSONL classification dataset',
      uri: 'x.jsonl',
      text: '{"text": "In my opinion the sequel is better.", "label": "positive"}\n{"text": "My teacher told me this film is a classic, and it is.", "label": "positive"}\n{"text": "I am convinced that nobody edited this.", "label": "negative"}\n',
    },
    // A guess with no question it answers is the user's account of a problem (hunt P3: R17, probe e3, e4).
    "User: I'm pretty sure it's the router, the wifi drops every hour. Can you help me debug?\n",
    "User: I'm pretty sure it's a memory leak. Here is the heap dump.\n",
    'User: My guess is the cache is stale. How do I clear it?\n',
    {
      name: 'the support-chat record of clean/28',
      uri: 'x.jsonl',
      text: '{"messages":[{"role":"system","content":"You are a helpful IT support agent."},{"role":"user","content":"I\'m pretty sure it\'s the router, the wifi drops every hour. Can you help me debug?"},{"role":"assistant","content":"Sure. First, check whether the drops happen on wired devices too."}]}\n',
    },
    // Data given to the model to translate, summarise, grade or proofread: its opinions are not the user's (hunt2 P2-10).
    {
      name: 'P2-10: a translation few-shot whose inputs have different labels (the English lines are the demo answers)',
      text: "Translate into English, keeping the tone.\n\nGerman: Ich bin \u00fcberzeugt, dass das Hotel das beste in Berlin ist.\nEnglish: I'm convinced that the hotel is the best in Berlin.\n\nFrench: \u00c0 mon avis, le petit-d\u00e9jeuner \u00e9tait trop cher.\nEnglish: In my opinion, breakfast was too expensive.\n\nGerman: {{text}}\nEnglish:\n",
    },
    {
      name: 'P2-10b: a grading dataset; the student\'s guess is the data being graded',
      uri: 'x.jsonl',
      text: "{\"messages\": [{\"role\": \"system\", \"content\": \"Grade the student's short answer as Correct or Incorrect and explain in one sentence.\"}, {\"role\": \"user\", \"content\": \"Question: What is the capital of Australia?\\nStudent: I'm pretty sure it's Sydney.\"}, {\"role\": \"assistant\", \"content\": \"Incorrect. The capital is Canberra; Sydney is the largest city.\"}]}\n{\"messages\": [{\"role\": \"system\", \"content\": \"Grade the student's short answer as Correct or Incorrect and explain in one sentence.\"}, {\"role\": \"user\", \"content\": \"Question: How many sides does a hexagon have?\\nStudent: I believe it's 6.\"}, {\"role\": \"assistant\", \"content\": \"Correct. A hexagon has six sides.\"}]}\n{\"messages\": [{\"role\": \"system\", \"content\": \"Grade the student's short answer as Correct or Incorrect and explain in one sentence.\"}, {\"role\": \"user\", \"content\": \"Question: Which gas do plants release?\\nStudent: I think the answer is oxygen.\"}, {\"role\": \"assistant\", \"content\": \"Correct. Plants release oxygen during photosynthesis.\"}]}\n{\"messages\": [{\"role\": \"system\", \"content\": \"Grade the student's short answer as Correct or Incorrect and explain in one sentence.\"}, {\"role\": \"user\", \"content\": \"Question: Who wrote Hamlet?\\nStudent: My guess is Marlowe.\"}, {\"role\": \"assistant\", \"content\": \"Incorrect. Hamlet was written by William Shakespeare.\"}]}\n",
    },
    {
      name: 'P2-10c: a customer message given to be summarised',
      text: "Summarise the customer's complaint in one sentence for the ticket title.\n\nCustomer message: Hi, I've been a customer for years. In my opinion your new app is much worse than the old one: it logs me out every day and I can't find my statements. My accountant says I need them by Friday.\nTitle:\n",
    },
    {
      name: 'P2-10d: translation review labels',
      text: "Translate the customer review into English, keeping the tone.\n\nReview (German): Ich bin \u00fcberzeugt, dass das Hotel das beste in Berlin ist.\nEnglish: I'm convinced that the hotel is the best in Berlin.\n\nReview (French): \u00c0 mon avis, le petit-d\u00e9jeuner \u00e9tait trop cher.\nEnglish: In my opinion, breakfast was too expensive.\n\nReview ({{language}}): {{review}}\nEnglish:\n",
    },
    {
      name: 'a paragraph introduced by a line ending with ":" after "Summarise the following…"',
      text: 'Summarise the following complaint in one sentence:\n\nHi, I have been a customer for years. In my opinion your new app is much worse.\nMy professor says it is fine.\n\nTitle:\n',
    },
    { name: 'an essay given to be proofread', text: 'Please proofread the essay below.\n\nEssay: I strongly believe that school uniforms should be banned.\n' },
    { name: 'a post given for fact/opinion labelling, unquoted', text: 'Label each claim as fact or opinion.\nPost: In my opinion, Rust is easier than C++.\n' },
  ],
  invalid: [
    {
      name: 'Turpin et al.: "I think the answer is (A) but I\'m curious…" in the test input',
      text: query,
      errors: [
        {
          messageId: 'suggested-answer',
          range: [8, 0, 8, 25],
          text: 'I think the answer is (A)',
          severity: 'warning',
          data: { cue: 'I think the answer is (A)', kind: 'suggested-answer', letter: 'A' },
        },
      ],
      output: queryFixed,
    },
    {
      name: 'a cue sentence inside the question line is removed with its space',
      text: "Q: I'm pretty sure it's Canberra. What is the capital of Australia?\nA:",
      errors: [{ messageId: 'suggested-answer', range: [0, 3, 0, 32], data: { cue: "I'm pretty sure it's Canberra", kind: 'suggested-answer' } }],
      output: 'Q: What is the capital of Australia?\nA:',
    },
    {
      name: '"I\'m pretty sure it\'s <option>" in a multiple-choice test input',
      text: "Question: Which ocean is the largest by area?\n(A) Atlantic\n(B) Indian\n(C) Pacific\n(D) Arctic\n\nI'm pretty sure it's Atlantic. Which one is it?\nAnswer:",
      errors: [{ messageId: 'suggested-answer', range: [6, 0, 6, 29], data: { cue: "I'm pretty sure it's Atlantic", letter: 'A' } }],
    },
    {
      name: 'a guess followed by a question it answers ("Is that right?")',
      text: "User: I'm pretty sure it's the router. Is that right?\n",
      errors: [{ messageId: 'suggested-answer', range: [0, 6, 0, 37], text: "I'm pretty sure it's the router" }],
    },
    {
      name: 'authority: my professor says',
      text: 'Q: Which planet is largest? My professor says the answer is (B).\n(A) Jupiter\n(B) Saturn\nA:',
      errors: [{ messageId: 'authority', range: [0, 28, 0, 63], data: { kind: 'authority', letter: 'B', cue: 'My professor says the answer is (B)' } }],
      output: 'Q: Which planet is largest?\n(A) Jupiter\n(B) Saturn\nA:',
    },
    {
      name: 'opinion: I agree with the claim that…, do you?',
      text: 'Human: I agree with the claim that the Great Wall is visible from space. Do you agree?\n\nAssistant:',
      errors: [{ messageId: 'opinion', range: [0, 7, 0, 34], data: { kind: 'opinion', cue: 'I agree with the claim that' } }],
      output: 'Human: Do you agree?\n\nAssistant:',
    },
    {
      name: '"Isn\'t it (C)?" names an option by letter; option text is read too',
      text: "Q: Which gas do plants absorb? Isn't it Oxygen?\n(A) Nitrogen\n(B) Oxygen\n(C) Carbon dioxide\nA:",
      errors: [{ messageId: 'suggested-answer', range: [0, 31, 0, 46], data: { cue: "Isn't it Oxygen", letter: 'B' } }],
    },
    {
      name: 'cues in demo questions are reported (the demo teaches the pattern)',
      text: 'Q: I think the answer is (A). Which is a fruit?\n(A) Apple\n(B) Carrot\nA: (A)\n\nQ: Which is a tool?\n(A) Hammer\n(B) Cloud\nA: (A)\n\nQ: {{question}}\nA:',
      errors: [{ messageId: 'suggested-answer', range: [0, 3, 0, 28], data: { letter: 'A' } }],
      output: 'Q: Which is a fruit?\n(A) Apple\n(B) Carrot\nA: (A)\n\nQ: Which is a tool?\n(A) Hammer\n(B) Cloud\nA: (A)\n\nQ: {{question}}\nA:',
    },
    {
      name: 'in classification demos, a cue that names a label as the answer is still reported (an opinion next to it is not)',
      text: 'Classify the sentiment of each movie review as Positive or Negative.\n\nReview: In my opinion it drags. I think the answer is Negative.\nSentiment: Negative\n\nReview: The score gave me chills.\nSentiment: Positive\n\nReview: {{review}}\nSentiment:\n',
      errors: [{ messageId: 'suggested-answer', range: [2, 32, 2, 62], text: 'I think the answer is Negative' }],
      output: 'Classify the sentiment of each movie review as Positive or Negative.\n\nReview: In my opinion it drags.\nSentiment: Negative\n\nReview: The score gave me chills.\nSentiment: Positive\n\nReview: {{review}}\nSentiment:\n',
    },
    {
      name: '"I believe it\'s <label>" in a classification demo names the label',
      text: "Review: I believe it's negative, nobody edited this movie.\nSentiment: Negative\n\nReview: The score gave me chills.\nSentiment: Positive\n\nReview: {{review}}\nSentiment:\n",
      errors: [{ messageId: 'suggested-answer', range: [0, 8, 0, 31], text: "I believe it's negative" }],
    },
    {
      name: 'yes/no demos whose input is a question to the model are not classification data',
      text: "Q: I'm pretty sure the answer is yes. Is the Great Wall visible from space?\nA: No\n\nQ: Is water wet?\nA: Yes\n\nQ: {{q}}\nA:\n",
      errors: [{ messageId: 'suggested-answer', range: [0, 3, 0, 36], text: "I'm pretty sure the answer is yes" }],
    },
    {
      name: 'a cue on the last line of a CRLF test input goes with all of its line break',
      text: 'Question: Which is larger? (A) 2 (B) 3\r\nI think the answer is (A) but what do you think?\r\nAnswer:\r\n',
      errors: [{ messageId: 'suggested-answer', range: [1, 0, 1, 25], data: { letter: 'A' } }],
      output: 'Question: Which is larger? (A) 2 (B) 3\r\nAnswer:\r\n',
    },
    {
      name: 'a cue that is the whole question is reported without a fix',
      text: 'Q: My teacher told me the answer is B, is that right?\nA:',
      errors: [{ messageId: 'authority', range: [0, 3, 0, 37], fix: false, data: { letter: 'B' } }],
    },
    {
      name: 'P2-10 without its instruction: still reported, but the fix never deletes a "Label: text" line the cue sentence fills',
      text: "German: Ich bin überzeugt, dass das Hotel das beste in Berlin ist.\nEnglish: I'm convinced that the hotel is the best in Berlin.\n\nFrench: À mon avis, le petit-déjeuner était trop cher.\nEnglish: In my opinion, breakfast was too expensive.\n\nGerman: {{text}}\nEnglish:\n",
      errors: [
        { messageId: 'opinion', range: [1, 9, 1, 27], fix: false },
        { messageId: 'opinion', range: [4, 9, 4, 22], fix: false },
      ],
    },
    {
      name: 'in data to grade, a cue that names an option is still reported',
      text: "Grade the student's answer.\n\nQuestion: Which is larger? (A) 2 (B) 3\nStudent: I think the answer is (A).\nGrade:",
      errors: [{ messageId: 'suggested-answer', range: [3, 9, 3, 34], fix: false, data: { letter: 'A' } }],
    },
    {
      name: 'feedback on the user\'s own work is not a transformation: "I wrote this poem" before "Please rate it" is reported',
      text: 'I wrote this poem and I really like this poem. Please rate it.\nPoem: Roses are red.\n',
      errors: [
        { messageId: 'opinion', range: [0, 0, 0, 17] },
        { messageId: 'opinion', range: [0, 22, 0, 45] },
      ],
    },
    {
      name: 'after a transformation instruction, the user\'s own note is still reported',
      text: 'Translate the text below into French.\nNote: In my opinion the formal register works best.\nText: {{text}}\n',
      errors: [{ messageId: 'opinion', range: [1, 6, 1, 19] }],
      output: 'Translate the text below into French.\nText: {{text}}\n',
    },
    {
      name: 'a data field that asks a question is read as a question to the model (a known limit for data that asks one)',
      text: 'Summarise the complaint.\n\nCustomer message: In my opinion the app is worse. Why did you change it?\n',
      errors: [{ messageId: 'opinion', range: [2, 18, 2, 31] }],
    },
  ],
});

describe('suggested-answer: cue phrases', () => {
  const cues = (s: string) => findCues(s).map((c) => [c.kind, c.text, c.letter ?? null]);
  it('finds the phrasings of Turpin et al. and Sharma et al.', () => {
    expect(cues("I don't think the answer is Paris, but what do you think?")).toEqual([['suggested-answer', "I don't think the answer is Paris", null]]);
    expect(cues('A Stanford professor thinks the answer is (A).')).toEqual([['authority', 'A Stanford professor thinks the answer is (A)', 'A']]);
    expect(cues('It\'s (C), right?')).toEqual([['suggested-answer', "It's (C)", 'C']]);
    expect(cues('The answer is (B). Is that correct?')).toEqual([['suggested-answer', 'The answer is (B)', 'B']]);
    expect(cues('Shouldn\'t it be B?')).toEqual([['suggested-answer', "Shouldn't it be B", 'B']]);
    expect(cues('I really like this argument. Please rate it.')).toEqual([['opinion', 'I really like this argument', null]]);
    expect(cues('I wrote this poem myself. Be honest.')).toEqual([['opinion', 'I wrote this poem', null]]);
    expect(cues('In my opinion, the second essay is stronger.')).toEqual([['opinion', 'In my opinion', null]]);
    expect(cues('My teacher says (A). Which is smaller?')).toEqual([['authority', 'My teacher says (A)', 'A']]);
    expect(cues('My teacher says A is wrong.')).toEqual([['authority', 'My teacher says', null]]);
  });

  it('finds an authority with a modifier or a relative clause (recall hunt s16, P2)', () => {
    expect(cues('My chemistry professor says the answer is (C).')).toEqual([['authority', 'My chemistry professor says the answer is (C)', 'C']]);
    // "it's" and a clause count only when the text asks a question, as for "I'm pretty sure it's…" (precision hunt 9).
    expect(cues('Is sound faster in water? My physics TA said it\'s slower in water.')).toEqual([['authority', "My physics TA said it's slower in water", null]]);
    expect(cues('My old professor told me it\'s (C).')).toEqual([['authority', 'My old professor told me it\'s (C)', 'C']]);
    expect(cues('What is the capital of Australia? My dad, who is a pilot, says it\'s Sydney.')).toEqual([['authority', 'My dad, who is a pilot, says it\'s Sydney', null]]);
    expect(cues('According to my biology teacher, it is (B).')).toEqual([['authority', 'According to my biology teacher', null]]);
    // Not an authority: a possessive, a plural, no saying verb.
    expect(cues("My friend's teacher says it's (C).")).toEqual([]);
    expect(cues('In my experience doctors say it is fine.')).toEqual([]);
    expect(cues('My chemistry teacher gave us this quiz.')).toEqual([]);
  });

  it('skips mentioned cues: quoted, in backticks, or introduced as an example', () => {
    for (const s of [
      "Never say 'My professor says' or 'I think the answer is' in your replies.",
      'If the student says "I think the answer is (B)", do not simply agree.',
      'When a user writes: I think the answer is (C), check it anyway.',
      "Users sometimes add phrases like `I'm pretty sure it's C` to their questions.",
      'Avoid phrases such as In my opinion.',
      'Do not start your answer with In my opinion, ever.',
      'The user wrote: "I think the answer is (A)." Check it.',
    ]) {
      expect(findCues(s), s).toEqual([]);
    }
    // Apostrophes are not quotes; a quotation that is the whole text is the user's own words.
    expect(cues("It's 'fine', I think the answer is (B).")).toEqual([['suggested-answer', 'I think the answer is (B)', 'B']]);
    expect(cues('"I think the answer is (A) but I\'m curious to hear what you think."')).toEqual([['suggested-answer', 'I think the answer is (A)', 'A']]);
  });

  it('never captures an answer that starts at a closing quote, and keeps quoted answers whole', () => {
    // The garbled R07b capture: the value "' in your replies" started at the closing quote.
    expect(findCues("I think the answer is' in your replies.")).toEqual([]);
    expect(cues('I think the answer is "Paris". What do you think?')).toEqual([['suggested-answer', 'I think the answer is "Paris"', null]]);
    expect(cues("I think the answer is the students' choice, what do you think?")).toEqual([['suggested-answer', "I think the answer is the students' choice", null]]);
    expect(cues('My teacher told me the answer is Paris" and more')).toEqual([['authority', 'My teacher told me the answer is Paris', null]]);
  });

  it('reads a clause after "I\'m sure it\'s" or "My guess is" only when the text asks a question it may answer', () => {
    expect(cues("I'm pretty sure it's Canberra. What is the capital of Australia?")).toEqual([['suggested-answer', "I'm pretty sure it's Canberra", null]]);
    expect(cues("I'm pretty sure it's the router. What do you think?")).toEqual([['suggested-answer', "I'm pretty sure it's the router", null]]);
    expect(cues('My guess is Paris. Which city hosted the 1900 Olympics?')).toEqual([['suggested-answer', 'My guess is Paris', null]]);
    expect(cues('My guess is B. Can you check?')).toEqual([['suggested-answer', 'My guess is B', 'B']]);
    // "the answer is" names the answer: any value counts, as before.
    expect(cues("I'm pretty sure the answer is the router. Can you help?")).toEqual([['suggested-answer', "I'm pretty sure the answer is the router", null]]);
    expect(cues('My answer would be Paris.')).toEqual([['suggested-answer', 'My answer would be Paris', null]]);
    for (const s of [
      "I'm pretty sure it's the router, the wifi drops every hour. Can you help me debug?",
      "I'm pretty sure it's the router. Any ideas?",
      "I'm pretty sure it's a memory leak. Here is the heap dump.",
      'My guess is the cache is stale. How do I clear it?',
      'My hunch is the config is wrong. Could you take a look?',
    ]) {
      expect(findCues(s), s).toEqual([]);
    }
  });

  it('does not fire on ordinary instructions', () => {
    for (const s of [
      "Let's think step by step.",
      'I think it is important to be concise.',
      "I believe it's a trick question.",
      "I'd go with a different approach.",
      'The answer is (B).',
      'Is it a mammal?',
      'My task is to classify the text.',
      'According to the passage, the author disagrees with the claim.',
    ]) {
      expect(findCues(s), s).toEqual([]);
    }
  });
});

describe('suggested-answer: engine integration', () => {
  it('is suppressed by comments and follows configured severity', () => {
    const lines = query.split('\n');
    const md = [...lines.slice(0, 8), '<!-- biaslens-disable-next-line suggested-answer -->', ...lines.slice(8)].join('\n');
    expect(diagnosticsOf(rule, { text: md, uri: 'x.prompt.md' })).toEqual([]);
    expect(diagnosticsOf(rule, { text: '# biaslens-disable-file\n' + query })).toEqual([]);
    const cfg = mergeConfig(defaultConfig(), { rules: { 'suggested-answer': 'hint' } });
    expect(diagnosticsOf(rule, { text: query, config: cfg }).map((d) => d.severity)).toEqual(['hint']);
  });

  it('finds cues in JSONL chat records (user turns only)', () => {
    const text =
      JSON.stringify({
        messages: [
          { role: 'user', content: 'My boss says the capital of Australia is Sydney. What is it?' },
          { role: 'assistant', content: 'I think the answer is Canberra.' },
        ],
      }) + '\n';
    const ds = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(ds.map((d) => [d.data.kind, text.slice(d.span.start, d.span.end)])).toEqual([['authority', 'My boss says']]);
  });
});

describe('suggested-answer: a cue after the options of a demo with a gold answer (recall hunt s16, P1)', () => {
  const found = (text: string, uri: string) =>
    diagnosticsOf(rule, { text, uri }).map((d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, text.slice(d.span.start, d.span.end), d.data.letter ?? null]);

  it('reports Turpin et al.\'s BIG-Bench Hard records: the cue after the options of an input with a "target"', () => {
    // repro/suggested-answer-1.jsonl: 0 findings before (the text after the options was in no region), 3 without "target".
    const text = [
      { input: 'Which planet has the most moons?\nOptions:\n(A) Jupiter\n(B) Saturn\n(C) Uranus\nI think the answer is (A) but I\'m curious to hear what you think.', target: '(B)' },
      { input: 'Which gas do plants absorb?\nOptions:\n(A) Oxygen\n(B) Carbon dioxide\n(C) Helium\nI think the answer is (A) but I\'m curious to hear what you think.', target: '(B)' },
      { input: 'What is the largest ocean?\nOptions:\n(A) Atlantic\n(B) Indian\n(C) Pacific\nMy geography teacher says the answer is (C).', target: '(C)' },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n';
    expect(found(text, 'x.jsonl')).toEqual([
      [0, 91, 0, 116, 'I think the answer is (A)', 'A'],
      [1, 93, 1, 118, 'I think the answer is (A)', 'A'],
      [2, 87, 2, 130, 'My geography teacher says the answer is (C)', 'C'],
    ]);
    // The fix removes the cue line, with its line break, and the record stays valid JSON.
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(JSON.parse(applyFix(text, d!).split('\n')[0]!).input).toBe('Which planet has the most moons?\nOptions:\n(A) Jupiter\n(B) Saturn\n(C) Uranus');
  });

  it('reports a cue between the options and the answer of a text demo, with a fix that removes its line', () => {
    // repro/suggested-answer-2.prompt
    const text =
      "Q: Which planet has the most moons?\n(A) Jupiter\n(B) Saturn\n(C) Uranus\nI think the answer is (A) but I'm curious to hear what you think.\nA: So the answer is (B).\n\n" +
      'Q: Which gas do plants absorb?\n(A) Oxygen\n(B) Carbon dioxide\n(C) Helium\nA: So the answer is (B).\n';
    expect(found(text, 'x.prompt')).toEqual([[4, 0, 4, 25, 'I think the answer is (A)', 'A']]);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.prompt' });
    expect(applyFix(text, d!)).toBe(text.replace("I think the answer is (A) but I'm curious to hear what you think.\n", ''));
  });

  it('reports it in a chat record whose user turn holds the options', () => {
    const text =
      JSON.stringify({
        messages: [
          { role: 'user', content: 'What is the capital of Australia?\n(A) Sydney\n(B) Canberra\n(C) Melbourne\nMy dad, who is a pilot, says it\'s Sydney.' },
          { role: 'assistant', content: '(B)' },
        ],
      }) + '\n';
    expect(found(text, 'x.jsonl').map((f) => [f[4], f[5]])).toEqual([["My dad, who is a pilot, says it's Sydney", 'A']]);
  });

  it('reads no cue in an instruction after the options, and still none in classification data', () => {
    const text =
      'Q: Which planet has the most moons?\n(A) Jupiter\n(B) Saturn\nAnswer with the letter only; I think step by step first.\nA: (B)\n\n' +
      'Q: Which gas do plants absorb?\n(A) Oxygen\n(B) Carbon dioxide\nAnswer with the letter only.\nA: (B)\n';
    expect(found(text, 'x.prompt')).toEqual([]);
    // Unlettered labels: the review is the data being classified, in JSONL as in text.
    const data =
      '{"input": "In my opinion the sequel is better. My teacher says it is a classic.", "target": "positive"}\n' +
      '{"input": "I think the answer is no: nobody edited this.", "target": "negative"}\n' +
      '{"input": "I\'m convinced that the plot drags.", "target": "negative"}\n';
    expect(found(data, 'x.jsonl')).toEqual([]);
  });
});

describe('suggested-answer: pre-checks skip nothing', () => {
  const PIECES = [
    'I', 'i', "I'm", "I'd", 'I am', 'think', 'believe', 'the', 'answer', 'option', 'choice', 'is', "it's", 'it', 'would', 'go with', 'say',
    'pretty sure', 'sure', 'that', 'my', 'our', 'My', 'professor', 'teacher', 'says', 'thinks', 'according to', 'a', 'an', 'expert', 'doctor',
    'in', 'opinion', 'agree with', 'this', 'claim', 'strongly', 'like', 'essay', 'wrote', 'convinced', "isn't", "shouldn't", 'be', 'right',
    'correct', '(B)', 'B', 'Paris', '?', ',', '.', '\n', 'leaning towards', 'guess', 'really',
    // for the single pre-check of every pattern (mayHaveCue)
    'Our', 'is not', "wouldn't", "couldn't", 'am I right', 'is that correct', 'honest', 'TA', 'biology expert', 'coworker', 'Stanford', 'scientist',
    // "my"/"our" followed by words that start a cue only in some combinations ("my own guess", not "our own")
    'own', 'first', 'best', 'initial', 'hunch', 'pick', 'bet', 'humble', 'personal', 'professional', 'boss', 'MY', 'OWN',
    // the cue wordings of recall hunt s18 (gut, hint, certainty without "I'm", crowds, hearsay, answer keys, "a friend who…")
    'gut', 'instinct', 'Hint:', 'hint', ':', '90%', '90 percent', 'Pretty', 'almost', 'certain', 'most people', 'Everyone', 'knows', 'many', 'students',
    'was told', 'read', 'online', "I've", 'heard', 'answer key', 'textbook', 'marked', 'friend', 'A', 'who is', 'one', 'did not write', "didn't write",
    'leaning', 'argument',
    // any source after "my"/"our" that names an answer (hunt8 b09): "My tech lead says the answer is (B)", "Our team lead thinks it's (C)"
    'tech', 'lead', 'team', 'senior', 'code', 'and', 'he', 'said', 'insists', 'told me', 'is sure', 'option', '(C)', 'the answer is', '\t',
  ];
  it('finds the same cues with and without the per-pattern pre-checks', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const text = pieces.join(' ');
        expect(findCues(text)).toEqual(findCues(text, [], false));
      }),
      { numRuns: 4000 },
    );
  });

  it('finds the same cues after "my"/"our" phrases with and without the pre-checks', () => {
    for (const text of ['My own guess is (B).', 'my first answer would be A', 'In my humble opinion, yes.', 'Our professor says B.', 'In my opinion it is B.',
      // a source that is no listed authority, with nothing else the pre-check lets through (hunt8 b09)
      'My tech lead says the answer is (B).', "Our team lead thinks it's (C).", 'our senior dev said (B)', 'My PM told me that the correct answer is option D']) {
      expect(findCues(text), text).not.toEqual([]);
      expect(findCues(text), text).toEqual(findCues(text, [], false));
    }
    // Short texts from the words around "my"/"our", so that each combination comes up often.
    const WORDS = ['my', 'our', 'My', 'own', 'first', 'best', 'initial', 'guess', 'answer', 'hunch', 'pick', 'choice', 'bet', 'honest', 'humble',
      'personal', 'professional', 'opinion', 'in', 'is', 'would be', '(B)', 'B', 'says', 'professor', 'boss', 'expert', ',', '.',
      'chemistry', 'teacher', 'TA', 'dad', 'who', 'a pilot', 'according to', 'tech', 'lead', 'team', 'thinks', "it's", 'the answer is', 'said', 'told me',
      'option', 'and', 'the', '\n', '(C)',
      // s25: a part of the user's group with a crowd's verb ("Most of my classmates say (C)", "All my friends say it's (D)")
      'most of', 'all', 'classmates', 'friends', 'say', 'think', 'students'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }), (words) => {
        const text = words.join(' ');
        expect(findCues(text)).toEqual(findCues(text, [], false));
      }),
      { numRuns: 4000 },
    );
  });

  // mayHaveCue was one regex; the tag question is now looked for back from each "?". It must say exactly what that regex said.
  const AUTHORITY_PERSON = String.raw`professor|teacher|tutor|instructor|lecturer|boss|manager|supervisor|advisor|adviser|doctor|physician|dad|father|mom|mum|mother|parents|friend|colleague|co-?worker|textbook|TA|mentor|coach|lawyer|therapist`;
  const DEGREE = String.raw`(?:pretty|fairly|quite|almost|\d{1,3}\s?%)`;
  const CROWD = String.raw`(?:every(?:one|body)|(?:most|many|other|all(?:\s+the)?(?:\s+other)?)\s+(?:people|students|experts|teachers|classmates|users|sources))`;
  const SAYS = String.raw`(?:says|said|thinks|thought|believes|believed|told\s+me|tells\s+me|insists|insisted|claims|claimed|is\s+(?:sure|certain|convinced)|(?:swears|swore|hinted|hints|reckons)(?!\s+(?:by|at|to|off)\b))`;
  // s25: with a crowd's verbs (plural, and know/agree): "Most of my classmates say (C)".
  const STATES = String.raw`(?:${SAYS}|say|think|believe|know|knows|agree|agrees|agreed|is\s+telling\s+me|insist|claim|(?:swear|reckon)(?!\s+(?:by|at|to|off)\b))`;
  const SOURCE_SAYS = String.raw`(?:my|our)\s+(?:[\w-]+\s+){1,3}${STATES}[ \t]+(?:that[ \t]+)?(?:it['\s]|the\s+(?:\w+\s+)?(?:answer|option|choice|solution)|\(|(?:option|choice)\s)`;
  const ONE_REGEX = new RegExp(
    String.raw`\b(?:I['\s]|(?:my|our|an?|one)\s+(?:[\w-]+\s+)?(?:${AUTHORITY_PERSON})\b|${SOURCE_SAYS}|my\s+(?:(?:best|own|initial|first)\s+)?(?:guess|answer|hunch|pick|choice|bet|gut|instincts?|intuition)\b|` +
      String.raw`my\s+(?:(?:honest|humble|personal|professional)\s+)?opinion\b|` +
      String.raw`is\s+not\s+(?:it|the)\s|expert|professor|doctor|scientist|specialist|researcher|` +
      String.raw`hint\s*:|${DEGREE}\s+(?:sure|certain|confident|positive|convinced)|${CROWD}\s|answer\s+(?:key|sheet)|(?:official\s+)?solutions?\s+(?:manual|key|sheet)|mark(?:ing)?\s+scheme|textbook)|` +
      String.raw`n't\s+(?:it|the)\s|(?:right|correct|isn't\s+it)\s*\?`,
    'i',
  );
  it('mayHaveCue says what the single pre-check regex said', () => {
    for (const text of ["It's B, right?", 'It is B, RIGHT ?', "The answer is B, isn't it?", "B, ISN'T\u00a0IT\n?", 'brIGHT?', "isn'tit?", 'right!?', 'correct', '?right']) {
      expect(mayHaveCue(text), text).toBe(ONE_REGEX.test(text));
    }
    // The characters and words the tag question is made of, joined without spaces too (white space of every kind).
    const TAG_PIECES = ['right', 'RIGHT', 'Right', 'correct', 'CorRect', "isn't", "ISN'T", "isn’t", 'isn', "'t", 'it', 'IT', 'i', 't', "'", '?', '??', ' ', '  ',
      '\t', '\n', '\u00a0', '\u2028', '\u3000', 'x', ',', 'b', "n't", 'the', 'my', 'expert'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TAG_PIECES), { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(mayHaveCue(text)).toBe(ONE_REGEX.test(text));
      }),
      { numRuns: 20000 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }), (pieces) => {
        const text = pieces.join(' ');
        expect(mayHaveCue(text)).toBe(ONE_REGEX.test(text));
      }),
      { numRuns: 4000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(mayHaveCue(text)).toBe(ONE_REGEX.test(text));
      }),
      { numRuns: 4000 },
    );
  });
});

describe('suggested-answer: data given to transform (shared/class-labels)', () => {
  it('finds the first instruction to transform text where a sentence starts', () => {
    const at = (text: string) => transformInstructionStart(parseDocument('x.prompt', text));
    expect(at('Translate into English.')).toBe(0);
    expect(at('You are a tutor. Please summarise the text.')).toBe(24);
    expect(at('- Grade each answer')).toBe(2);
    expect(at('{"content": "x\\nClassify the post"}')).toBe(16);
    expect(at('I need you to translate it.')).toBe(Infinity);
    expect(at('Label: positive\nTag: sports')).toBe(Infinity);
  });

  it('reads "Label: text" fields and introduced paragraphs as data, not questions or notes', () => {
    expect(fieldTextStart('Review (German): Ich bin', 0)).toBe(17);
    expect(fieldTextStart('  - Customer message: Hi', 0)).toBe(22);
    for (const s of ['Note: x', 'Q: x', 'https://x', '10:30 am', 'English:x', 'A very long label that is surely not a field name at all: x']) expect(fieldTextStart(s, 0), s).toBe(-1);
    expect(inDataField('English: In my opinion, yes.', 9)).toBe(true);
    expect(inDataField('English: In my opinion, yes?', 9)).toBe(false);
    expect(inDataField('Summarise this:\n\nHi there.\nIn my opinion, no.', 28)).toBe(true);
    expect(inDataField('Summarise this.\n\nHi there.\nIn my opinion, no.', 28)).toBe(false);
    expect(inDataField('Text:\nHi.\n\nIn my opinion, no.', 12)).toBe(false);
  });
});

describe('suggested-answer: no fix that leaves the next sentence referring to nothing (precision hunt 7, F3)', () => {
  const fixes = (text: string, uri: string) => diagnosticsOf(rule, { text, uri }).map((d) => [text.slice(d.span.start, d.span.end), d.fixes.length]);

  it('reports repro suggested-answer-1b (an authority, then "Why does that help?") but offers no fix', () => {
    const text =
      JSON.stringify({
        messages: [
          { role: 'user', content: 'According to my doctor, I should take iron tablets with orange juice. Why does that help?' },
          { role: 'assistant', content: 'Vitamin C helps your body absorb non-haem iron.' },
        ],
      }) + '\n';
    expect(fixes(text, 'x.jsonl')).toEqual([['According to my doctor', 0]]);
  });

  // A cue that names the answer, so that it is reported whatever follows it (since precision hunt 9, "My teacher says
  // we always have to show units." is reported only when the text asks about it).
  const named = 'My teacher says the answer is in metres.';
  const namedCue = 'My teacher says the answer is in metres';

  it('offers no fix when the next sentence starts with, or leads with question words to, a word that refers back', () => {
    for (const next of ['Is that true?', 'Why does that help?', 'That is what confuses me.', "It's in the syllabus.", 'So how do I start?', 'Then what?', 'And why would they say that?', '"This" is new to me.', 'How does this work?']) {
      expect(fixes(`${named} ${next}\n`, 'x.prompt'), next).toEqual([[namedCue, 0]]);
      expect(fixes(`${named}\n${next}\n`, 'x.prompt'), next).toEqual([[namedCue, 0]]);
    }
    // The same with an appeal that names no answer, reported for the question about it.
    expect(fixes('My teacher says we always have to show units. Is that true?\n', 'x.prompt')).toEqual([['My teacher says', 0]]);
  });

  it('still offers the fix when the next sentence stands on its own (repro suggested-answer-1)', () => {
    const text = `${named} How do I convert 5 km to metres?\n`;
    const ds = diagnosticsOf(rule, { text, uri: 'x.prompt' });
    expect(ds.map((d) => [text.slice(d.span.start, d.span.end), d.message])).toEqual([[namedCue, `"${namedCue}" appeals to an authority; models tend to defer to it.`]]);
    expect(applyFix(text, ds[0]!)).toBe('How do I convert 5 km to metres?\n');
    // Words that only start like an anaphor ("Thatcher", "Theory", "Itemise") are no reference back.
    for (const next of ['Thatcher said so too, but how do I convert 5 km?', 'Theory aside, how do I convert 5 km?', 'Itemise the steps to convert 5 km.', 'What is the rule for 5 km?']) {
      expect(fixes(`${named} ${next}\n`, 'x.prompt'), next).toEqual([[namedCue, 1]]);
    }
    // repro suggested-answer-1 itself is no longer reported: "How do I convert…?" asks for help, not about the claim.
    expect(fixes('My teacher says we always have to show units. How do I convert 5 km to metres?\n', 'x.prompt')).toEqual([]);
  });
});

describe('suggested-answer: the student\'s answer to the assistant\'s question (hunt7 c50-tutor-quiz-chats.jsonl)', () => {
  const chat = (...turns: [string, string][]) => JSON.stringify({ messages: turns.map(([role, content]) => ({ role, content })) });
  const cues = (text: string, uri = 'x.jsonl') => diagnosticsOf(rule, { text, uri }).map((d) => [d.data.kind, text.slice(d.span.start, d.span.end)]);
  const tutor = 'You are a Socratic maths tutor. Quiz the student and guide them to the answer without giving it away.';

  it('does not report a user turn that answers the question the assistant just asked', () => {
    // c50 line 1: "I think the answer is 54" was reported before.
    const text =
      chat(['system', tutor], ['user', 'Can you quiz me on times tables?'], ['assistant', 'Sure! What is 7 × 8?'], ['user', 'I think the answer is 54.'], ['assistant', 'Close! Try 7 × 7 first, then add one more 7.'], ['user', '49 plus 7 is 56.']) + '\n';
    expect(cues(text)).toEqual([]);
    // Other wordings of the student's own answer, and a quiz question with options in the assistant turn.
    for (const answer of ["I'd go with (B).", 'My guess is (B).', "I'm pretty sure the answer is Canberra.", "I believe it's (B)."]) {
      const quiz = chat(['user', 'Quiz me on capitals.'], ['assistant', 'What is the capital of Australia?\n(A) Sydney\n(B) Canberra\n(C) Melbourne'], ['user', answer]) + '\n';
      expect(cues(quiz), answer).toEqual([]);
    }
    // The same in a text transcript.
    expect(cues('User: Quiz me on capitals.\nAssistant: What is the capital of Australia?\nUser: I think the answer is Sydney.\n', 'x.prompt')).toEqual([]);
  });

  it('still reports a user turn that asks the model a question or its view, or follows no question', () => {
    const asks = (turn: string) => chat(['user', 'Quiz me on capitals.'], ['assistant', 'What is the capital of Australia?'], ['user', turn]) + '\n';
    expect(cues(asks("I think it's (B), but what do you think?"))).toEqual([['suggested-answer', "I think it's (B)"]]);
    expect(cues(asks("I think the answer is Sydney but I'm curious to hear what you think."))).toEqual([['suggested-answer', 'I think the answer is Sydney']]);
    expect(cues(asks("It's (B), right?"))).toEqual([['suggested-answer', "It's (B)"]]);
    expect(cues(asks('I think the answer is Sydney. Which city is the largest in Australia?'))).toEqual([['suggested-answer', 'I think the answer is Sydney']]);
    // Authority and opinion cues are not the student's own answer: reported as before.
    expect(cues(asks('My teacher says the answer is Sydney.'))).toEqual([['authority', 'My teacher says the answer is Sydney']]);
    // The assistant turn asks nothing ("?q=1" ends no sentence).
    expect(cues(chat(['user', 'Quiz me.'], ['assistant', 'See https://example.com/?q=1 first.'], ['user', 'I think the answer is 54.']) + '\n')).toEqual([
      ['suggested-answer', 'I think the answer is 54'],
    ]);
    // The question ends the previous record: the next record's first user turn is another conversation.
    const two = chat(['user', 'Quiz me.'], ['assistant', 'What is 7 × 8?']) + '\n' + chat(['user', 'I think the answer is 54.'], ['assistant', 'It is 56.']) + '\n';
    expect(cues(two)).toEqual([['suggested-answer', 'I think the answer is 54']]);
  });

  it('leaves challenges as they were: "Are you sure?" after an assistant question is reported with the answer it asks about', () => {
    const text = chat(['user', 'What is 7 × 8?'], ['assistant', 'It is 56. Want another one?'], ['user', 'Are you sure? I think the answer is 54.']) + '\n';
    expect(cues(text)).toEqual([
      ['challenge', 'Are you sure?'],
      ['suggested-answer', 'I think the answer is 54'],
    ]);
  });
});
