/**
 * Seeded audit fixtures: BBH-style few-shot arithmetic prompts and JSONL items
 * that the biased test model can "solve", so tests know the truth.
 */
import { mulberry32 } from '../../server/src/stats/random.js';

const LETTERS = 'ABCDEFGHIJ';

export interface ArithmeticQuestion {
  question: string;
  options: string[];
  gold: number;
}

/** `n` distinct sums a + b with `k` numeric options; gold positions cycle (or are all `fixedGold`). */
export function arithmeticQuestions(n: number, k: number, seed: number, fixedGold?: number): ArithmeticQuestion[] {
  const rand = mulberry32(seed);
  const out: ArithmeticQuestion[] = [];
  const seen = new Set<string>();
  while (out.length < n) {
    const a = 10 + Math.floor(rand() * 90);
    const b = 10 + Math.floor(rand() * 90);
    if (seen.has(`${a}+${b}`)) continue;
    seen.add(`${a}+${b}`);
    const sum = a + b;
    const wrong = new Set<number>();
    while (wrong.size < k - 1) {
      const w = sum + (Math.floor(rand() * 21) - 10);
      if (w !== sum) wrong.add(w);
    }
    const gold = fixedGold ?? out.length % k;
    const options = [...wrong].map(String);
    options.splice(gold, 0, String(sum));
    out.push({ question: `What is ${a} + ${b}?`, options, gold });
  }
  return out;
}

/** A BBH-style few-shot prompt of arithmetic demos with rationales that cite letters. */
export function arithmeticPrompt(demos: ArithmeticQuestion[], header = 'Answer the following questions.'): string {
  const blocks = demos.map((d) => {
    const letter = LETTERS[d.gold]!;
    const opts = d.options.map((o, i) => `(${LETTERS[i]}) ${o}`).join('\n');
    return `Q: ${d.question}\nAnswer choices:\n${opts}\nA: Adding the numbers gives ${d.options[d.gold]}, which is option (${letter}). The best answer is: (${letter}).`;
  });
  return `${header}\n\n${blocks.join('\n\n')}\n`;
}

export function itemsJsonl(qs: { question: string; options?: string[]; gold?: number; answer?: string }[]): string {
  return (
    qs
      .map((q) => JSON.stringify({ question: q.question, ...(q.options ? { options: q.options } : {}), ...(q.answer ? { answer: q.answer } : q.gold !== undefined ? { answer: LETTERS[q.gold] } : {}) }))
      .join('\n') + '\n'
  );
}

/** Items about people, for demographic swaps: arithmetic framed with gendered words. */
export function genderedQuestions(n: number, k: number, seed: number): ArithmeticQuestion[] {
  const people = ['she', 'he'];
  return arithmeticQuestions(n, k, seed).map((q, i) => ({
    ...q,
    question: `${people[i % 2] === 'she' ? 'She' : 'He'} asked ${people[i % 2] === 'she' ? 'her' : 'his'} teacher: ${q.question}`,
  }));
}
