/**
 * The CLI lowers the priority of its background threads, not of its main thread
 * (server/src/cli/threads.ts). Checked in real CLI processes: a preloaded module reads every
 * thread's niceness from /proc when the process exits.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_NICENESS, lowerBackgroundThreadPriority } from '../../server/src/cli/threads.js';
import { cliPath, ensureBuilt } from './helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-threads-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes `{"main": n, "others": [n, ...]}` (the niceness of each thread) to stderr at exit. */
const probe = path.join(tmp, 'probe.cjs');
fs.writeFileSync(
  probe,
  `const fs = require('fs');
process.on('exit', () => {
  const nice = (t) => Number(fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
  const others = fs.readdirSync('/proc/self/task').filter((t) => Number(t) !== process.pid).map(nice);
  process.stderr.write('\\nNICENESS ' + JSON.stringify({ main: nice(process.pid), others }) + '\\n');
});
`,
);

function niceness(env: Record<string, string>): { main: number; others: number[] } {
  const r = spawnSync(process.execPath, ['-r', probe, cliPath, 'rules', '--format', 'json'], {
    env: { ...process.env, XDG_CACHE_HOME: tmp, ...env },
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  const line = r.stderr.split('\n').find((l) => l.startsWith('NICENESS '));
  expect(line, r.stderr).toBeDefined();
  return JSON.parse(line!.slice('NICENESS '.length));
}

describe('background thread priority', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it.runIf(process.platform === 'linux')('the CLI gives its background threads the lowest priority and keeps its main thread as it was', () => {
    const { main, others } = niceness({});
    const start = os.getPriority();
    expect(main).toBe(start);
    // Node's own threads (V8's pool, the task scheduler) exist before the CLI starts.
    expect(others.length).toBeGreaterThanOrEqual(2);
    expect(others.filter((n) => n === BACKGROUND_NICENESS).length).toBeGreaterThanOrEqual(2);
  });

  it.runIf(process.platform === 'linux')('BIASLENS_BACKGROUND_PRIORITY=normal leaves every thread as it was', () => {
    const { main, others } = niceness({ BIASLENS_BACKGROUND_PRIORITY: 'normal' });
    expect(main).toBe(os.getPriority());
    expect(others.every((n) => n === os.getPriority())).toBe(true);
  });

  it.runIf(process.platform === 'linux')('changes nothing when /proc numbers processes in another PID namespace', () => {
    // A /proc whose "self" is another process id, listing this process's real threads: with the
    // guard broken, they (this test's own background threads) would get niceness 19.
    const fake = path.join(tmp, 'proc');
    const threads = fs.readdirSync('/proc/self/task').filter((t) => Number(t) !== process.pid);
    expect(threads.length).toBeGreaterThan(0);
    fs.mkdirSync(path.join(fake, 'self', 'task'), { recursive: true });
    fs.writeFileSync(path.join(fake, 'self', 'stat'), `${process.pid + 1} (node) S 1 1 1 0 -1`);
    for (const t of threads) fs.mkdirSync(path.join(fake, 'self', 'task', t));
    const niceOf = (t: string) => Number(fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const before = threads.map(niceOf);
    expect(lowerBackgroundThreadPriority({}, 'linux', fake)).toBe(0);
    expect(threads.map(niceOf)).toEqual(before);
  });

  it('changes nothing off Linux, or when turned off', () => {
    expect(lowerBackgroundThreadPriority({}, 'darwin')).toBe(0);
    expect(lowerBackgroundThreadPriority({}, 'win32')).toBe(0);
    expect(lowerBackgroundThreadPriority({ BIASLENS_BACKGROUND_PRIORITY: 'normal' }, 'linux')).toBe(0);
  });
});
