/**
 * Entry point of `dist/cli.js` (the `biaslens` bin): a small loader. The CLI itself
 * is the bundle `dist/cli-main.js` (from ./cli/main.ts), loaded with V8's code cache
 * (see ./cli/codeCache.ts) so that a run does not spend most of its start-up
 * compiling JavaScript. This file runs from the bundle only.
 */
import * as path from 'node:path';
import { codeCacheDir, requireWithCodeCache } from './cli/codeCache.js';
import type * as CliMain from './cli/main.js';

// A closed pipe (e.g. `biaslens lint | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`biaslens: cannot write output: ${err.message}\n`);
  process.exit(2);
});

const argv = process.argv.slice(2);
// One cache per command: each holds the functions its command compiled while running.
const slot = /^(lint|rules|schema|audit)$/.test(argv[0] ?? '') ? argv[0]! : 'other';
const { main } = requireWithCodeCache(path.join(__dirname, 'cli-main.js'), { cacheDir: codeCacheDir(process.env), slot }) as typeof CliMain;

main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`biaslens: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
