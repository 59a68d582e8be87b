// esbuild options shared by the build and the benchmarks, so both bundle the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zodEnglishOnly } from './zod-english-only.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  minifySyntax: true,
  // jsonc-parser's UMD build requires its own files at runtime, which a bundle cannot; use its ESM build.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  plugins: [zodEnglishOnly],
};
