/**
 * Requests that carry the API key are sent with message tracing at "messages" at most.
 *
 * At `biaslens.trace.server: verbose`, vscode-jsonrpc writes every request's parameters to
 * the Bias Lens output channel (which VS Code also keeps in a log file), and the server's
 * side of the connection reports what it received the same way. An audit request carries
 * the key from SecretStorage, and the key must never reach a log. So while such a request
 * is in flight the trace level is lowered to "messages" (method names and timings only) on
 * both sides, and set back to the setting as it is when the request ends.
 */
import { Trace } from 'vscode-jsonrpc';

export interface TraceableClient {
  setTrace(value: Trace): Promise<void>;
}

export async function withoutVerboseTrace<T>(client: TraceableClient, traceSetting: () => string | undefined, send: () => Promise<T>): Promise<T> {
  if (Trace.fromString(traceSetting() ?? 'off') !== Trace.Verbose) return send();
  await client.setTrace(Trace.Messages);
  try {
    return await send();
  } finally {
    await client.setTrace(Trace.fromString(traceSetting() ?? 'off'));
  }
}
