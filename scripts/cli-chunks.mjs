// The CLI's chunks: packages that only some CLI runs use, bundled apart from dist/cli-main.js
// and loaded on first use (see server/src/cli/chunks.ts).
//
// `chunkPlugin` goes into the CLI bundle's build: an import of such a package (by name, or
// by a path into its folder) becomes `requireChunk('<its file>')`. It must come after
// lazy-zod.mjs's plugin: that one turns our imports of 'zod' into a forwarding module, which
// requires zod by its path on first use, and that require is the one to become the chunk's.
// (Taking the name first would load the chunk when the bundle loads.)
// `buildChunks` writes the chunk files themselves: each package as `require(name)` gets it
// (its CommonJS build), which is the shape the CLI bundle's code expects (lazy-zod reads its
// `z`; the audit imports openai's default export), bundled and written like dist/cli-main.js.
import path from 'node:path';
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { bundleOptions, root } from './bundle-options.mjs';
import { asciiOnly } from './ascii-only.mjs';

/** Package name -> chunk file in dist/. */
export const CLI_CHUNKS = { zod: 'cli-zod.js', openai: 'cli-openai.js' };

const LOADER = path.join(root, 'server', 'src', 'cli', 'chunks.ts');

export const chunkPlugin = {
  name: 'cli-chunks',
  setup(b) {
    const names = Object.keys(CLI_CHUNKS);
    const byName = new RegExp(`^(${names.join('|')})$`);
    const byPath = new RegExp(`[\\\\/]node_modules[\\\\/](${names.join('|')})[\\\\/]`);
    b.onResolve({ filter: /.*/ }, (args) => {
      // The package's own files (only reached when a chunk itself is built) are left alone, and so
      // is another plugin's own look-up (lazy-zod asks where zod's real files are).
      if (args.pluginData !== undefined || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      const name = args.path.match(byName)?.[1] ?? (path.isAbsolute(args.path) ? args.path.match(byPath)?.[1] : undefined);
      return name ? { path: name, namespace: 'cli-chunk' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'cli-chunk' }, (args) => ({
      resolveDir: root,
      loader: 'js',
      contents: `module.exports = require(${JSON.stringify(LOADER)}).requireChunk(${JSON.stringify(CLI_CHUNKS[args.path])});`,
    }));
  },
};

/** Writes dist/<chunk> for every package in CLI_CHUNKS, wrapped as `wrapper` says (see scripts/build.mjs). */
export async function buildChunks(dist, wrapper) {
  await Promise.all(
    Object.entries(CLI_CHUNKS).map(async ([name, file]) => {
      const { outputFiles } = await build({
        ...bundleOptions,
        stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: 'js', sourcefile: `${name}-chunk.js` },
        outfile: path.join(dist, file),
        write: false,
      });
      for (const f of outputFiles) writeFileSync(f.path, f.path.endsWith('.js') ? `${wrapper[0]}${asciiOnly(f.text, f.path)}${wrapper[1]}` : f.contents);
    }),
  );
}
