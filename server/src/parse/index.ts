/**
 * Parsing entry point: pick the format from the file name (or content), then
 * hand off to the format's parser. Parsers never throw on bad input; problems
 * become `PromptDocument.problems` with positions.
 */
import type { DocumentFormat, PromptDocument } from '../model/types.js';
import { parseTextDocument } from './text.js';
import { parsePromptyDocument } from './prompty.js';
import { parseJsonlDocument } from './jsonl.js';
import { parseStructuredDocument } from './structured.js';

export function detectFormat(uri: string, text = ''): DocumentFormat {
  const name = uri.toLowerCase().replace(/[?#].*$/, '');
  if (name.endsWith('.prompty')) return 'prompty';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name.endsWith('.json') || name.endsWith('.jsonc')) return 'json';
  if (name.endsWith('.md') || name.endsWith('.markdown')) return 'markdown';
  if (name.endsWith('.prompt') || name.endsWith('.txt')) return 'text';
  // Unknown extension: sniff.
  const head = text.trimStart();
  if (head.startsWith('{') && /^\{.*\}\s*\n\s*\{/s.test(head.slice(0, 4096))) return 'jsonl';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  return 'text';
}

export function parseDocument(uri: string, text: string, format: DocumentFormat = detectFormat(uri, text)): PromptDocument {
  switch (format) {
    case 'prompty':
      return parsePromptyDocument(uri, text);
    case 'jsonl':
      return parseJsonlDocument(uri, text);
    case 'yaml':
    case 'json':
      return parseStructuredDocument(uri, text, format);
    case 'text':
    case 'markdown':
      return parseTextDocument(uri, text, format);
  }
}
