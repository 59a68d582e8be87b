/**
 * Latency tracing of the didChange -> diagnostics path, for performance work only.
 * With BIASLENS_LSP_TRACE=<file>, the server records when each step of a document's
 * validation happened (epoch ms, so a client can line them up with its own clock),
 * the process CPU and GC time from the change to the publish, and appends one JSON
 * line per change to the file when it exits. Off (and free) otherwise.
 */
import { appendFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const file = process.env.BIASLENS_LSP_TRACE;
const tracing = !!file;

let gcMs = 0;
let gcCount = 0;
const rows: Record<string, number>[] = [];
let current: Record<string, number> | undefined;

const now = () => performance.timeOrigin + performance.now();
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

if (tracing) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcCount++;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => appendFileSync(file!, rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
}

/** Starts a row: a document changed. */
export function traceStart(): void {
  if (!tracing) return;
  current = { change: now(), cpu0: cpuMs(), gc0: gcMs, gcN0: gcCount };
  rows.push(current);
}

/**
 * Marks a step of the current row; `published` also records the CPU and GC since the change.
 * (A run on the lint worker delivers its findings, and is published, before it is `linted`:
 * that mark is when its document arrived.)
 */
export function traceMark(step: 'validate' | 'config' | 'findings' | 'linted' | 'publish' | 'published'): void {
  if (!tracing || !current) return;
  current[step] = now();
  if (step === 'published') {
    current.cpu = cpuMs() - current.cpu0!;
    current.gc = gcMs - current.gc0!;
    current.gcN = gcCount - current.gcN0!;
  }
}
