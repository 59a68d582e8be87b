/**
 * Answer extraction from model output. Handles "The best answer is: (X)",
 * "the answer is (X)", "Answer: X", a lone "(X)", the text of an option, and
 * label words. What cannot be read is reported as unparseable, never guessed.
 */

export interface ExtractedAnswer {
  /** Chosen option index (0-based) for lettered items. */
  index?: number;
  /** Chosen label for label tasks (one of the given labels, in its given spelling). */
  label?: string;
  /** Which rule matched. */
  via: 'answer-phrase' | 'answer-field' | 'parenthesised-letter' | 'bare-letter' | 'option-text' | 'label-word';
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function letterOf(index: number): string {
  return LETTERS[index] ?? '?';
}

export function indexOfLetter(letter: string): number {
  return LETTERS.indexOf(letter.toUpperCase());
}

function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s"'“”‘’.,:;!?()[\]]+|[\s"'“”‘’.,:;!?()[\]]+$/g, '')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lastMatch(re: RegExp, text: string): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  for (let m = g.exec(text); m; m = g.exec(text)) {
    last = m;
    if (m[0].length === 0) g.lastIndex++;
  }
  return last;
}

/**
 * Read the model's chosen option (when `options` is non-empty) or label (when
 * `labels` is given). Returns undefined when the output does not say.
 */
export function extractAnswer(output: string, options: readonly string[], labels: readonly string[] = []): ExtractedAnswer | undefined {
  const text = output.replace(/\*\*|__/g, '');
  if (options.length > 0) {
    const n = options.length;
    const valid = (l: string) => {
      const i = indexOfLetter(l);
      return i >= 0 && i < n ? i : -1;
    };
    const tries: [RegExp, ExtractedAnswer['via']][] = [
      [/\b(?:best\s+)?answer\s+(?:is|would\s+be|will\s+be)\s*:?\s*(?:option\s+)?\(([A-Z])\)/i, 'answer-phrase'],
      [/\b(?:best\s+)?answer\s+(?:is|would\s+be|will\s+be)\s*:?\s*(?:option\s+)?([A-Z])\b(?![’'-]\w)/, 'answer-phrase'],
      [/\banswer\s*:\s*\(?([A-Z])\)?(?=$|[\s.,;:!)\]])/im, 'answer-field'],
    ];
    for (const [re, via] of tries) {
      const m = lastMatch(re, text);
      if (m) {
        const i = valid(m[1]!);
        if (i >= 0) return { index: i, via };
      }
    }
    const bare = /^\s*\(?([A-Z])\)?\s*[.:)]?\s*$/.exec(text);
    if (bare) {
      const i = valid(bare[1]!);
      if (i >= 0) return { index: i, via: 'bare-letter' };
    }
    const paren = [...text.matchAll(/\(([A-Z])\)/g)].map((m) => valid(m[1]!)).filter((i) => i >= 0);
    const distinct = new Set(paren);
    // A single cited option, or the last one in a final sentence that cites only it.
    if (distinct.size === 1) return { index: paren[0]!, via: 'parenthesised-letter' };
    if (paren.length > 0) {
      const lastSentence = text.trim().split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim()).pop() ?? '';
      const inLast = new Set([...lastSentence.matchAll(/\(([A-Z])\)/g)].map((m) => valid(m[1]!)).filter((i) => i >= 0));
      if (inLast.size === 1) return { index: [...inLast][0]!, via: 'parenthesised-letter' };
    }
    // Option text: the whole output, or the last line, names exactly one option (whose text no other option shares).
    const normOpts = options.map(normalise);
    const unique = (i: number) => normOpts.indexOf(normOpts[i]!) === normOpts.lastIndexOf(normOpts[i]!);
    const lines = text.trim().split(/\n+/).map(normalise).filter(Boolean);
    const candidates = [normalise(text), lines[lines.length - 1] ?? ''];
    for (const cand of candidates) {
      const exact = normOpts.findIndex((o, i) => o === cand && cand !== '' && unique(i));
      if (exact >= 0) return { index: exact, via: 'option-text' };
    }
    const lastLine = lines[lines.length - 1] ?? '';
    const named = options
      .map((o, i) => ({ i, o: normalise(o) }))
      .filter(({ o, i }) => o.length > 0 && unique(i) && new RegExp(`(^|\\W)${escapeRegExp(o)}($|\\W)`).test(lastLine));
    // Prefer the longest option text when one contains another ("cat" vs "black cat").
    named.sort((x, y) => y.o.length - x.o.length);
    if (named.length === 1 || (named.length > 1 && named.slice(1).every((x) => named[0]!.o.includes(x.o)))) {
      return { index: named[0]!.i, via: 'option-text' };
    }
    return undefined;
  }
  if (labels.length > 0) {
    const norm = labels.map((l) => normalise(l));
    const whole = normalise(text);
    const exact = norm.indexOf(whole);
    if (exact >= 0) return { label: labels[exact]!, via: 'label-word' };
    const phrase = lastMatch(/\b(?:answer|label|sentiment|classification|category)\s*(?:is|:)\s*:?\s*["'“]?([^\n"”.,;]+)/i, text);
    if (phrase) {
      const k = norm.indexOf(normalise(phrase[1]!));
      if (k >= 0) return { label: labels[k]!, via: 'answer-phrase' };
    }
    // The last label word in the output.
    let best: { k: number; at: number } | undefined;
    const lower = text.toLowerCase();
    norm.forEach((l, k) => {
      if (!l) return;
      const m = lastMatch(new RegExp(`(^|\\W)${escapeRegExp(l)}(?=$|\\W)`, 'i'), lower);
      if (m && (!best || m.index > best.at)) best = { k, at: m.index };
    });
    if (best) return { label: labels[best.k]!, via: 'label-word' };
  }
  return undefined;
}

/** The explanation part of an output: everything before the final answer statement. */
export function explanationOf(output: string): string {
  const m = lastMatch(/(?:the\s+)?(?:best\s+)?answer\s+(?:is|would\s+be)\s*:?/i, output);
  return (m ? output.slice(0, m.index) : output).trim();
}
