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

/** A ref to block `index` of `doc` (the text of `version`); a lens's ref also counts the document's blocks (`AuditBlockRef.blocks`). */
export function blockRef(doc: PromptDocument, version: number, index: number, from: AuditBlockRef['from'], withBlockCount = false): AuditBlockRef {
  const ref: AuditBlockRef = { version, index, hash: blockHash(doc.text, doc.exemplarSets[index]!), from };
  if (withBlockCount) ref.blocks = doc.exemplarSets.length;
  return ref;
}

/**
 * The index, in `doc` (the text of `version`), of the block `ref` names: the one at `ref.index`
 * while the document is still the ref's version (and that block still has the ref's text); after
 * an edit, the only block with the ref's text. Failing that, for a lens's ref (`ref.blocks`), the
 * block at `ref.index` when the document still has as many blocks: the edit was inside blocks,
 * such as a quick fix in the block itself, made before the editor asked for the lenses again
 * (`edited` when that block's text changed; the plan says so, and nothing is sent before the user
 * confirms it). Otherwise a message for the user.
 */
export function locateBlock(doc: PromptDocument, version: number, ref: AuditBlockRef): { index: number; edited?: boolean } | { refused: string } {
  const sets = doc.exemplarSets;
  const atIndex = sets[ref.index];
  if (ref.version === version && atIndex && blockHash(doc.text, atIndex) === ref.hash) return { index: ref.index };
  const found: number[] = [];
  sets.forEach((set, index) => {
    if (set.exemplars.length > 0 && blockHash(doc.text, set) === ref.hash) found.push(index);
  });
  if (found.length === 1) return { index: found[0]! };
  if (ref.blocks === sets.length && atIndex && atIndex.exemplars.length > 0) {
    if (found.length === 0) return { index: ref.index, edited: true };
    if (found.includes(ref.index)) return { index: ref.index };
  }
  const since = ref.from === 'lens' ? 'since this lens was shown' : 'since the audit was planned';
  const what = found.length === 0 ? 'is no longer there as it was' : `now appears ${found.length} times`;
  const again = ref.from === 'lens' ? 'run the audit again from the updated lens' : 'run the audit again';
  return { refused: `The document changed ${since}, and the few-shot block it was for ${what}: ${again}.` };
}
