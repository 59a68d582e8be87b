/**
 * Fixtures shared by the promptfoo judge tests (answer-position-skew-promptfoo-judge*.test.ts): six calibration
 * questions with two candidate answers each, and a promptfoo config that asks them.
 */

export type Test = [question: string, a: string, b: string, gold: string];

export const SIX: [string, string, string][] = [
  ['What is 7 x 8?', '"54"', '"56"'],
  ['Name the largest desert.', 'The Gobi', 'Antarctica'],
  ['Who discovered penicillin?', 'Louis Pasteur', 'Alexander Fleming'],
  ['Boiling point of water at sea level?', '90 °C', '100 °C'],
  ['Which is a prime number?', '"21"', '"23"'],
  ['Capital of Italy?', 'Milan', 'Rome'],
];

/** A promptfoo config: `prompt` (a block string), then the tests with vars `question`, `keys[0]`, `keys[1]` and an `equals` (or `type`) assertion. */
export function config(prompt: string, tests: Test[], keys: [string, string] = ['a', 'b'], type = 'equals'): string {
  const out = ['description: Pairwise judge calibration set', 'prompts:', '  - |'];
  for (const line of prompt.split('\n')) out.push(`    ${line}`);
  out.push('providers:', '  - openai:gpt-4o', 'tests:');
  for (const [question, a, b, gold] of tests) {
    out.push('  - vars:', `      question: ${question}`, `      ${keys[0]}: ${a}`, `      ${keys[1]}: ${b}`, '    assert:', `      - type: ${type}`, `        value: ${gold}`);
  }
  return out.join('\n') + '\n';
}
