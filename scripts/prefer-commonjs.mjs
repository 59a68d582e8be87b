// esbuild plugin: bundle these packages' CommonJS builds (what `require(name)` gets)
// instead of their ESM builds.
//
// esbuild hoists the function declarations of every ESM module to the top of the
// bundle, where they are all created when the bundle loads (and fill the CLI's V8 code
// cache), even when the module itself is only initialised later, e.g. by the `audit`
// command. A CommonJS module stays one function until it is required. For a package
// that only some commands use, its CommonJS build is therefore cheaper for the others.
// openai (the audit command's client): tiny-file lint main-thread CPU ~2-4 ms less,
// code cache 542 -> 524 KB. (zod gets the same, and more, from lazy-zod.mjs.)
export function preferCommonJs(packages) {
  const filter = new RegExp(`^(${packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  const again = Symbol('prefer-commonjs');
  return {
    name: 'prefer-commonjs',
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData === again || args.kind === 'require-call') return undefined;
        const resolved = await build.resolve(args.path, { kind: 'require-call', importer: args.importer, resolveDir: args.resolveDir, pluginData: again });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, external: resolved.external, sideEffects: resolved.sideEffects };
      });
    },
  };
}
