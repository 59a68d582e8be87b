/**
 * Few-shot structure in a chat message list: user/assistant pairs before the
 * final user turn are demonstrations; the final user turn is the test input.
 * Free-text demos embedded in system or final user messages are found too.
 */
import type { Exemplar, ExemplarSet, Message, TestInput } from '../model/types.js';
import { buildExemplar, splitOptions } from './exemplars.js';
import { analyseTextInto, mayHoldExemplars, withoutClosingTokens } from './text.js';

export interface MessageAnalysis {
  exemplarSets: ExemplarSet[];
  testInputs: TestInput[];
}

/**
 * `withTestInputs` false: the caller has no use for the test inputs (a record whose final
 * turn is answered, see addMessageList), which are then not made (the list is empty).
 */
export function analyseMessages(messages: readonly Message[], withTestInputs = true): MessageAnalysis {
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
        // (Without the control tokens that close the reply: `"positive</s>"`, `"B<|im_end|>"`.)
        output: withoutClosingTokens(a.content).trim(),
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
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== 'system' && m.role !== 'developer' && i !== lastUser) continue;
    // Straight into the lists (see analyseTextInto): no lists, variables or result object per message.
    const setsBefore = exemplarSets.length;
    const inputsBefore = testInputs.length;
    if (mayHoldExemplars(m.content.text)) analyseTextInto(m.content, exemplarSets, withTestInputs ? testInputs : undefined);
    if (!withTestInputs) continue;
    if (i === lastUser && exemplarSets.length === setsBefore && testInputs.length === inputsBefore) {
      const content = m.content.trim();
      testInputs.push({ text: content, span: m.span, options: splitOptions(content).options });
    }
  }
  return { exemplarSets, testInputs };
}
