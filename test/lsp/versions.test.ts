/**
 * Requests about a document are answered for the version they were made for. A request
 * sent, then an edit before its answer is ready: the answer is for the request's version
 * or empty, never built from the newer version's findings (whose positions are in other text).
 *
 * The race is reliable: a fresh server's first lint waits for the client's answer to
 * workspace/configuration, and the edit reaches the server before that answer does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useLspWorkspace } from './workspace.js';

const root = path.resolve(__dirname, '..', '..');
const biasedText = readFileSync(path.join(root, 'test', 'e2e', 'fixtures', 'workspace', 'biased-few-shot.prompt'), 'utf8');

/** Two findings of gendered-term, "chairman" on line 0 and "salesman" on line 1. */
const V1 = 'The chairman spoke.\nThe salesman left.\n';
/** V1 a line down: line 1 is now the "chairman" line (and line 2 the "salesman" one). */
const V2 = 'Hello there.\n' + V1;
const SALESMAN = { start: { line: 1, character: 4 }, end: { line: 1, character: 12 } };

const { start, fileUri } = useLspWorkspace('lsp-versions');

describe('a request followed at once by an edit', () => {
  it('hover: about the version asked for, or nothing; never the newer text under the old position', async () => {
    const s = await start();
    const uri = fileUri('hover-race.prompt');
    await s.open(uri, V1);
    const pending = s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: SALESMAN.start });
    await s.change(uri, 2, V2);
    const hover = await pending;
    if (hover !== null) expect(hover.contents.value).toContain('salesman');
    expect(JSON.stringify(hover)).not.toContain('chairman');

    // Once the request is about the current version, it is answered from it.
    await s.diagnostics(uri, { version: 2 });
    const now = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: SALESMAN.start });
    expect(now.contents.value).toContain('chairman');
  });

  it('code actions: for the finding at the range asked about, with edits for that version, or none', async () => {
    const s = await start();
    const uri = fileUri('action-race.prompt');
    await s.open(uri, V1);
    const pending = s.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: SALESMAN, context: { diagnostics: [] } });
    await s.change(uri, 2, V2);
    const actions = await pending;
    for (const a of actions) {
      expect(a.title).not.toMatch(/chair/);
      if (a.edit) expect(a.edit.documentChanges[0].textDocument.version).toBe(1);
    }

    await s.diagnostics(uri, { version: 2 });
    const now = await s.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: SALESMAN, context: { diagnostics: [] } });
    expect(now[0].title).toMatch(/chair/);
    expect(now[0].edit.documentChanges[0].textDocument.version).toBe(2);
  });

  it('"Fix all" resolved after an edit: no edit (it was offered for the older version)', async () => {
    const s = await start();
    const uri = fileUri('resolve-stale.prompt');
    await s.open(uri, V1);
    await s.diagnostics(uri, { version: 1 });
    const actions = await s.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: SALESMAN, context: { diagnostics: [] } });
    const fixAll = actions.find((a) => a.title === 'Fix all gendered-term in file');
    expect(fixAll.data.version).toBe(1);
    await s.change(uri, 2, V2);
    expect((await s.conn.sendRequest<any>('codeAction/resolve', fixAll)).edit).toBeUndefined();
    // Offered for the current version, it has its edit.
    await s.diagnostics(uri, { version: 2 });
    const offered = await s.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: SALESMAN, context: { diagnostics: [] } });
    const resolved = await s.conn.sendRequest<any>('codeAction/resolve', offered.find((a) => a.title === 'Fix all gendered-term in file'));
    expect(resolved.edit.documentChanges[0].textDocument.version).toBe(2);
  });

  it("CodeLens: on the block's line in the version asked for, or none", async () => {
    const s = await start();
    const uri = fileUri('lens-race.prompt');
    const blockLine = biasedText.split('\n').findIndex((l) => l.startsWith('Q: '));
    await s.open(uri, biasedText);
    const pending = s.conn.sendRequest<any[]>('textDocument/codeLens', { textDocument: { uri } });
    await s.change(uri, 2, 'Note.\n\n' + biasedText);
    const lenses = await pending;
    for (const l of lenses) expect(l.range.start.line).toBe(blockLine);

    await s.diagnostics(uri, { version: 2 });
    const now = await s.conn.sendRequest<any[]>('textDocument/codeLens', { textDocument: { uri } });
    expect(now.length).toBe(2);
    for (const l of now) expect(l.range.start.line).toBe(blockLine + 2);
  });

  it('closed and opened again at the same version with other text: no answer built from the new text', async () => {
    // A document opened again starts at a version it had before (1 here), so the version alone
    // does not say which text a request was about.
    for (const pull of [false, true]) {
      const s = await start({ pull });
      const uri = fileUri(`reopen-race-${pull ? 'pull' : 'push'}.prompt`);
      await s.open(uri, V1);
      const hover = s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: SALESMAN.start });
      const actions = s.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: SALESMAN, context: { diagnostics: [] } });
      const pulled = pull ? s.pull(uri).then((r: any) => r, (e: any) => ({ error: e.code, data: e.data })) : undefined;
      await s.close(uri);
      await s.open(uri, V2, 'prompt', 1);
      const h = await hover;
      if (h !== null) expect(h.contents.value).toContain('salesman');
      expect(JSON.stringify(h)).not.toContain('chairman');
      for (const a of await actions) expect(a.title).not.toMatch(/chair/);
      if (pulled) {
        // Diagnostics of the new text for the request about the old one: it is asked to pull again instead.
        const p = await pulled;
        if (p.items) expect(p.items.map((d: any) => d.range.start.line)).toEqual([0, 1]);
        else expect(p).toEqual({ error: -32802, data: { retriggerRequest: true } });
        const again = await s.pull(uri);
        expect(again.items.map((d: any) => d.range.start.line)).toEqual([1, 2]);
      }
      // Asked about the text now open, it is answered from it.
      if (!pull) await s.diagnostics(uri, { version: 1, since: 1 });
      const now = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: SALESMAN.start });
      expect(now.contents.value).toContain('chairman');
    }
  });
});
