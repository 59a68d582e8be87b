// esbuild plugin: zod's messages in English only, in every bundle that has zod.
//
// zod exports every locale it has (`z.locales`, 49 of them): they were half of the CLI's zod
// chunk (462 of 925 KB) and 340 KB of the language server's 2.3 MB bundle, read and set up at
// every start that loads zod. Bias Lens shows zod's messages in English, zod's default (set up
// from its English locale module, which stays), and never picks another, so `z.locales`
// holds `en` alone. test/cli/chunks.test.ts checks the CLI's chunk.
import path from 'node:path';

export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /[\\/]locales[\\/]index\.c?js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), args.path), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      resolveDir: path.dirname(args.path),
      loader: 'js',
      // The same module format as the build it replaces: zod's ESM (index.js) or CommonJS (index.cjs) one.
      contents: args.path.endsWith('.cjs')
        ? `Object.defineProperty(exports, 'en', { enumerable: true, get: () => require('./en.cjs').default });`
        : `export { default as en } from './en.js';`,
    }));
  },
};
