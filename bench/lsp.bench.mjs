#!/usr/bin/env node
// Language-server latency benchmark (run after `npm run build`; `npm run package` for the VSIX size).
//
// Prints JSON lines:
//   {"bench":"lsp-didchange","size":"10KiB","mode":"push",...,"p50Ms","p95Ms"}  didChange -> publishDiagnostics
//   {"bench":"lsp-didchange","size":"10KiB","mode":"pull",...}                  didChange + textDocument/diagnostic
//   ... the same for 1 MiB
//   {"bench":"activation", ...}   activate() of dist/extension.js (see `method`)
//   {"bench":"vsix-size", ...}
// Targets (issue 3): p95 <= 5 ms for 10 KiB, <= 60 ms for 1 MiB; activation <= 100 ms.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startLspServer } from '../test/lsp/lspClient.mjs';
import { createVscodeStub, loadWithStub } from '../test/lsp/vscodeStub.mjs';
import { rng } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EDITS = Number(process.env.BIASLENS_BENCH_EDITS ?? 200);

const SUBJECTS = ['metals', 'planets', 'organs', 'gases', 'rivers', 'mountains', 'elements', 'animals', 'plants', 'minerals'];
const WORDS = ['light', 'water', 'carbon', 'energy', 'heat', 'force', 'field', 'wave', 'cell', 'orbit', 'mass', 'charge'];

/** A seeded few-shot prompt of about `bytes` bytes: BBH-style demos with rationales. */
export function fewShotCorpus(bytes, seed = 1) {
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const parts = ['You are a careful tutor. Answer each multiple-choice question.\nThink step by step, then finish with "So the answer is (X)."\n\n'];
  let size = parts[0].length;
  let n = 0;
  while (size < bytes) {
    n++;
    const letters = ['A', 'B', 'C', 'D'];
    const gold = letters[Math.floor(rand() * 4)];
    const options = letters.map((l) => `(${l}) ${pick(WORDS)} ${pick(WORDS)} ${n}`).join('\n');
    const rationale = Array.from({ length: 3 }, () => `The ${pick(WORDS)} of ${pick(SUBJECTS)} depends on ${pick(WORDS)}.`).join(' ');
    const demo = `Q: Question ${n}: which of these ${pick(SUBJECTS)} has the most ${pick(WORDS)}?\nAnswer choices:\n${options}\nA: ${rationale} So the answer is (${gold}).\n\n`;
    parts.push(demo);
    size += demo.length;
  }
  parts.push('Q: {{question}}\nAnswer choices:\n{{choices}}\nA:\n');
  return parts.join('');
}

/**
 * CPU ms the server process has used so far (Linux /proc; undefined elsewhere): in all
 * threads, and in its main thread. Wall latency on a shared machine mostly measures the
 * other load; CPU per edit is the steadier A/B figure.
 */
function serverCpuMs(pid) {
  const ticks = (file) => {
    const fields = readFileSync(file, 'utf8').replace(/^.*\) /s, '').split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
  };
  try {
    return { all: ticks(`/proc/${pid}/stat`) * 10, main: ticks(`/proc/${pid}/task/${pid}/stat`) * 10 };
  } catch {
    return undefined;
  }
}

function percentile(sorted, p) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  return {
    n: samples.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted[sorted.length - 1]),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

