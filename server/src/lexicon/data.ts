/**
 * Reference data loading. Files live in `server/data/` (see its PROVENANCE.md)
 * and are read lazily, once, relative to the package root, so this works from
 * the dist bundles and from sources alike.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../engine/docs.js';
import { parseCsv } from './csv.js';

const cache = new Map<string, Record<string, string>[]>();

export function dataPath(file: string): string {
  return path.join(packageRoot(), 'server', 'data', file);
}

/** Rows of a data CSV, parsed once. Throws with the file name if it is missing or malformed. */
export function readDataCsv(file: string): Record<string, string>[] {
  let rows = cache.get(file);
  if (!rows) {
    const p = dataPath(file);
    try {
      rows = parseCsv(fs.readFileSync(p, 'utf8'));
    } catch (e) {
      throw new Error(`Bias Lens reference data ${p}: ${(e as Error).message}`);
    }
    cache.set(file, rows);
  }
  return rows;
}

/** A lazily computed value. */
export function lazy<T>(make: () => T): () => T {
  let v: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      v = make();
      done = true;
    }
    return v as T;
  };
}
