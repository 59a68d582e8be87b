/**
 * Llama 2's chat template (Meta's `chat_completion`, Hugging Face's Llama 2 chat template; Mistral's
 * instruct format is the same without `<<SYS>>`), written out as one text: a JSONL record's `text`
 * (`{"text": "<s>[INST] <<SYS>>\n…\n<</SYS>>\n\nQuestion … [/INST] The answer is (B) </s>"}`, what
 * SFT datasets such as guanaco-llama2 hold) or a whole `.prompt` file:
 *
 *   <s>[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {assistant} </s><s>[INST] {user} [/INST] …
 *
 * The text between `[INST]` and `[/INST]` is a user turn, the text after `[/INST]` up to `</s>` (or
 * the next `[INST]`, or the end) the assistant's, and a `<<SYS>>` … `<</SYS>>` block at the start of
 * the first user turn the system prompt.
 */
import type { Message } from '../model/types.js';
import type { Segment } from '../model/segment.js';
import { isWhiteSpace } from '../model/segment.js';

const BOS = '<s>';
const EOS = '</s>';
const INST = '[INST]';
const INST_END = '[/INST]';
const SYS = '<<SYS>>';
const SYS_END = '<</SYS>>';

function skipSpaces(t: string, i: number, end = t.length): number {
  while (i < end && isWhiteSpace(t.charCodeAt(i))) i++;
  return i;
}

/** The end of `t[from, to)` without the white space at its end. */
function trimmedEnd(t: string, from: number, to: number): number {
  while (to > from && isWhiteSpace(t.charCodeAt(to - 1))) to--;
  return to;
}

/**
 * Where a token next occurs in a text, asked with positions that never go back: each token's text is
 * searched once in all (a transcript of many turns costs one pass per token, not one per turn).
 */
class Occurrences {
  private readonly at = new Map<string, number>();
  constructor(private readonly t: string) {}
  /** The first occurrence of `token` at or after `from`, or -1. */
  next(token: string, from: number): number {
    const known = this.at.get(token);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const found = this.t.indexOf(token, from);
    this.at.set(token, found);
    return found;
  }
  /** Whether `token` occurs wholly inside [from, to). */
  within(token: string, from: number, to: number): boolean {
    const at = this.next(token, from);
    return at !== -1 && at + token.length <= to;
  }
}

/**
 * The turns of a text that is a Llama 2 chat transcript, in order: the system prompt (when the first
 * `[INST]` opens with `<<SYS>>`), then user and assistant turns in turn, the last user turn maybe
 * unanswered (`[INST] {{question}} [/INST]`, where the query goes). Contents are trimmed. Spans are in
 * source order and leave only white space between turns: a user turn's span runs from its `<s>` (or
 * `[INST]`) to its content's end, its role span is its `[INST]`; an assistant turn's span runs from
 * the `[/INST]` before it (its role span) to its `</s>` (or its content's end). The system prompt's
 * span runs from the first turn's start to `<</SYS>>` (its role span `<<SYS>>`), and the first user
 * turn's span then starts at its content.
 *
 * Undefined unless the whole text is such a transcript: it starts (after white space and `<s>`) with
 * `[INST]`, every `[INST]` is closed by a `[/INST]` before the next `[INST]` or `</s>`, every turn but
 * the last has an answer, after an answer's `</s>` comes only the next `[INST]` (maybe after `<s>`) or
 * the end, `<<SYS>>` and `<</SYS>>` appear only as the first turn's leading pair, and no user turn is
 * empty. So a prompt that mentions the tokens ("Wrap each user turn in [INST] and [/INST]") and a
 * text with other words before or after the turns are not read.
 */
export function llamaChatTurns(seg: Segment): Message[] | undefined {
  const t = seg.text;
  let turnStart = skipSpaces(t, 0);
  let i = t.startsWith(BOS, turnStart) ? skipSpaces(t, turnStart + BOS.length) : turnStart;
  if (!t.startsWith(INST, i)) return undefined;
  const out: Message[] = [];
  const occ = new Occurrences(t);
  for (;;) {
    // A user turn: [INST] … [/INST].
    const inst = i;
    const close = occ.next(INST_END, inst + INST.length);
    if (close === -1 || occ.within(INST, inst + INST.length, close) || occ.within(EOS, inst + INST.length, close)) return undefined;
    let from = skipSpaces(t, inst + INST.length, close);
    let userStart = turnStart;
    if (t.startsWith(SYS, from)) {
      if (out.length) return undefined;
      const sysEnd = occ.next(SYS_END, from + SYS.length);
      if (sysEnd === -1 || sysEnd + SYS_END.length > close) return undefined;
      const system = seg.sliceTrimmed(from + SYS.length, sysEnd);
      if (system.text) out.push({ role: 'system', roleSpan: seg.sourceSpan(from, from + SYS.length), content: system, span: seg.sourceSpan(turnStart, sysEnd + SYS_END.length) });
      from = skipSpaces(t, sysEnd + SYS_END.length, close);
      userStart = from;
    }
    if (occ.within(SYS, from, close) || occ.within(SYS_END, from, close)) return undefined;
    const user = seg.sliceTrimmed(from, close);
    if (!user.text) return undefined;
    out.push({ role: 'user', roleSpan: seg.sourceSpan(inst, inst + INST.length), content: user, span: seg.sourceSpan(userStart, trimmedEnd(t, from, close)) });
    // The assistant's turn: after [/INST], to </s>, the next [INST] or the end.
    const answerFrom = close + INST_END.length;
    const eos = occ.next(EOS, answerFrom);
    const nextInst = occ.next(INST, answerFrom);
    /** Where the answer's text ends, where its turn ends (after its `</s>`), and where the next turn starts (its `<s>` or `[INST]`). */
    let answerEnd: number;
    let turnEnd: number;
    if (eos !== -1 && (nextInst === -1 || eos < nextInst)) {
      answerEnd = eos;
      turnEnd = eos + EOS.length;
      turnStart = skipSpaces(t, turnEnd);
      i = t.startsWith(BOS, turnStart) ? skipSpaces(t, turnStart + BOS.length) : turnStart;
      if (i < t.length && !t.startsWith(INST, i)) return undefined;
    } else if (nextInst !== -1) {
      // Some writers (Mistral's format after an unanswered turn, hand-written prompts) leave out
      // "</s>": the next [INST], after its "<s>", ends the answer.
      i = nextInst;
      answerEnd = trimmedEnd(t, answerFrom, nextInst);
      if (answerEnd - BOS.length >= answerFrom && t.startsWith(BOS, answerEnd - BOS.length)) answerEnd -= BOS.length;
      turnStart = answerEnd === nextInst ? nextInst : skipSpaces(t, answerEnd);
      answerEnd = trimmedEnd(t, answerFrom, answerEnd);
      turnEnd = answerEnd;
    } else {
      answerEnd = t.length;
      turnEnd = trimmedEnd(t, answerFrom, t.length);
      i = t.length;
    }
    if (occ.within(INST_END, answerFrom, answerEnd) || occ.within(SYS, answerFrom, answerEnd) || occ.within(SYS_END, answerFrom, answerEnd)) return undefined;
    const answer = seg.sliceTrimmed(answerFrom, answerEnd);
    if (answer.text) {
      out.push({ role: 'assistant', roleSpan: seg.sourceSpan(close, answerFrom), content: answer, span: seg.sourceSpan(close, turnEnd) });
    } else if (i < t.length) {
      // An unanswered turn before another one: not a transcript.
      return undefined;
    }
    if (i >= t.length) return out;
  }
}
