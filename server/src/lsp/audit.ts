/**
 * The audit request. The counterfactual audit engine (issue 4) is not wired into
 * the language server yet, so this says so plainly instead of pretending.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AuditParams, AuditResult } from './protocol.js';

export const AUDIT_UNAVAILABLE_MESSAGE =
  'The counterfactual audit is not available in this version of Bias Lens yet. Static lint findings are shown in the Problems panel.';

export async function runAudit(
  _connection: Connection,
  params: AuditParams,
  doc: TextDocument | undefined,
  _token: CancellationToken,
): Promise<AuditResult> {
  if (!doc) return { status: 'refused', message: `Open ${params.uri} in the editor to audit it.` };
  return { status: 'unavailable', message: AUDIT_UNAVAILABLE_MESSAGE };
}
