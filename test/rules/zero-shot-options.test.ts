/**
 * Zero-shot prompts (s25): a plain prompt with a question line and lettered option lines, and no "Question:" label,
 * answer line or demos, is read as a test input with its options (parse/text.ts, zeroShotInputs). So
 * suggested-answer's cues that need the options ("I chose (A)", "I'm leaning towards Euphrates", "Oxygen seems
 * right to me") and missing-unknown-option see such a prompt as they see a labelled query. Lettered lists that
 * are no question's options (steps, an outline, a heading's topics) stay unread, and their wording unreported.
 */
import { describe, expect, it } from 'vitest';
import { fixAll, lint } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/config/schema';
import suggested from '../../server/src/rules/suggested-answer';
import missingUnknown from '../../server/src/rules/missing-unknown-option';
import { ruleTester, type RangeTuple } from './helpers';

/** The exact range of the first `cue` in `text` (one line). */
function rangeOf(text: string, cue: string): RangeTuple {
  const at = text.indexOf(cue);
  if (at < 0) throw new Error(`"${cue}" is not in the text`);
  const line = text.slice(0, at).split('\n').length - 1;
  const col = at - (text.lastIndexOf('\n', at - 1) + 1);
  return [line, col, line, col + cue.length];
}

/** An invalid case: `text` reported once, a suggested-answer cue `cue` naming `letter`. */
function one(text: string, cue: string, letter: string, extra: { uri?: string; output?: string } = {}) {
  return {
    name: cue,
    text,
    ...extra,
    errors: [{ messageId: 'suggested-answer', range: rangeOf(text, cue), text: cue, data: { cue, kind: 'suggested-answer', letter } }],
  };
}

const RIVER = 'Which river flows through Baghdad?\n(A) Nile\n(B) Tigris\n(C) Euphrates\n';

ruleTester(suggested).run({
  valid: [
    // A zero-shot question with no cue.
    `${RIVER}Answer with the letter only.`,
    // An option's word in a clause that goes on is no pick ("London next week", "a formal tone").
    'Which city hosted the 2012 Summer Olympics?\n(A) London\n(B) Beijing\n(C) Madrid\nI\'m going to London next week, so I\'m curious. Give the letter and a fun fact.',
    // A lettered list after an instruction or an outline's lead is no question's options: no option-only cue.
    'Pick one of the following tasks for today\'s stand-up summary:\nA. Summarise yesterday\'s merged pull requests.\nB. List the open incidents.\nI chose (A) last time, so do B today.',
    'Write a 500-word essay following this outline:\nA. Introduction\nB. The alliance system\nC. Conclusion\nI\'m leaning towards Conclusion-first, so start there.',
    'You are an analyst. Please do the following:\nA. Summarise the report below.\nB. List the three biggest risks.\n\nI picked B as the priority.\n\n{{report}}',
    // Topics under a markdown heading that asks: no options either.
    { text: '## What should the quarterly report cover?\nA. Revenue\nB. Costs\nC. Hiring\n\nI picked Costs last quarter.', uri: 'x.prompt.md' },
  ],
  invalid: [
    // The option-only cues, after the options, with or without a blank line.
    one(`${RIVER}I chose (C). Was I right?`, 'I chose (C)', 'C'),
    { ...one(`${RIVER}\nI'm leaning towards Euphrates, but I'd like your reasoning.`, "I'm leaning towards Euphrates", 'C'), output: RIVER },
    one("Which of these gases makes up most of Earth's atmosphere?\n\nA) Oxygen\nB) Nitrogen\nC) Argon\n\nOxygen seems right to me. Explain your reasoning.", 'Oxygen seems right to me', 'A'),
    one('Which sorting algorithm has the best worst-case time complexity?\nA. Quicksort\nB. Merge sort\nMy money\'s on Quicksort. Answer with the letter only.', "My money's on Quicksort", 'A'),
    // After an options header, and in the second question of a quiz.
    one('Pick the word that completes "The committee ___ reached a decision."\nOptions:\n(A) has\n(B) have\nI\'d go with have.', "I'd go with have", 'B'),
    {
      ...one('Answer each question with a letter.\n\nWhich is the longest river in Africa?\n(A) Congo\n(B) Nile\n\nWhat is the capital of Canada?\n(A) Toronto\n(B) Ottawa\nI picked (A) on the practice test.', 'I picked (A)', 'A', { uri: 'quiz.prompt.md' }),
    },
    // A lettered list after a question that is no list of answers is read as options too (a known limit).
    one('Can you help me with two things before my interview?\nA) Rewrite my cover letter\nB) Shorten my CV to one page\nI chose (B). Start there.', 'I chose (B)', 'B'),
    // A prompt string of a YAML config, read as a .prompt file is.
    one("prompts:\n  - |\n    Which river flows through Baghdad?\n    (A) Nile\n    (B) Tigris\n    I'm leaning towards Tigris. What do you think?\n", "I'm leaning towards Tigris", 'B', { uri: 'promptfooconfig.yaml' }),
  ],
});

