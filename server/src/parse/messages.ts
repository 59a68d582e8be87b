/**
 * Few-shot structure in a chat message list: user/assistant pairs before the
 * final user turn are demonstrations; the final user turn is the test input.
 * Free-text demos embedded in system or final user messages are found too.
 */
import type { Exemplar, ExemplarSet, Message, TestInput } from '../model/types.js';
import { buildExemplar, splitOptions } from './exemplars.js';
import { analyseText } from './text.js';

export interface MessageAnalysis {
  exemplarSets: ExemplarSet[];
  testInputs: TestInput[];
}

export function analyseMessages(messages: readonly Message[]): MessageAnalysis {
  const exemplarSets: ExemplarSet[] = [];
  const testInputs: TestInput[] = [];
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  const demos: Exemplar[] = [];
  for (let i = 0; i + 1 < messages.length; i++) {
    const u = messages[i]!;
    const a = messages[i + 1]!;
    if (u.role !== 'user' || a.role !== 'assistant' || i >= lastUser) continue;
    demos.push(
      buildExemplar({
        index: demos.length,
        span: { start: u.span.start, end: a.span.end },
        question: u.content.trim(),
        output: a.content.trim(),
      }),
    );
    i++;
  }
  if (demos.length) {
    exemplarSets.push({
      shape: 'chat',
      kind: 'demos',
      span: { start: demos[0]!.span.start, end: demos[demos.length - 1]!.span.end },
      exemplars: demos,
    });
  }
  // Embedded free-text demos in system prompts and in the final user turn.
  messages.forEach((m, i) => {
    if (m.role !== 'system' && m.role !== 'developer' && i !== lastUser) return;
    const inner = analyseText(m.content);
    exemplarSets.push(...inner.exemplarSets);
    testInputs.push(...inner.testInputs);
    if (i === lastUser && inner.exemplarSets.length === 0 && inner.testInputs.length === 0) {
      const content = m.content.trim();
      testInputs.push({ text: content, span: m.span, options: splitOptions(content).options });
    }
  });
  return { exemplarSets, testInputs };
}
