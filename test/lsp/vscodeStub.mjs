// A recording stand-in for the `vscode` module, enough to load dist/extension.js in
// plain Node and call activate(): it records registered commands and nothing more.
// Used by the commands test and by the activation benchmark (which says so).
import Module from 'node:module';

/** @param {{ enable?: boolean }} [options] */
export function createVscodeStub(options = {}) {
  const registered = [];
  const disposable = { dispose() {} };
  const event = () => disposable;
  const configuration = {
    get: (/** @type {string} */ key, /** @type {unknown} */ fallback) => (key === 'enable' ? (options.enable ?? false) : fallback),
  };
  const output = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    trace() {},
    appendLine() {},
    append() {},
    show() {},
    dispose() {},
  };
  const vscode = {
    commands: {
      registerCommand: (/** @type {string} */ id) => {
        registered.push(id);
        return disposable;
      },
      executeCommand: async () => undefined,
    },
    window: {
      createOutputChannel: () => output,
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      withProgress: async (/** @type {any} */ _o, /** @type {any} */ task) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: event }),
    },
    languages: {
      createLanguageStatusItem: () => ({ dispose() {} }),
    },
    workspace: {
      isTrusted: true,
      getConfiguration: () => configuration,
      onDidChangeConfiguration: event,
      onDidGrantWorkspaceTrust: event,
      createFileSystemWatcher: () => ({ dispose() {}, onDidChange: event, onDidCreate: event, onDidDelete: event }),
    },
    LanguageStatusSeverity: { Information: 0, Warning: 1, Error: 2 },
    ProgressLocation: { Notification: 15 },
    ViewColumn: { One: 1, Beside: -2 },
    Uri: { file: (/** @type {string} */ p) => ({ fsPath: p, toString: () => `file://${p}` }), joinPath: () => ({}), parse: () => ({}) },
    Position: class {},
    Range: class {},
  };
  // Anything else the bundle touches at load time resolves to a harmless empty object.
  const fallback = new Map();
  const proxy = new Proxy(vscode, {
    get: (target, prop) => {
      if (prop in target) return target[prop];
      if (!fallback.has(prop)) fallback.set(prop, class {});
      return fallback.get(prop);
    },
  });
  return { vscode: proxy, registered };
}

/** Loads a CommonJS bundle with `require('vscode')` answered by the stub. */
export function loadWithStub(bundlePath, stub) {
  const require = Module.createRequire(bundlePath);
  const originalLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode') return stub.vscode;
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[require.resolve(bundlePath)];
    return require(bundlePath);
  } finally {
    Module._load = originalLoad;
  }
}