/** 200 one-character edits, each timed from didChange to its diagnostics. */
async function didChangeLatency(label, text, mode) {
  const server = await startLspServer({ pull: mode === 'pull' });
  const uri = pathToFileURL(path.join(root, 'bench', 'out', `lsp-${label}.prompt`)).href;
  try {
    await server.open(uri, text, 'prompt', 1);
    if (mode === 'pull') await server.pull(uri);
    else await server.diagnostics(uri, { version: 1, timeoutMs: 60_000 });
    // Edit a character in the middle of the last demo's question: insert a letter, then delete it.
    const lines = text.split('\n');
    const line = lines.length - 12;
    const character = Math.min(10, lines[line].length);
    const samples = [];
    let findings = 0;
    const cpuBefore = serverCpuMs(server.child.pid);
    for (let i = 0; i < EDITS; i++) {
      const version = i + 2;
      const insert = i % 2 === 0;
      const range = insert
        ? { start: { line, character }, end: { line, character } }
        : { start: { line, character }, end: { line, character: character + 1 } };
      const started = performance.now();
      if (mode === 'pull') {
        await server.edit(uri, version, range, insert ? 'x' : '');
        const report = await server.pull(uri);
        samples.push(performance.now() - started);
        findings = report.items.length;
      } else {
        const since = server.pushCount(uri);
        await server.edit(uri, version, range, insert ? 'x' : '');
        const published = await server.diagnostics(uri, { version, since, timeoutMs: 60_000 });
        samples.push(published.receivedAt - started);
        findings = published.diagnostics.length;
      }
    }
    const cpuAfter = serverCpuMs(server.child.pid);
    const cpu = cpuBefore && cpuAfter
      ? { serverCpuMsPerEdit: Math.round(((cpuAfter.all - cpuBefore.all) / EDITS) * 10) / 10, mainThreadCpuMsPerEdit: Math.round(((cpuAfter.main - cpuBefore.main) / EDITS) * 10) / 10 }
      : {};
    return { bench: 'lsp-didchange', size: label, bytes: Buffer.byteLength(text), mode, edits: EDITS, findings, ...summary(samples), ...cpu };
  } finally {
    await server.shutdown();
  }
}

function activationInNode() {
  const runs = [];
  for (let i = 0; i < 20; i++) {
    const stub = createVscodeStub({ enable: false });
    const started = performance.now();
    const extension = loadWithStub(path.join(root, 'dist', 'extension.js'), stub);
    const loaded = performance.now();
    const context = { subscriptions: [], asAbsolutePath: (p) => path.join(root, p), secrets: {}, extensionUri: {} };
    let api;
    try {
      api = extension.activate(context);
    } catch (error) {
      return { bench: 'activation', method: 'node-stub', error: String(error) };
    }
    runs.push({ load: loaded - started, activate: api.activationMs });
    for (const d of context.subscriptions) d?.dispose?.();
  }
  const first = runs[0];
  const warm = runs.slice(1);
  const round = (x) => Math.round(x * 100) / 100;
  return {
    bench: 'activation',
    method: 'node-stub',
    note: 'dist/extension.js loaded and activate() called in plain Node with a stand-in vscode module (biaslens.enable off, so no LanguageClient is built); the in-editor figure is method vscode',
    coldLoadMs: round(first.load),
    coldActivateMs: round(first.activate),
    warmActivateMsMedian: round(warm.map((r) => r.activate).sort((a, b) => a - b)[Math.floor(warm.length / 2)]),
  };
}

function activationInVsCode() {
  const file = path.join(root, 'test', 'e2e', 'artifacts', 'e2e-result.json');
  if (!existsSync(file)) return { bench: 'activation', method: 'vscode', note: 'no E2E result yet: run `npm run test:e2e`' };
  const result = JSON.parse(readFileSync(file, 'utf8'));
  return {
    bench: 'activation',
    method: 'vscode',
    note: 'activate() time the extension logged inside code-server (VS Code 1.100) during the last E2E run',
    activateMs: result.activationMs ?? null,
    measuredAt: statSync(file).mtime.toISOString(),
  };
}

function vsixSize() {
  const file = path.join(root, 'biaslens.vsix');
  if (!existsSync(file)) return { bench: 'vsix-size', note: 'biaslens.vsix not found: run `npm run package`' };
  const bytes = statSync(file).size;
  return { bench: 'vsix-size', bytes, kib: Math.round(bytes / 1024) };
}

async function main() {
  if (!existsSync(path.join(root, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first.');
  const small = fewShotCorpus(10 * 1024, 1);
  const large = fewShotCorpus(1024 * 1024, 2);
  // BIASLENS_BENCH_ONLY=1MiB (or 10KiB, or 1MiB:push) runs only the matching latency lines.
  const only = process.env.BIASLENS_BENCH_ONLY;
  for (const [label, text] of [
    ['10KiB', small],
    ['1MiB', large],
  ]) {
    for (const mode of ['push', 'pull']) {
      if (only && !`${label}:${mode}`.startsWith(only)) continue;
      console.log(JSON.stringify(await didChangeLatency(label, text, mode)));
    }
  }
  if (only) return;
  console.log(JSON.stringify(activationInNode()));
  console.log(JSON.stringify(activationInVsCode()));
  console.log(JSON.stringify(vsixSize()));
}

// Run when executed (not when imported for fewShotCorpus).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  });
}
