/**
 * Every command the extension contributes has a handler: load the built client
 * bundle (dist/extension.js) with a recording `vscode` stand-in, activate it, and
 * compare the registered command ids with package.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Commands } from '../../server/src/lsp/protocol.js';
import { createVscodeStub, loadWithStub } from './vscodeStub.mjs';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributed: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);

describe('commands', () => {
  it('every contributed command is registered by activate()', () => {
    const stub = createVscodeStub({ enable: false });
    const extension = loadWithStub(path.join(root, 'dist', 'extension.js'), stub);
    const api = extension.activate({ subscriptions: [], asAbsolutePath: (p: string) => path.join(root, p), secrets: {}, extensionUri: {} });
    expect(typeof api.activationMs).toBe('number');
    expect([...stub.registered].sort()).toEqual([...contributed].sort());
    expect(new Set(stub.registered).size).toBe(stub.registered.length);
  });

  it('the shared protocol names exactly the contributed commands, all in the "Bias Lens" category', () => {
    expect(Object.values(Commands).sort()).toEqual([...contributed].sort());
    for (const c of pkg.contributes.commands) expect(c.category).toBe('Bias Lens');
  });

  it('audit commands are disabled in Restricted Mode and endpoint settings are restricted', () => {
    const audit = pkg.contributes.commands.find((c: { command: string }) => c.command === Commands.runAudit);
    expect(audit.enablement).toBe('isWorkspaceTrusted');
    const trust = pkg.capabilities.untrustedWorkspaces;
    expect(trust.supported).toBe('limited');
    const auditSettings = Object.keys(pkg.contributes.configuration.properties).filter((k) => k.startsWith('biaslens.audit.'));
    expect(auditSettings.length).toBeGreaterThan(0);
    expect([...trust.restrictedConfigurations].sort()).toEqual(auditSettings.sort());
    expect(Object.keys(pkg.contributes.configuration.properties).some((k) => /key|token|secret/i.test(k))).toBe(false);
  });
});
