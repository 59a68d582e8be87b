// Builds the three bundles (extension, language server, CLI) and the config JSON Schema.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { asciiOnly } from './ascii-only.mjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bundleOptions, root } from './bundle-options.mjs';
import { lazyZod } from './lazy-zod.mjs';
import { lazyModules } from './lazy-modules.mjs';
import { buildChunks, chunkPlugin, CLI_CHUNKS } from './cli-chunks.mjs';

const dist = path.join(root, 'dist');
/** What dist/cli-main.js is wrapped in (see PREWRAPPED in server/src/cli/codeCache.ts). */
const CLI_MAIN_WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});\n'];
mkdirSync(dist, { recursive: true });
const common = bundleOptions;

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // The CLI: a small loader (the bin) and the bundle it loads with V8's code cache (see server/src/cli.ts).
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // Its start-up is dominated by loading the bundle: zod and openai are chunks of their own,
  // loaded on first use (cli-chunks.mjs), and zod is only set up when first used (lazy-zod.mjs).
  // Only here: the language server's bundle, compiled from source once per session, gained
  // nothing from such plugins (with lazy-zod and CommonJS openai it measured ~14 ms more
  // main-thread CPU to start).
  build({ ...common, plugins: [...common.plugins, lazyZod, lazyModules(['yaml', 'jsonc-parser']), chunkPlugin], entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', write: false }).then(({ outputFiles }) => {
    // Pure ASCII: the loader then reads it without UTF-8 decoding, into a one-byte string (see ascii-only.mjs).
    // Written already wrapped in Node's module wrapper, on its first line (so no line moves in the source
    // map): the loader then compiles the file's text as it is, not a concatenation V8 would first copy
    // (PREWRAPPED in server/src/cli/codeCache.ts, which must start the file exactly so).
    for (const f of outputFiles) writeFileSync(f.path, f.path.endsWith('.js') ? `${CLI_MAIN_WRAPPER[0]}${asciiOnly(f.text, f.path)}${CLI_MAIN_WRAPPER[1]}` : f.contents);
  }),
  buildChunks(dist, CLI_MAIN_WRAPPER),
]);

// JSON Schema for .biaslens.json, from the zod schemas.
const tmp = path.join(dist, '.schema-gen.cjs');
await build({ ...common, sourcemap: false, entryPoints: ['server/src/config/jsonSchema.ts'], outfile: tmp });
const require = createRequire(import.meta.url);
const { configJsonSchema } = require(tmp);
writeFileSync(path.join(dist, 'biaslens.schema.json'), JSON.stringify(configJsonSchema(), null, 2) + '\n');
rmSync(tmp);
// --- people lexicon snapshot (scripts/build-lexicon.mjs) ---
const { buildLexicon } = await import('./build-lexicon.mjs');
await buildLexicon();
// --- end people lexicon snapshot ---
console.log(`built dist/extension.js, dist/server.js, dist/cli.js, dist/cli-main.js, ${Object.values(CLI_CHUNKS).map((f) => `dist/${f}`).join(', ')}, dist/biaslens.schema.json, dist/people-lexicon.txt`);
