// The rule, engine and CLI tests again, with every document the engine can cut linted in parts of one
// character's worth (BIASLENS_PART_SIZE=1: each exemplar, record or item a part of its own; see
// docs/design/part-wise-lint.md). A rule that works part by part must give the same findings either way; the
// tests then check it against everything they assert. (Not test/engine/parts.test.ts, which tests what the
// engine does without a part size.) Run by `npm test`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const vitest = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'vitest', 'vitest.mjs');
const args = [vitest, 'run', 'test/rules', 'test/engine', 'test/cli', '--exclude', 'test/engine/parts.test.ts'];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, BIASLENS_PART_SIZE: '1' } });
process.exit(r.status ?? 1);
