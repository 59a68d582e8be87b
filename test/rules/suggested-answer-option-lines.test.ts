/**
 * suggested-answer: what an option line itself says is the option, not the user's cue (s25). "(B) Feels right" under
 * "How does the new logo make you feel?" was read as "an option that feels right to the user" wherever the parser read
 * the options (a labelled query, a chat's user turn); a cue after the options is still reported.
 */
import rule from '../../server/src/rules/suggested-answer';
import { ruleTester, type RangeTuple } from './helpers';

const LOGO = 'How does the new logo make you feel?\n(A) Seems off\n(B) Feels right\n(C) Not sure\n';

ruleTester(rule).run({
  valid: [
    `Question: ${LOGO}\nAnswer:`,
    { text: `---\nname: survey\n---\nuser:\n${LOGO}`, uri: 'x.prompty' },
    'Q: Which answer sounds right?\n(A) Option B sounds right to me.\n(B) Option A sounds right to me.\nA:',
  ],
  invalid: [
    {
      text: `Question: ${LOGO}Option B feels right to me.\nAnswer:`,
      errors: [
        {
          messageId: 'suggested-answer',
          range: [4, 0, 4, 'Option B feels right to me'.length] as RangeTuple,
          text: 'Option B feels right to me',
          data: { kind: 'suggested-answer', letter: 'B' },
        },
      ],
    },
  ],
});
