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
