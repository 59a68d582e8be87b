/**
 * The edits behind "Disable <rule> for this line" / "for file" (server/src/engine/suppress.ts):
 * the comment syntax each format's parser reads, appending to an existing directive, and
 * that the edited text really suppresses the finding.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits, lint } from '../../server/src/engine/lint.js';
import { commentSyntaxFor, disableFileEdit, disableNextLineEdit, disableSameLineEdit, parseDirective } from '../../server/src/engine/suppress.js';

function ruleLines(uri: string, text: string, ruleId: string): number[] {
  return lint({ uri, text }).diagnostics.filter((d) => d.ruleId === ruleId).map((d) => d.range.start.line);
}

const jsonl = ['{"input":"a","label":"yes"}', '{"input":"b","label":"yes"}', '{"input":"c","label":"yes"}', '{"input":"d","label":"yes"}', '{"input":"e","label":"yes"}', ''].join('\n');

describe('directive edits', () => {
  it('uses the comment syntax each format reads', () => {
    expect(commentSyntaxFor('markdown')).toBe('html');
    expect(commentSyntaxFor('text')).toBe('hash');
    expect(commentSyntaxFor('prompty')).toBe('hash');
    expect(commentSyntaxFor('yaml')).toBe('hash');
    expect(commentSyntaxFor('json')).toBe('slash');
    expect(commentSyntaxFor('jsonl')).toBe('slash');
  });

  it('disables a rule for a JSONL file with a // comment that the parser honours', () => {
    const uri = 'file:///x/set.jsonl';
    expect(ruleLines(uri, jsonl, 'label-imbalance').length).toBe(1);
    const result = lint({ uri, text: jsonl });
    const edit = disableFileEdit(result.document!, result.lines, 'label-imbalance')!;
    expect(edit.newText).toBe('// biaslens-disable-file label-imbalance\n');
    expect(ruleLines(uri, applyEdits(jsonl, [edit]).text, 'label-imbalance')).toEqual([]);
  });

  it('indents a line comment like the line it disables and keeps CRLF line ends', () => {
    const uri = 'file:///x/p.prompt.md';
    const text = 'Intro\r\n  The chairman decides.\r\n';
    const result = lint({ uri, text });
    const edit = disableNextLineEdit(result.document!, result.lines, 1, 'gendered-term')!;
    expect(edit.newText).toBe('  <!-- biaslens-disable-next-line gendered-term -->\r\n');
    expect(edit.span).toEqual({ start: 7, end: 7 });
    expect(ruleLines(uri, applyEdits(text, [edit]).text, 'gendered-term')).toEqual([]);
  });

  it('appends to an existing disable-next-line comment and keeps its reason', () => {
    const uri = 'file:///x/p.prompt';
    const text = '# biaslens-disable-next-line suggested-answer -- quoted from a user study\nThe chairman thinks the answer is (B), but what do you think?\n';
    const result = lint({ uri, text });
    const edit = disableNextLineEdit(result.document!, result.lines, 1, 'gendered-term')!;
    const edited = applyEdits(text, [edit]).text;
    expect(edited.split('\n')[0]).toBe('# biaslens-disable-next-line suggested-answer, gendered-term -- quoted from a user study');
    expect(parseDirective(edited.split('\n')[0]!)?.ruleIds).toEqual(['suggested-answer', 'gendered-term']);
    expect(ruleLines(uri, edited, 'gendered-term')).toEqual([]);
    // Already disabled: nothing to do.
    const again = lint({ uri, text: edited });
    expect(disableNextLineEdit(again.document!, again.lines, 1, 'gendered-term')).toBeNull();
  });

  it('puts a file directive inside .prompty front matter as a YAML comment', () => {
    const uri = 'file:///x/p.prompty';
    const text = '---\nname: screen\n---\nsystem:\nYou are the chairman of the hiring panel.\n';
    const result = lint({ uri, text });
    expect(ruleLines(uri, text, 'gendered-term').length).toBe(1);
    const edit = disableFileEdit(result.document!, result.lines, 'gendered-term')!;
    const edited = applyEdits(text, [edit]).text;
    expect(edited.startsWith('---\n# biaslens-disable-file gendered-term\nname: screen\n')).toBe(true);
    expect(ruleLines(uri, edited, 'gendered-term')).toEqual([]);
  });

  it('the same-line variant appends an inline HTML comment, or the id to one already there', () => {
    const uri = 'file:///x/p.prompt';
    const text = 'The chairman thinks the answer is (B), but what do you think?\nNext line\n';
    const result = lint({ uri, text });
    const edit = disableSameLineEdit(result.document!, result.lines, 0, 'gendered-term')!;
    const once = applyEdits(text, [edit]).text;
    expect(once.split('\n')[0]).toMatch(/\? <!-- biaslens-disable-line gendered-term -->$/);
    expect(ruleLines(uri, once, 'gendered-term')).toEqual([]);
    const again = lint({ uri, text: once });
    const second = disableSameLineEdit(again.document!, again.lines, 0, 'suggested-answer')!;
    const twice = applyEdits(once, [second]).text;
    expect(twice.split('\n')[0]).toMatch(/<!-- biaslens-disable-line gendered-term, suggested-answer -->$/);
    expect(ruleLines(uri, twice, 'suggested-answer')).toEqual([]);
    // Structured formats have no inline form.
    const jsonlResult = lint({ uri: 'file:///x/set.jsonl', text: jsonl });
    expect(disableSameLineEdit(jsonlResult.document!, jsonlResult.lines, 0, 'label-imbalance')).toBeNull();
  });

  it('appends before a comment end written without a space', () => {
    const uri = 'file:///x/p.prompt.md';
    const text = '<!-- biaslens-disable-next-line suggested-answer-->\nThe chairman thinks the answer is (B), but what do you think?\n';
    const result = lint({ uri, text });
    const edit = disableNextLineEdit(result.document!, result.lines, 1, 'gendered-term')!;
    const edited = applyEdits(text, [edit]).text;
    expect(edited.split('\n')[0]).toBe('<!-- biaslens-disable-next-line suggested-answer, gendered-term-->');
    expect(ruleLines(uri, edited, 'gendered-term')).toEqual([]);
  });
});
