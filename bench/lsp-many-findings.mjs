// A file with very many findings in the real language server: how long from opening it to its
// diagnostics, and how long the server keeps a hover on another (small) document waiting
// meanwhile (hovers are asked for one after another, 20 ms apart, until the diagnostics come).
// The text is one line repeated, with four gendered terms in it (121,000 findings per 2 MB).
// Usage: node bench/lsp-many-findings.mjs [megabytes=2]    (build first: npm run build)
import { startLspServer } from '../test/lsp/lspClient.mjs';

const mb = Number(process.argv[2] ?? 2);
const line = 'The chairman asked the salesman and the policeman about mankind. \n';
const text = line.repeat(Math.ceil((mb * 1e6) / line.length));
const s = await startLspServer({});
const small = 'file:///bench/small.prompt';
await s.open(small, 'The chairman spoke.\n', 'prompt', 1);
await s.diagnostics(small, { timeoutMs: 60_000 });
const uri = 'file:///bench/many.prompt';
const t0 = performance.now();
await s.open(uri, text, 'prompt', 1);
let done = false;
let slowest = 0;
let hovers = 0;
const published = s.diagnostics(uri, { timeoutMs: 600_000 }).then((p) => {
  done = true;
  return p;
});
while (!done) {
  const h = performance.now();
  await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 6 } });
  slowest = Math.max(slowest, performance.now() - h);
  hovers++;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const p = await published;
const openToDiagnosticsMs = Math.round(performance.now() - t0);
console.log(JSON.stringify({ mb, published: p.diagnostics.length, notice: p.diagnostics[0]?.data, openToDiagnosticsMs, hovers, slowestHoverMs: Math.round(slowest) }));
await s.shutdown();
