/**
 * After the lint worker crashes, its job fails and the next job runs on a new worker. The
 * crashed worker's 'exit' event comes after its 'error', when the next job may already be
 * running: it used to fail that healthy job as well, and drop the new worker without ending it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/src/config/schema.js';
import { LintWorkerPool } from '../../server/src/lsp/lintWorker.js';
import { ensureBuilt } from '../support/build.js';

const script = path.join(__dirname, 'fixtures', 'crash-once-worker.cjs');
let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-crash-'));
  process.env.CRASH_ONCE_MARK = path.join(dir, 'crashed');
}, 180_000);
afterAll(() => {
  delete process.env.CRASH_ONCE_MARK;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('LintWorkerPool after a worker crash', () => {
  it('fails the crashed job only; the jobs after it are linted on a new worker', async () => {
    const pool = new LintWorkerPool(script);
    try {
      const text = 'Ask the chairman what he thinks.\n';
      const outcome = (uri: string) =>
        pool.lint({ uri, text }, defaultConfig(), () => false, 1).then(
          (r) => `ok ${r?.diagnostics.map((d) => d.ruleId).join(',')}`,
          (e: Error) => `rejected: ${e.message.split('\n')[0]}`,
        );
      const results = await Promise.all([outcome('file:///a.md'), outcome('file:///b.md'), outcome('file:///c.md')]);
      expect(results[0]).toBe('rejected: simulated worker crash');
      expect(results.slice(1)).toEqual(['ok gendered-term', 'ok gendered-term']);
    } finally {
      pool.dispose();
    }
  }, 60_000);
});
