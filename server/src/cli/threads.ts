/**
 * The CLI's background threads yield to its main thread (Linux only).
 *
 * A CLI run lints on the main thread, mostly in code V8 has not optimised yet, while V8's
 * pool of background threads (four by default, however many cores there are) compiles
 * optimised code and helps the garbage collector. On a machine with two cores, a common CI
 * runner, those threads take the main thread's core for much of the run. Node's
 * `--v8-pool-size` would make the pool smaller, but it is a start-up option, which an npm
 * bin (`#!/usr/bin/env node`) cannot pass portably (see docs/benchmarks.md). What a running
 * process can do is lower its other threads' scheduling priority: on Linux `setpriority`
 * given a thread id changes that thread alone, so the main thread keeps its priority and the
 * background work runs when a core is free. Measured on a 2-core machine, CLI on the 1 MiB
 * bench text: see docs/benchmarks.md.
 *
 * Threads started later (libuv's pool, for asynchronous file and DNS work) are made by the
 * main thread and keep its priority. `BIASLENS_BACKGROUND_PRIORITY=normal` turns this off.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/** The niceness the background threads get: the lowest priority. */
export const BACKGROUND_NICENESS = 19;

/**
 * Lowers the priority of every thread of this process but the main one (`proc`: where procfs
 * is mounted; tests give another folder). Returns how many
 * threads it changed (0 off Linux, when turned off, or when /proc cannot be read or is not
 * this process's own).
 */
export function lowerBackgroundThreadPriority(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, proc = '/proc'): number {
  if (platform !== 'linux' || env.BIASLENS_BACKGROUND_PRIORITY === 'normal') return 0;
  let tasks: string[];
  try {
    // Thread ids from a /proc of another PID namespace (a host's /proc mounted in a container)
    // would name other threads here: then nothing is changed. The first field of
    // /proc/self/stat is this process's id as that /proc numbers it.
    if (Number(fs.readFileSync(`${proc}/self/stat`, 'latin1').split(' ', 1)[0]) !== process.pid) return 0;
    tasks = fs.readdirSync(`${proc}/self/task`);
  } catch {
    return 0;
  }
  let changed = 0;
  for (const task of tasks) {
    const tid = Number(task);
    // The main thread's id is the process id.
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      os.setPriority(tid, BACKGROUND_NICENESS);
      changed++;
    } catch {
      // The thread ended meanwhile, or the system does not allow it: leave it as it is.
    }
  }
  return changed;
}
