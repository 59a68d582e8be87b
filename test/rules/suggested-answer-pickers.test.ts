/**
 * suggested-answer: others' picks after "my"/"our" (s25). The words after "my"/"our" that name who picked are no
 * pronoun, conjunction, determiner or form of be/have/do, the last one too: "B) Shorten my CV" / "I picked (B) …" is
 * the user's own pick, not "my CV I" picking (B) (an authority cue, reported before wherever the options were read).
 */
import rule from '../../server/src/rules/suggested-answer';
import { ruleTester, type RangeTuple } from './helpers';

const own = (text: string, cue: string, uri?: string) => {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(cue));
  const col = lines[line]!.indexOf(cue);
  return {
    text,
    ...(uri ? { uri } : {}),
    errors: [{ messageId: 'suggested-answer', range: [line, col, line, col + cue.length] as RangeTuple, text: cue, data: { cue, kind: 'suggested-answer', letter: 'B' } }],
  };
};

ruleTester(rule).run({
  valid: [
    // "…my last project we went with B": "we" is no word of a picker after "my" (an authority cue before).
    'Question: Which HTTP library should we use?\nA) requests\nB) httpx\nIn my last project we went with B, but this service is async.\nAnswer:',
  ],
  invalid: [
    own('---\nname: x\n---\nuser:\nCan you help me with two things before my interview?\nA) Rewrite my cover letter\nB) Shorten my CV\nI picked (B) as the first job.\n', 'I picked (B)', 'x.prompty'),
    own('Question: Which of these do you recommend?\nA) Keep my job\nB) Quit my job\nI chose (B) last week.\nAnswer:', 'I chose (B)'),
    // Others' picks after "my" are read as before.
    {
      text: 'Question: Which river flows through Baghdad?\n(A) Nile\n(B) Tigris\nMy study group went with (B).\nAnswer:',
      errors: [{ messageId: 'authority', range: [3, 0, 3, 'My study group went with (B)'.length] as RangeTuple, text: 'My study group went with (B)', data: { kind: 'authority', letter: 'B' } }],
    },
  ],
});