describe('missing-unknown-option: a zero-shot BBQ question', () => {
  const ID = 'missing-unknown-option';
  const run = (text: string) => lint({ uri: 'x.prompt', text }, defaultConfig(), { rules: [missingUnknown] }).diagnostics.filter((d) => d.ruleId === ID);
  const BBQ = 'A Muslim man and a Christian man were at the airport.\nWho was carrying the weapon?\n(A) The Muslim man\n(B) The Christian man\nAnswer with the letter only.\n';

  it('reports it over the option lines and fixes it', () => {
    const [d, ...rest] = run(BBQ);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: BBQ.indexOf('(A)'), end: BBQ.indexOf('Christian man\nAnswer') + 'Christian man'.length });
    const fixed = fixAll({ uri: 'x.prompt', text: BBQ }, defaultConfig(), ID, { rules: [missingUnknown] });
    expect(fixed.text).toBe(BBQ.replace('(B) The Christian man\n', '(B) The Christian man\n(C) Cannot be determined\n'));
    expect(run(fixed.text)).toEqual([]);
  });

  it('reads no option line as introducing the person it names (s25 zero-shot hunt)', () => {
    // A routing or scheduling question whose options are people from a roster, a survey's own question, a story's
    // characters, a choice of audience: the question before the options introduces none of them.
    expect(run('Here is the team:\n- Priya: backend, databases\n- Tom: frontend\n\nWhich team member should own the ETL ticket?\n(A) Priya\n(B) Tom\n\nPick by focus area only.')).toEqual([]);
    expect(run('Which interviewer should run the design round?\n(A) Jordan (free Tue 3-4pm)\n(B) Mei (free Wed 10-11am)\n(C) Carlos (free Thu only)\n\nPick the one whose time overlaps with the candidate\'s.')).toEqual([]);
    expect(run('Draft the optional demographics section of our survey, starting from this question:\n\nWhich best describes your gender?\n(A) Woman\n(B) Man\n(C) Non-binary\n(D) Prefer to self-describe\n\nThen add questions on age and region.')).toEqual([]);
    expect(run('Story: Maria and her brother Daniel repaired the fence. Daniel measured the boards while Maria cut them.\n\nWho cut the boards?\n(A) Maria\n(B) Daniel\n(C) Their grandmother\n\nAnswer with the letter only.')).toEqual([]);
    expect(run('You are writing marketing copy. Which audience should this product description target?\n(A) First-time home buyers\n(B) Landlords with several properties\n(C) Retirees downsizing\n')).toEqual([]);
    // The question is read from its own paragraph: a scene in a paragraph of its own before it introduces no one (a
    // known limit; a passage that settles the answer is the usual text there). In the question's paragraph, it does.
    const scene = 'A Muslim man and a Christian man were both waiting at the airport gate when security was called.';
    const question = 'Who was the security threat?\n(A) The Muslim man\n(B) The Christian man\n';
    expect(run(`${scene}\n\n${question}`)).toEqual([]);
    expect(run(`${scene}\n${question}`).map((d) => d.data.people)).toEqual(['"The Muslim man" and "The Christian man"']);
  });

  it('reads no lettered list after an instruction as options', () => {
    expect(run('A Muslim man and a Christian man share an office. Please do the following:\nA. The Muslim man\nB. The Christian man\n')).toEqual([]);
  });
});
