/**
 * The audit request carries the API key from SecretStorage; at `biaslens.trace.server:
 * verbose` vscode-jsonrpc would write its parameters to the output channel and its log file.
 * client/src/trace.ts lowers the trace to "messages" while such a request is in flight.
 */
import { describe, expect, it } from 'vitest';
import { Trace } from 'vscode-jsonrpc';
import { withoutVerboseTrace } from '../../client/src/trace.js';

function fakeClient() {
  const events: string[] = [];
  return { events, client: { setTrace: async (t: Trace) => void events.push(`trace ${Trace.toString(t)}`) } };
}

describe('withoutVerboseTrace', () => {
  it('lowers a verbose trace to messages for the request, and sets it back after', async () => {
    const { events, client } = fakeClient();
    const result = await withoutVerboseTrace(client, () => 'verbose', async () => {
      events.push('send');
      return 42;
    });
    expect(result).toBe(42);
    expect(events).toEqual(['trace messages', 'send', 'trace verbose']);
  });

  it('sets the trace back when the request fails, to the setting as it is then', async () => {
    const { events, client } = fakeClient();
    let setting = 'verbose';
    const failing = withoutVerboseTrace(client, () => setting, async () => {
      events.push('send');
      setting = 'off';
      throw new Error('endpoint down');
    });
    await expect(failing).rejects.toThrow('endpoint down');
    expect(events).toEqual(['trace messages', 'send', 'trace off']);
  });

  it('leaves other trace levels alone', async () => {
    for (const setting of ['off', 'messages', undefined]) {
      const { events, client } = fakeClient();
      await withoutVerboseTrace(client, () => setting, async () => void events.push('send'));
      expect(events).toEqual(['send']);
    }
  });
});
