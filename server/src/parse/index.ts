/**
 * Parsing entry point: pick the format from the file name (or content), then
 * hand off to the format's parser. Parsers never throw on bad input; problems
 * become `PromptDocument.problems` with positions.
 */
import type { DocumentFormat, DocumentParts, PromptDocument } from '../model/types.js';
import { parseTextDocument, textDocumentParts } from './text.js';
import { moveLineStartsOffer } from '../model/lines.js';
import { parsePromptyDocument } from './prompty.js';
import { parseJsonlDocument } from './jsonl.js';
import { parseStructuredDocument } from './structured.js';
import { isCsvName, isPromptfooCsvHeader, parsePromptfooCsvDocument } from './promptfoo-csv.js';

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
  // (A lone \r is a line break too: JSON Lines records may be separated by one.)
  if (head.startsWith('{') && /^\{.*\}\s*[\n\r]\s*\{/s.test(head.slice(0, 4096))) return 'jsonl';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  return 'text';
}

/**
 * A lone carriage return (one not followed by a line feed: classic Mac OS line endings, or
 * a mixed file) is a line break, as in LSP, VS Code, YAML and JSON Lines, and LineIndex
 * counts it so. The parsers and rules find lines by line feeds: they are given the text
 * with each lone \r made a \n. The replacement keeps every offset (one character for
 * one), so spans into it are spans into the file; `PromptDocument.text` is the file's own
 * text, so that fixes copy (and --fix keeps) its line breaks. A text without \r, or with
 * \r only before \n (CRLF), is given as it is: one search for a \r and no copy.
 */
export function parseDocument(uri: string, text: string, format: DocumentFormat = detectFormat(uri, text)): PromptDocument {
  const parsed = withLoneCarriageReturnsAsLineFeeds(text);
  if (parsed === text) return parseFormat(uri, text, format);
  const doc = parseFormat(uri, parsed, format);
  doc.text = text;
  moveLineStartsOffer(parsed, text);
  return doc;
}

/**
 * The document in parts of about `partSize` characters (see DocumentParts), when its parser can give it so:
 * a large text or markdown prompt of labelled demos (textDocumentParts), or that prompt's whole document when
 * it has no place to cut. Undefined for any other: parse it whole (parseDocument). A text with a lone
 * carriage return is parsed whole too.
 */
export function parseDocumentParts(uri: string, text: string, partSize: number, format: DocumentFormat = detectFormat(uri, text)): DocumentParts | PromptDocument | undefined {
  if (format !== 'text' && format !== 'markdown') return undefined;
  if ((format === 'text' && isCsvName(uri) && isPromptfooCsvHeader(text)) || withLoneCarriageReturnsAsLineFeeds(text) !== text) return undefined;
  return textDocumentParts(uri, text, format, partSize);
}

/** `text` with every \r not followed by \n replaced by \n (`text` itself when there is none). */
export function withLoneCarriageReturnsAsLineFeeds(text: string): string {
  let cr = text.indexOf('\r');
  while (cr !== -1 && text.charCodeAt(cr + 1) === 10) cr = text.indexOf('\r', cr + 2);
  return cr === -1 ? text : text.replace(LONE_CR, '\n');
}

const LONE_CR = /\r(?!\n)/g;

function parseFormat(uri: string, text: string, format: DocumentFormat): PromptDocument {
  switch (format) {
    case 'prompty':
      return parsePromptyDocument(uri, text);
    case 'jsonl':
      return parseJsonlDocument(uri, text);
    case 'yaml':
    case 'json':
      return parseStructuredDocument(uri, text, format);
    case 'text':
      // A promptfoo CSV test file (a `.csv` whose header has an `__expected` column): its rows are tests.
      if (isCsvName(uri) && isPromptfooCsvHeader(text)) return parsePromptfooCsvDocument(uri, text);
      return parseTextDocument(uri, text, format);
    case 'markdown':
      return parseTextDocument(uri, text, format);
  }
}
