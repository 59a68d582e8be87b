/**
 * Which few-shot block an audit is for. A CodeLens is computed for one version of the
 * document, and the audit it starts runs later (after the plan and the user's go-ahead):
 * an index alone would name whichever block is at that position by then. So the lens (and
 * the plan) name the block by version, index and a hash of its text, and `locateBlock`
 * finds that block in the text the audit reads, or says why it cannot.
 */
import { createHash } from 'node:crypto';
import type { ExemplarSet, PromptDocument } from '../model/types.js';
import type { AuditBlockRef } from './protocol.js';

/** A hash of the block's text (its span in `text`): equal for the same text wherever it is. */
export function blockHash(text: string, set: ExemplarSet): string {
  return createHash('sha256').update(text.slice(set.span.start, set.span.end)).digest('base64url');
}

export function blockRef(doc: PromptDocument, version: number, index: number, from: AuditBlockRef['from']): AuditBlockRef {
  return { version, index, hash: blockHash(doc.text, doc.exemplarSets[index]!), from };
}

/**
 * The index, in `doc` (the text of `version`), of the block `ref` names: the one at `ref.index`
 * while the document is still the ref's version (and that block still has the ref's text); after
 * an edit, the only block with the ref's text. Otherwise a message for the user.
 */
export function locateBlock(doc: PromptDocument, version: number, ref: AuditBlockRef): { index: number } | { refused: string } {
  const sets = doc.exemplarSets;
  const atIndex = sets[ref.index];
  if (ref.version === version && atIndex && blockHash(doc.text, atIndex) === ref.hash) return { index: ref.index };
  const found: number[] = [];
  sets.forEach((set, index) => {
    if (set.exemplars.length > 0 && blockHash(doc.text, set) === ref.hash) found.push(index);
  });
  if (found.length === 1) return { index: found[0]! };
  const since = ref.from === 'lens' ? 'since this lens was shown' : 'since the audit was planned';
  const what = found.length === 0 ? 'is no longer there as it was' : `now appears ${found.length} times`;
  const again = ref.from === 'lens' ? 'run the audit again from the updated lens' : 'run the audit again';
  return { refused: `The document changed ${since}, and the few-shot block it was for ${what}: ${again}.` };
}
