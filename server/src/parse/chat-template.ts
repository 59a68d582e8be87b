/**
 * Chat templates written out as one text: a JSONL record's `text` (what SFT datasets hold), a
 * prompt/completion pair's prompt, or a whole `.prompt` file. Read only when the whole text is one
 * such transcript (chatTemplateTurns), in these templates:
 *
 * - Llama 2 (Meta's `chat_completion`, Hugging Face's Llama 2 chat template; Mistral's instruct format
 *   is the same without `<<SYS>>`), e.g. `{"text": "<s>[INST] <<SYS>>\n…\n<</SYS>>\n\nQuestion … [/INST] The answer is (B) </s>"}`
 *   as guanaco-llama2 holds it:
 *
 *     <s>[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {assistant} </s><s>[INST] {user} [/INST] …
 *
 *   The text between `[INST]` and `[/INST]` is a user turn, the text after `[/INST]` up to `</s>` (or
 *   the next `[INST]`, or the end) the assistant's, and a `<<SYS>>` … `<</SYS>>` block at the start of
 *   the first user turn the system prompt (llamaChatTurns).
 * - Templates whose turns open with a header that names the role and close with a token (headerTurns):
 *   ChatML (Qwen, OpenHermes, many SFT sets), `<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n{assistant}<|im_end|>`;
 *   Llama 3, `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n{user}<|eot_id|>…`;
 *   Gemma, `<bos><start_of_turn>user\n{user}<end_of_turn>\n<start_of_turn>model\n{assistant}<end_of_turn>`;
 *   Phi-3 and Phi-3.5, `<s><|system|>\n{system}<|end|>\n<|user|>\n{user}<|end|>\n<|assistant|>\n{assistant}<|end|>`
 *   (the role's name between `<|` and `|>`; the `<s>` is optional, as in Llama 2);
 *   Phi-4, ChatML with `<|im_sep|>` after the role's name, `<|im_start|>user<|im_sep|>{user}<|im_end|>`.
 */
