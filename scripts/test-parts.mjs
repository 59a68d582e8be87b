// The rule tests again, with every document the engine can cut linted in parts of one character's worth
// (BIASLENS_PART_SIZE=1: each exemplar, record or item a part of its own; see docs/design/part-wise-lint.md).
// A rule that works part by part must give the same findings either way; the rule tests then check it
// against everything they assert. Run by `npm test`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const vitest = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', 'test/rules'], { stdio: 'inherit', env: { ...process.env, BIASLENS_PART_SIZE: '1' } });
process.exit(r.status ?? 1);
