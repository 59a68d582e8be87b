// esbuild plugin: zod is initialised on first use, not when the bundle loads.
//
// Our modules import `{ z } from 'zod'` at the top, but build their schemas only when
// something validates (rule options behind `lazily`, the config schemas behind
// `lazySchema`): a lint with the default config never touches zod. Yet a bundle runs
// the top level of every module it imports when it loads, and zod's (some 90 schema
// classes and its locales) cost a CLI run several milliseconds of start-up. So in our
// sources, 'zod' resolves to a small module whose `z` forwards to the real zod, loaded
// by the first property read (`z.object`, `z.toJSONSchema`, ...).
//
// The real zod is its CommonJS build (what `require('zod')` gets), bundled once. That
// matters as much as the laziness: esbuild hoists the function declarations of an ESM
// module to the top of the bundle, where all of them (over 500 for zod) are created
// when the bundle loads and fill the CLI's code cache, used or not; a CommonJS module
// stays one function until it is required. Measured on a tiny-file lint (main-thread
// CPU): lazy ESM zod saves ~6 ms, the CommonJS build ~6 ms more (code cache 756 -> 555 KB).
//
// Only `z` is forwarded: importing another name from 'zod' fails the build rather
// than misbehaving. Types are unaffected.
export const lazyZod = {
  name: 'lazy-zod',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, (args) => {
      // zod's own files, other packages, and the forwarding module's own require get the real zod.
      if (args.pluginData === REAL || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      return { path: 'zod', namespace: 'lazy-zod', pluginData: { resolveDir: args.resolveDir } };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-zod' }, async (args) => {
      const real = await build.resolve('zod', { kind: 'require-call', resolveDir: args.pluginData.resolveDir, pluginData: REAL });
      if (real.errors.length > 0) return { errors: real.errors };
      return {
        resolveDir: args.pluginData.resolveDir,
        contents: `
          let zod;
          const real = () => (zod ??= require(${JSON.stringify(real.path)}).z);
          export const z = new Proxy({}, {
            get: (_target, key) => real()[key],
            has: (_target, key) => key in real(),
          });
        `,
      };
    });
  },
};

const REAL = Symbol('real zod');
