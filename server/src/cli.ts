/**
 * Entry point of `dist/cli.js` (the `biaslens` bin): a small loader. The CLI itself
 * is the bundle `dist/cli-main.js` (from ./cli/main.ts), loaded with V8's code cache
 * (see ./cli/codeCache.ts) so that a run does not spend most of its start-up
 * compiling JavaScript. This file runs from the bundle only.
 */
import * as path from 'node:path';
import { codeCacheDir, requireWithCodeCache } from './cli/codeCache.js';
import { lowerBackgroundThreadPriority } from './cli/threads.js';
import type * as CliMain from './cli/main.js';

// A closed pipe (e.g. `biaslens lint | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`biaslens: cannot write output: ${err.message}\n`);
  process.exit(2);
});

// First, before the bundle loads: V8's background threads then yield to the main thread for the whole run.
lowerBackgroundThreadPriority(process.env);

const argv = process.argv.slice(2);
// One cache per command: each holds the functions its command compiled while running.
const slot = /^(lint|rules|schema|audit)$/.test(argv[0] ?? '') ? argv[0]! : 'other';
const { main } = requireWithCodeCache(path.join(__dirname, 'cli-main.js'), { cacheDir: codeCacheDir(process.env), slot }) as typeof CliMain;

main(argv).then(
  (code) => exitOnceWritten(code),
  (err: unknown) => {
    process.stderr.write(`biaslens: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    exitOnceWritten(2);
  },
);

/**
 * Ends the process as soon as the command has finished and its output is written.
 * Left to end by itself, Node first waits for every queued background task, which at
 * the end of a run are mostly V8's optimising compiles of functions that became hot
 * late (of no use any more), runs their finishing steps, and then tears the heap down:
 * measured 2-12 ms between the last output and the exit event on a 1 MiB lint.
 * process.exit skips that (its exit listeners, such as the code-cache writer, still
 * run). Output still queued on an asynchronous stream (pipes and terminals are
 * synchronous on Linux, not everywhere) must not be cut off: then the process ends by
 * itself, as before. The other commands' work is synchronous and done when their promise
 * settles; an audit that stops early (a time limit, Ctrl-C) may still have model calls and
 * cache writes in flight, which it leaves to finish as before.
 */
function exitOnceWritten(code: number): void {
  process.exitCode = code;
  if (slot === 'audit') return;
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
}
