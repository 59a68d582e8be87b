/**
 * .prompty files: YAML front matter (model, inputs, sample) followed by a body
 * split into role sections by lines like `system:`, `user:`, `assistant:`.
 * Text before the first role line is the system prompt.
 */
import type { Message, PromptDocument, Role } from '../model/types.js';
import { Segment } from '../model/segment.js';
import { splitFrontMatter } from './frontmatter.js';
import { analyseMessages } from './messages.js';
import { findVariables } from './variables.js';
import { findHtmlComments, findLineDirectiveComments } from './comments.js';

const ROLE_LINE = /^[ \t]*(system|user|assistant|developer|tool)[ \t]*:[ \t]*$/gim;

export function parsePromptyDocument(uri: string, text: string): PromptDocument {
  const fm = splitFrontMatter(text);
  const body = Segment.fromSource(text, fm.bodyStart, text.length);
  const marks: { role: Role; start: number; end: number }[] = [];
  ROLE_LINE.lastIndex = 0;
  for (let m = ROLE_LINE.exec(body.text); m; m = ROLE_LINE.exec(body.text)) {
    marks.push({ role: m[1]!.toLowerCase() as Role, start: m.index, end: m.index + m[0].length });
  }
  const messages: Message[] = [];
  const firstStart = marks.length ? marks[0]!.start : body.length;
  const preamble = body.sliceTrimmed(0, firstStart);
  if (preamble.text) messages.push({ role: 'system', content: preamble, span: preamble.sourceSpan() });
  marks.forEach((mk, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.start : body.length;
    const content = body.sliceTrimmed(mk.end, end);
    const lead = mk.start + (body.text.slice(mk.start, mk.end).length - body.text.slice(mk.start, mk.end).trimStart().length);
    const roleEnd = lead + body.text.slice(lead, mk.end).trimEnd().length;
    const contentEnd = content.text ? content.sourceSpan().end : body.sourceOffset(roleEnd);
    messages.push({
      role: mk.role,
      roleSpan: body.sourceSpan(lead, roleEnd),
      content,
      span: { start: body.sourceOffset(lead), end: contentEnd },
    });
  });
  const { exemplarSets, testInputs } = analyseMessages(messages);
  const comments = [
    ...fm.comments,
    ...findHtmlComments(body.text, body.base),
    ...findLineDirectiveComments(body.text, body.base),
  ].sort((a, b) => a.span.start - b.span.start);
  return {
    uri,
    format: 'prompty',
    text,
    messages,
    variables: findVariables(body),
    exemplarSets,
    testInputs,
    prose: messages.map((m) => m.content).filter((c) => c.text.length > 0),
    comments,
    frontMatter: fm.frontMatter,
    problems: fm.problems,
  };
}