import type { Message, Role } from '../model/types.js';
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
 * The turns of a text that is wholly a chat transcript in one of the templates above, in order, their
 * contents trimmed (see llamaChatTurns and headerTurns for each template's spans and what is not read);
 * undefined for any other text. Which template a text is in is settled by how it starts (after white
 * space): `<s>` or `[INST]` Llama 2, `<|im_start|>` ChatML (or Phi-4), `<|begin_of_text|>` or
 * `<|start_header_id|>` Llama 3, `<bos>` or `<start_of_turn>` Gemma, `<|system|>`, `<|user|>` or `<s>` then
 * one of them Phi-3; most texts start with none of them, and cost one comparison.
 */
export function chatTemplateTurns(seg: Segment): Message[] | undefined {
  const t = seg.text;
  const i = skipSpaces(t, 0);
  const c = t.charCodeAt(i);
  if (c === 91 /* [ */) return llamaChatTurns(seg);
  if (c !== 60 /* < */) return undefined;
  if (t.startsWith(BOS, i)) {
    // Llama 2's BOS, which Phi-3's template writes too.
    const turns = llamaChatTurns(seg);
    if (turns) return turns;
  }
  // Templates that start alike (ChatML and Phi-4; any text that opens with "<|" and Phi-3) are tried in turn.
  for (const tpl of HEADER_TEMPLATES) {
    if (!t.startsWith(tpl.open, i) && !(tpl.bos && t.startsWith(tpl.bos, i))) continue;
    const turns = headerTurns(seg, tpl, i);
    if (turns) return turns;
  }
  return undefined;
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
function llamaChatTurns(seg: Segment): Message[] | undefined {
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

/**
 * A chat template whose turns each open with a header naming the role and close with a token:
 * `{open}{role}{roleEnd}{content}{close}`.
 */
interface HeaderTemplate {
  /** The token that may open the text, before the first turn (the model's BOS), when the template has one. */
  bos?: string;
  /** The token that opens a turn's header. */
  open: string;
  /** What ends the role's name: a line break, or a token. */
  roleEnd: string;
  /** The token that closes a turn. */
  close: string;
  /** The token that may close the text, after the last turn (the model's EOS). */
  eos: string;
  /** The template's role names (exactly as written) and the roles they are. */
  roles: ReadonlyMap<string, Role>;
  /** Control tokens no turn's content holds (besides `open` and `close`). */
  foreign: readonly string[];
}

const HEADER_TEMPLATES: readonly HeaderTemplate[] = [
  {
    // (ChatML has no BOS: `<|endoftext|>` is its EOS.)
    open: '<|im_start|>',
    roleEnd: '\n',
    close: '<|im_end|>',
    eos: '<|endoftext|>',
    roles: new Map<string, Role>([['system', 'system'], ['user', 'user'], ['assistant', 'assistant']]),
    foreign: ['<|endoftext|>'],
  },
  {
    bos: '<|begin_of_text|>',
    open: '<|start_header_id|>',
    roleEnd: '<|end_header_id|>',
    close: '<|eot_id|>',
    eos: '<|end_of_text|>',
    roles: new Map<string, Role>([['system', 'system'], ['user', 'user'], ['assistant', 'assistant']]),
    foreign: ['<|end_header_id|>', '<|begin_of_text|>', '<|end_of_text|>'],
  },
  {
    // Gemma has no system role (its template puts the system prompt at the start of the first user turn).
    bos: '<bos>',
    open: '<start_of_turn>',
    roleEnd: '\n',
    close: '<end_of_turn>',
    eos: '<eos>',
    roles: new Map<string, Role>([['user', 'user'], ['model', 'assistant']]),
    foreign: ['<bos>', '<eos>'],
  },
  {
    // Phi-4: ChatML's tokens, with `<|im_sep|>` after the role's name instead of a line break.
    open: '<|im_start|>',
    roleEnd: '<|im_sep|>',
    close: '<|im_end|>',
    eos: '<|endoftext|>',
    roles: new Map<string, Role>([['system', 'system'], ['user', 'user'], ['assistant', 'assistant']]),
    foreign: ['<|endoftext|>', '<|im_sep|>'],
  },
  {
    // Phi-3 and Phi-3.5: the header is one token per role, `<|user|>`, read as `<|` + name + `|>`; its
    // closing token `<|end|>` starts as a header does (see headerTurns).
    bos: '<s>',
    open: '<|',
    roleEnd: '|>',
    close: '<|end|>',
    eos: '<|endoftext|>',
    roles: new Map<string, Role>([['system', 'system'], ['user', 'user'], ['assistant', 'assistant']]),
    foreign: ['<s>', '</s>', '<|endoftext|>'],
  },
];

/** The longest role name looked for after a header's opening token (the names are shorter). */
const MAX_ROLE_NAME = 16;

/**
 * Where the role name after `from` ends: at `roleEnd`, or at the text's end (a last header left
 * unfinished, `…<|im_start|>assistant`); -1 when neither is within MAX_ROLE_NAME characters.
 */
function roleNameEnd(t: string, from: number, roleEnd: string): number {
  const last = Math.min(t.length, from + MAX_ROLE_NAME);
  for (let k = from; k < last; k++) if (t.startsWith(roleEnd, k)) return k;
  return last === t.length ? last : -1;
}

/**
 * The turns of a text that is a transcript in a header template (ChatML, Llama 3, Gemma, Phi-3, Phi-4), in order:
 * each turn's role is the name in its header (`<|im_start|>user`, `<|start_header_id|>assistant<|end_header_id|>`,
 * `<start_of_turn>model`), its content the text after the header up to its closing token (`<|im_end|>`,
 * `<|eot_id|>`, `<end_of_turn>`), trimmed. A turn's span runs from its opening token (the first turn's
 * from the BOS before it, when there is one) to its closing token's end (or its content's end, when
 * the last turn is not closed); its role span is the header up to the role name (with the token after
 * the name, when that is one). An empty system turn is left out, and so is an empty last assistant
 * turn (the generation prompt, `<|im_start|>assistant\n`, where the model's answer goes).
 *
 * Undefined unless the whole text is such a transcript: after white space and maybe the BOS, it is
 * turns with only white space between them, then maybe the EOS and white space; every turn but the
 * last is closed; every role name is one of the template's (a `tool` or `ipython` turn is not read:
 * such a text stays what it was); a system turn comes only first; user and assistant turns alternate,
 * from a user turn; no user turn and no assistant turn but the last is empty; no content holds one of the template's other control tokens; and there is a
 * user turn. So a prompt that describes the template, and a text with words before or after the
 * turns, are not read.
 */
function headerTurns(seg: Segment, tpl: HeaderTemplate, start: number): Message[] | undefined {
  const t = seg.text;
  let turnStart = start;
  let i = tpl.bos && t.startsWith(tpl.bos, start) ? skipSpaces(t, start + tpl.bos.length) : start;
  const occ = new Occurrences(t);
  const out: Message[] = [];
  let users = 0;
  /** The turns read so far, empty ones too. */
  let turns = 0;
  /** The role of the last user or assistant turn read. */
  let previous: Role | undefined;
  while (i < t.length) {
    // After the last turn, only the EOS and white space (tested first: Phi-3's EOS `<|endoftext|>` starts as its headers do).
    if (out.length && t.startsWith(tpl.eos, i) && atEnd(t, i, tpl.eos)) break;
    if (!t.startsWith(tpl.open, i)) return undefined;
    const headerStart = i;
    const nameFrom = i + tpl.open.length;
    const nameEnd = roleNameEnd(t, nameFrom, tpl.roleEnd);
    if (nameEnd === -1) return undefined;
    const role = tpl.roles.get(t.slice(nameFrom, trimmedEnd(t, nameFrom, nameEnd)));
    if (role === undefined) return undefined;
    const contentFrom = Math.min(t.length, nameEnd + tpl.roleEnd.length);
    const close = occ.next(tpl.close, contentFrom);
    const nextOpen = occ.next(tpl.open, contentFrom);
    let contentEnd: number;
    let turnEnd: number;
    // (close === nextOpen: the closing token starts with the opening one, as Phi-3's `<|end|>` with `<|`.)
    if (close !== -1 && (nextOpen === -1 || close <= nextOpen)) {
      contentEnd = close;
      turnEnd = close + tpl.close.length;
      i = skipSpaces(t, turnEnd);
    } else if (nextOpen === -1) {
      // The last turn, not closed: its content runs to the end.
      contentEnd = t.length;
      turnEnd = trimmedEnd(t, contentFrom, t.length);
      i = t.length;
    } else {
      // A turn not closed before the next one.
      return undefined;
    }
    for (const token of tpl.foreign) if (occ.within(token, contentFrom, contentEnd)) return undefined;
    const content = seg.sliceTrimmed(contentFrom, contentEnd);
    const roleSpanEnd = isWhiteSpace(tpl.roleEnd.charCodeAt(0)) ? nameEnd : contentFrom;
    const message: Message = { role, roleSpan: seg.sourceSpan(headerStart, roleSpanEnd), content, span: seg.sourceSpan(turnStart, turnEnd) };
    if (role === 'system') {
      if (turns !== 0) return undefined;
      if (content.text) out.push(message);
    } else {
      // User and assistant turns alternate, from a user turn (as Llama 2's can only be written): a text of
      // user turns one after another (a hand-written prompt with a demo in each) is not read as its turns.
      if ((role === 'user') === (previous === 'user')) return undefined;
      previous = role;
      if (content.text) {
        if (role === 'user') users++;
        out.push(message);
      } else if (role === 'user' || !atEnd(t, i, tpl.eos)) {
        // An empty user turn, or an empty assistant turn before another: not a transcript.
        return undefined;
      }
    }
    turnStart = i;
    turns++;
  }
  return users ? out : undefined;
}

/** Whether only white space, maybe after `eos`, follows `i`. */
function atEnd(t: string, i: number, eos: string): boolean {
  i = skipSpaces(t, i);
  if (t.startsWith(eos, i)) i = skipSpaces(t, i + eos.length);
  return i === t.length;
}
