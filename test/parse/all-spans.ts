import { Segment } from '../../server/src/model/segment';
import type { PromptDocument, Span } from '../../server/src/model/types';

/** Every span and Segment in a document. */
export function allSpans(doc: PromptDocument): Span[] {
  const out: Span[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Segment) {
      out.push(v.sourceSpan());
      for (let i = 0; i < v.length; i++) out.push(v.sourceSpan(i, i + 1));
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') out.push(o as unknown as Span);
    for (const [k, child] of Object.entries(o)) if (k !== 'text' || typeof child !== 'string') walk(child);
  };
  walk({ ...doc, text: undefined });
  return out;
}
