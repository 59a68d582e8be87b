/**
 * answer-position-skew on pairwise LLM-as-judge datasets (Chatbot Arena's winner, `response_a`/`response_b`
 * with a winner, AlpacaEval's `preference`): a calibration or training set whose winner is always the first
 * response teaches position bias (Zheng et al. 2023; Wang et al. 2023). The finding is not fixable: no fix
 * rewrites a winner field (or the model names beside it).
 */
import rule from '../../server/src/rules/answer-position-skew';
import { ruleTester } from './helpers';

const PAIRS: [string, string, string][] = [
  ['Capital of France?', 'Paris.', 'Lyon.'],
  ['7 x 8?', '56', '54'],
  ['Largest ocean?', 'The Pacific.', 'The Atlantic.'],
  ['Who wrote Hamlet?', 'Shakespeare.', 'Marlowe.'],
  ['Boiling point of water at sea level?', '100 °C', '90 °C'],
  ['Chemical symbol for gold?', 'Au', 'Ag'],
  ['Smallest prime?', '2', '1'],
  ['Speed of light, roughly?', '300,000 km/s', '30,000 km/s'],
  ['Author of "1984"?', 'George Orwell.', 'Aldous Huxley.'],
  ['Freezing point of water in °F?', '32 °F', '0 °F'],
  ['Planets in the solar system?', 'Eight.', 'Nine.'],
  ['Square root of 81?', '9', '8'],
];

const arena = (winners: (i: number) => string, swap: (i: number) => boolean = () => false) =>
  PAIRS.map(([q, good, bad], i) => {
    const [a, b] = swap(i) ? [bad, good] : [good, bad];
    return JSON.stringify({
      question_id: `q${i}`,
      model_a: 'gpt-4',
      model_b: 'llama-2-13b',
      winner: winners(i),
      conversation_a: [
        { role: 'user', content: q },
        { role: 'assistant', content: a },
      ],
      conversation_b: [
        { role: 'user', content: q },
        { role: 'assistant', content: b },
      ],
    });
  }).join('\n') + '\n';

const simple = (winner: (i: number) => string, extra = '') =>
  PAIRS.map(([q, a, b], i) => `{"prompt": ${JSON.stringify(q)}, "response_a": ${JSON.stringify(a)}, "response_b": ${JSON.stringify(b)}, "winner": ${JSON.stringify(winner(i))}${extra}}`).join('\n') + '\n';

const alpaca = (pref: (i: number) => string) =>
  PAIRS.map(([q, a, b], i) => `{"instruction": ${JSON.stringify(q)}, "output_1": ${JSON.stringify(a)}, "output_2": ${JSON.stringify(b)}, "preference": ${pref(i)}}`).join('\n') + '\n';

/** The first line's winner value (with its quotes): its column. */
const col = (text: string, needle: string) => text.split('\n')[0]!.indexOf(needle);

const allA = arena(() => 'model_a');
const simpleB = simple(() => 'B');
const alpacaOne = alpaca(() => '1');

ruleTester(rule).run({
  valid: [
    // Balanced winners (responses swapped in every other record so the better one is B half the time).
    { uri: 'arena.jsonl', text: arena((i) => (i % 2 ? 'model_b' : 'model_a'), (i) => i % 2 === 1) },
    // Ties are read but not counted: two A, the rest ties.
    { uri: 'arena.jsonl', text: arena((i) => (i < 2 ? 'model_a' : i % 2 ? 'tie' : 'tie (bothbad)')) },
    // A winner naming no response (a tournament log), every record the same name.
    { uri: 'games.jsonl', text: simple(() => 'Alice') },
    // Preference data (chosen/rejected beside the pair): read as before, no options.
    { uri: 'dpo.jsonl', text: simple(() => 'A', ', "chosen": "x", "rejected": "y"') },
    // AlpacaEval preferences alternating.
    { uri: 'alpaca.jsonl', text: alpaca((i) => (i % 2 ? '2' : '1')) },
    // label 0 everywhere, but beside another text it could label.
    { uri: 'l.jsonl', text: simple(() => 'x').replaceAll('"winner": "x"', '"text": "note", "label": 0') },
  ],
  invalid: [
    {
      name: 'Chatbot Arena: winner model_a in 12 of 12 records, not fixable',
      uri: 'arena.jsonl',
      text: allA,
      errors: [
        {
          messageId: 'degenerate',
          range: [0, col(allA, '"winner":') + 9, 0, col(allA, '"winner":') + 18],
          text: '"model_a"',
          data: { letter: 'A', count: 12, n: 12, degenerate: true },
          fix: false,
        },
      ],
    },
    {
      name: '{prompt, response_a, response_b, winner: "B"} in 12 of 12',
      uri: 'pairs.jsonl',
      text: simpleB,
      errors: [{ messageId: 'degenerate', range: [0, col(simpleB, '"B"}'), 0, col(simpleB, '"B"}') + 3], text: '"B"', data: { letter: 'B', count: 12, n: 12 }, fix: false }],
    },
    {
      name: 'AlpacaEval preference 1 in 12 of 12',
      uri: 'alpaca.jsonl',
      text: alpacaOne,
      errors: [{ messageId: 'degenerate', text: '1', data: { letter: 'A', count: 12, n: 12 }, fix: false }],
    },
    {
      name: 'label 0 beside response_a/response_b and a prompt only, 12 of 12',
      uri: 'l.jsonl',
      text: simple(() => 'x').replaceAll('"winner": "x"', '"label": 0'),
      errors: [{ messageId: 'degenerate', text: '0', data: { letter: 'A', count: 12, n: 12 }, fix: false }],
    },
  ],
});
