import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/src/parse/index.js';

/** A chat JSONL dataset of `n` records whose texts name `tag`. */
function chatSet(tag: string, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify({ messages: [{ role: 'system', content: `System ${tag}` }, { role: 'user', content: `Question ${tag} ${i}?` }, { role: 'assistant', content: `answer${i}` }] }));
  }
  return lines.join('\n') + '\n';
}

describe('Collector lists (kept from one document to the next)', () => {
  it('gives each document exactly its own messages and prose, and leaves earlier documents as they were', () => {
    const big = parseDocument('big.jsonl', chatSet('big', 300));
    const bigMessages = big.messages.map((m) => m.content.text);
    const bigProse = big.prose.map((p) => p.text);
    expect(bigMessages).toHaveLength(900);
    expect(bigProse).toHaveLength(900);

    // A smaller document after it (the lists have room for more than it adds), then a JSON one (the same Collector).
    const small = parseDocument('small.jsonl', chatSet('small', 2));
    expect(small.messages.map((m) => m.content.text)).toEqual(['System small', 'Question small 0?', 'answer0', 'System small', 'Question small 1?', 'answer1']);
    expect(small.prose.map((p) => p.text)).toEqual(small.messages.map((m) => m.content.text));
    const json = parseDocument('one.json', JSON.stringify({ messages: [{ role: 'user', content: 'Hi json' }, { role: 'assistant', content: 'yes' }] }));
    expect(json.messages.map((m) => m.content.text)).toEqual(['Hi json', 'yes']);
    expect(json.prose.map((p) => p.text)).toEqual(['Hi json', 'yes']);

    // The first document's lists are its own (not the shared lists, which were emptied and refilled).
    expect(big.messages.map((m) => m.content.text)).toEqual(bigMessages);
    expect(big.prose.map((p) => p.text)).toEqual(bigProse);
    expect(big.messages).not.toBe(small.messages);
  });

  it('gives the same document when parsed again', () => {
    const text = chatSet('again', 40);
    const first = parseDocument('a.jsonl', text);
    const second = parseDocument('a.jsonl', text);
    expect(second.messages.map((m) => [m.role, m.content.text, m.span])).toEqual(first.messages.map((m) => [m.role, m.content.text, m.span]));
    expect(second.prose.map((p) => p.sourceSpan())).toEqual(first.prose.map((p) => p.sourceSpan()));
  });
});

describe('repeated system prompts (analysed once per distinct text)', () => {
  it('finds the demos of each distinct system prompt once, however the prompts repeat and alternate', () => {
    const s1 = 'Classify.\\nQ: I love it\\nA: positive\\nQ: I hate it\\nA: negative';
    const s2 = 'Sort it.\\nQ: red fruit\\nA: apple\\nQ: yellow fruit\\nA: banana';
    const line = (s: string, u: string, a: string) => `{"messages":[{"role":"system","content":"${s}"},{"role":"user","content":"${u}"},{"role":"assistant","content":"${a}"}]}`;
    const order = [s1, s1, s2, s1, s2, s2, s1];
    const text = order.map((s, i) => line(s, `text ${i}`, i % 2 ? 'positive' : 'negative')).join('\n');
    const doc = parseDocument('d.jsonl', text);
    const demos = doc.exemplarSets.filter((s) => s.kind === 'demos');
    // One set per distinct prompt, from its first record (the first s1 on line 0, the first s2 on line 2).
    expect(demos.map((s) => s.exemplars.map((e) => e.output?.text))).toEqual([
      ['positive', 'negative'],
      ['apple', 'banana'],
    ]);
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    expect(demos[0]!.span.start).toBeGreaterThan(lineStarts[0]!);
    expect(demos[0]!.span.start).toBeLessThan(lineStarts[1]!);
    expect(demos[1]!.span.start).toBeGreaterThan(lineStarts[2]!);
    expect(demos[1]!.span.start).toBeLessThan(lineStarts[3]!);
    // Every system message keeps its own source span and its text.
    const systems = doc.messages.filter((m) => m.role === 'system');
    expect(systems.map((m) => m.content.text)).toEqual(order.map((s) => s.replace(/\\n/g, '\n')));
    systems.forEach((m, i) => expect(m.content.sourceSpan().start).toBe(lineStarts[i]! + text.slice(lineStarts[i]!).indexOf('"content":"') + 11));
  });
});

describe('repeated plain system prompts (no escapes: their segments share one string)', () => {
  it('analyses each distinct prompt once, keeps every message its own span, and the shared text is right', () => {
    const p1 = 'Q: Which colour is it?';
    const p2 = 'Q: Which animal is it?';
    const order = [p1, p1, p2, p1, p2, p2, p1];
    // No assistant turn: the system prompts' own structure (a question without an answer) is a test input.
    const text = order.map((p, i) => `{"messages":[{"role":"system","content":"${p}"},{"role":"user","content":"line ${i}"}]}`).join('\n');
    const doc = parseDocument('d.jsonl', text);
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    const lineOf = (offset: number) => lineStarts.filter((s) => s <= offset).length - 1;
    const fromPrompts = doc.testInputs.filter((t) => t.text.text.startsWith('Which'));
    expect(fromPrompts.map((t) => [t.text.text, lineOf(t.span.start)])).toEqual([
      ['Which colour is it?', 0],
      ['Which animal is it?', 2],
    ]);
    const systems = doc.messages.filter((m) => m.role === 'system');
    expect(systems.map((m) => m.content.text)).toEqual(order);
    systems.forEach((m, i) => {
      const start = lineStarts[i]! + `{"messages":[{"role":"system","content":"`.length;
      expect(m.content.sourceSpan()).toEqual({ start, end: start + order[i]!.length });
      expect(text.slice(m.content.sourceStart, m.content.sourceEnd)).toBe(m.content.text);
    });
  });
});

describe('multi-line chat messages (each analysed on its own)', () => {
  it('an answered record gives no test input; an unanswered one gives its final user turn, with its options', () => {
    const answered = '{"messages":[{"role":"user","content":"Pick one\\n(A) red\\n(B) blue"},{"role":"assistant","content":"A"}]}';
    const open = '{"messages":[{"role":"user","content":"Pick one\\n(A) red\\n(B) blue"}]}';
    const doc = parseDocument('m.jsonl', `${answered}\n${open}\n${answered}\n`);
    expect(doc.testInputs.map((t) => [t.text.text, t.options.map((o) => o.letter)])).toEqual([['Pick one\n(A) red\n(B) blue', ['A', 'B']]]);
    const secondLine = answered.length + 1;
    expect(doc.testInputs[0]!.span).toEqual({ start: secondLine + '{"messages":['.length, end: secondLine + open.length - 2 });
    expect(doc.exemplarSets.flatMap((s) => s.exemplars).map((e) => e.answer?.letter)).toEqual(['A', 'A']);
  });
});
