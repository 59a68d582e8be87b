/** The package version and home page, read from Bias Lens's own package.json. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../engine/docs.js';

let cached: { version: string; homepage?: string } | undefined;

function manifest(): { version: string; homepage?: string } {
  if (!cached) {
    try {
      const pj = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8'));
      cached = { version: String(pj.version ?? '0.0.0'), homepage: typeof pj.homepage === 'string' ? pj.homepage : undefined };
    } catch {
      cached = { version: '0.0.0' };
    }
  }
  return cached;
}

export function toolVersion(): string {
  return manifest().version;
}

/** The package home page, or the installed README when package.json names none (works offline). */
export function informationUri(): string {
  return manifest().homepage ?? pathToFileURL(path.join(packageRoot(), 'README.md')).href;
}
