// esbuild plugin: the named packages are loaded on first use, not when the bundle loads.
//
// A bundle runs the top level of every module it imports when it loads. `yaml` and
// `jsonc-parser` parse config files, YAML and JSON example sets, `.prompty` front matter and
// JSONL lines, but a CLI run that lints a `.prompt` file with no config file never uses
// them; their set-up (yaml's schema tags and classes, jsonc-parser's cached strings) was
// about 3.5 ms of a tiny-file lint's start-up in a CPU profile (see docs/benchmarks.md).
//
// In our sources, such a package resolves to a module that forwards each of its exports to
// the real package, which is required the first time any of them is used: a plain function
// through a function; a class, a namespace object or a function with properties (used with
// `new`, `instanceof`, `Cls.CONSTANT`) through a Proxy. The export names and kinds are
// read from the real package at build time. Types are unaffected.
import { createRequire } from 'node:module';

const REAL = Symbol('real module');
const require = createRequire(new URL('../package.json', import.meta.url));

/** Whether `v` is a function that is only ever called: not a class, and with no properties of its own beyond a function's. */
function plainFunction(v) {
  if (typeof v !== 'function' || /^class\b/.test(Function.prototype.toString.call(v))) return false;
  return Object.getOwnPropertyNames(v).every((k) => k === 'length' || k === 'name' || k === 'prototype' || k === 'arguments' || k === 'caller');
}

export function lazyModules(names) {
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|')})(/.*)?$`);
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter }, (args) => {
        // The package's own files and other packages get the real one, as does the forwarding module's require.
        if (args.pluginData === REAL || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
        return { path: args.path, namespace: 'lazy-modules', pluginData: { resolveDir: args.resolveDir } };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-modules' }, async (args) => {
        const real = await build.resolve(args.path, { kind: 'require-call', resolveDir: args.pluginData.resolveDir, pluginData: REAL });
        if (real.errors.length > 0) return { errors: real.errors };
        // The names from the package as Node loads it (jsonc-parser's ESM build, which the bundle
        // uses, cannot be loaded by Node itself; its CommonJS build has the same exports).
        const mod = require(args.path.match(filter)[1]);
        const exportsOf = Object.keys(mod).filter((k) => k !== 'default' && k !== '__esModule' && /^[A-Za-z_$][\w$]*$/.test(k));
        const lines = exportsOf.map((k) =>
          plainFunction(mod[k])
            ? `export function ${k}(...args) { return real().${k}.apply(this, args); }`
            : `export const ${k} = forward(${JSON.stringify(k)}, ${typeof mod[k] === 'function'});`,
        );
        return {
          resolveDir: args.pluginData.resolveDir,
          contents: `
            let mod;
            const real = () => (mod ??= require(${JSON.stringify(real.path)}));
            const forward = (name, callable) => new Proxy(callable ? function () {} : {}, {
              get: (_target, key) => Reflect.get(real()[name], key),
              has: (_target, key) => key in real()[name],
              apply: (_target, self, args) => Reflect.apply(real()[name], self, args),
              construct: (_target, args) => Reflect.construct(real()[name], args),
              getPrototypeOf: () => Reflect.getPrototypeOf(real()[name]),
            });
            ${lines.join('\n')}
          `,
        };
      });
    },
  };
}
