// Writes dist/people-lexicon.txt: the people lexicon built from server/data/*.csv,
// which the bundles next to it restore at start-up instead of parsing and indexing
// the CSV files (see peopleIndex in server/src/lexicon/lexicon.ts).
// Run by scripts/build.mjs after the bundles; also runnable on its own.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bundleOptions, root } from './bundle-options.mjs';

export async function buildLexicon() {
  const dist = path.join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  // The generator is bundled into dist so it finds server/data the way the bundles do.
  const tmp = path.join(dist, '.lexicon-gen.cjs');
  await build({
    ...bundleOptions,
    sourcemap: false,
    stdin: { contents: "export { peopleSnapshotText, PEOPLE_SNAPSHOT_FILE } from './server/src/lexicon/lexicon.ts';", resolveDir: root, loader: 'ts' },
    outfile: tmp,
  });
  try {
    const { peopleSnapshotText, PEOPLE_SNAPSHOT_FILE } = createRequire(import.meta.url)(tmp);
    // Built from the CSV files (never from an older snapshot).
    writeFileSync(path.join(dist, PEOPLE_SNAPSHOT_FILE), peopleSnapshotText());
    return path.join('dist', PEOPLE_SNAPSHOT_FILE);
  } finally {
    rmSync(tmp, { force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(root, 'scripts', 'build-lexicon.mjs')) {
  console.log(`built ${await buildLexicon()}`);
}
