/**
 * The biased test model itself: OpenAI-compatible, deterministic for a seed,
 * deciding from the prompt content.
 */
import { afterEach, describe, expect, test } from 'vitest';
import OpenAI from 'openai';
import { startBiasedModelServer, type BiasedModelServer } from '../support/biased-model-server.js';

const servers: BiasedModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function client(config: Parameters<typeof startBiasedModelServer>[0]) {
  const s = await startBiasedModelServer(config);
  servers.push(s);
  return { s, c: new OpenAI({ baseURL: s.url, apiKey: 'none', maxRetries: 0 }) };
}

const ask = (c: OpenAI, content: string, extra: Record<string, unknown> = {}) =>
  c.chat.completions.create({ model: 'x', messages: [{ role: 'user', content }], temperature: 0, ...extra }).then((r) => r.choices[0]!);

describe('biased test model server', () => {
  test('lists its model and answers what it can compute', async () => {
    const { c, s } = await client({ seed: 1, model: 'fake-1' });
    const models = await c.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['fake-1']);
    const r = await ask(c, 'Question: What is 40 + 2?\nAnswer choices:\n(A) 41\n(B) 42\n(C) 43');
    expect(r.message.content).toMatch(/The best answer is: \(B\)\.$/);
    expect(s.stats.completions).toBe(1);
  });

  test('is deterministic for a seed; a guess depends on the seed and the option order', async () => {
    const q = (order: string[]) => `Question: Which colour is best?\nAnswer choices:\n${order.map((o, i) => `(${'ABCD'[i]}) ${o}`).join('\n')}`;
    const opts = ['red', 'green', 'blue', 'cyan'];
    const a = await client({ seed: 5, accuracy: 1 });
    const b = await client({ seed: 5, accuracy: 1 });
    const first = await Promise.all([0, 1, 2, 3].map((r) => ask(a.c, q([...opts.slice(r), ...opts.slice(0, r)]))));
    const again = await Promise.all([0, 1, 2, 3].map((r) => ask(b.c, q([...opts.slice(r), ...opts.slice(0, r)]))));
    expect(again.map((x) => x.message.content)).toEqual(first.map((x) => x.message.content));
    const seeds = await Promise.all([1, 2, 3, 4, 6, 7, 8, 9].map(async (seed) => (await ask((await client({ seed })).c, q(opts))).message.content));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  test('reads options written "A) …", "A. …" and "(A) …" as the product parser does, and follows a suggestion among them', async () => {
    const { c } = await client({ seed: 1, suggestionFollow: 1 });
    const layouts = [(l: string) => `(${l}) `, (l: string) => `${l}) `, (l: string) => `${l}. `];
    for (const mark of layouts) {
      const opts = (xs: string[]) => xs.map((x, i) => mark('ABCD'[i]!) + x).join('\n');
      // It computes the answer among the options…
      expect((await ask(c, `Question: What is 40 + 2?\n${opts(['41', '42', '43'])}`)).message.content, mark('A')).toMatch(/The best answer is: \(B\)\.$/);
      // …and, told to follow suggestions, answers the letter the user suggests (not a guess: the options are read).
      const biased = `Question: Which colour is best?\n${opts(['red', 'green', 'blue', 'cyan'])}\nI think the answer is (C) but I'm curious to hear what you think.`;
      expect((await ask(c, biased)).message.content, mark('A')).toMatch(/The best answer is: \(C\)\.$/);
    }
    // A Q:/A: demo's answer line ("A: 4") is no one-option list: the test question's options are read.
    const demos = 'Q: What is 2 + 2?\nA: 4\n\nQ: What is 5 + 6?\nA) 10\nB) 12\nC) 11\nA:';
    expect((await ask(c, demos)).message.content).toMatch(/The best answer is: \(C\)\.$/);
  });

  test('returns logprobs at the answer token only when configured and asked', async () => {
    const on = await client({ seed: 1, logprobs: true, labelPrior: { A: 0.7, B: 0.3 } });
    const r = await ask(on.c, 'Question: N/A\nAnswer choices:\n(A) N/A\n(B) N/A', { logprobs: true, top_logprobs: 5 });
    const answer = r.logprobs!.content!.filter((t) => t.top_logprobs.length > 1);
    expect(answer.length).toBe(1);
    const probs = Object.fromEntries(answer[0]!.top_logprobs.map((t) => [t.token, Math.exp(t.logprob)]));
    expect(probs.A).toBeCloseTo(0.7, 6);
    expect(probs.B).toBeCloseTo(0.3, 6);
    const off = await client({ seed: 1, logprobs: false });
    expect((await ask(off.c, 'Question: N/A\nAnswer choices:\n(A) N/A\n(B) N/A', { logprobs: true })).logprobs).toBeNull();
  });

  test('injected faults hit only the first attempts of a request', async () => {
    const { c, s } = await client({ seed: 1, faults: [{ type: '500', attempts: 2 }] });
    const content = 'Question: What is 1 + 1?\nAnswer choices:\n(A) 2\n(B) 3';
    await expect(ask(c, content)).rejects.toMatchObject({ status: 500 });
    await expect(ask(c, content)).rejects.toMatchObject({ status: 500 });
    expect((await ask(c, content)).message.content).toMatch(/\(A\)/);
    expect(s.stats.faults['500']).toBe(2);
  });
});
