// Entry point of the Bias Lens language server (dist/server.js): `node dist/server.js --stdio` or `--node-ipc`.
// The same bundle runs as the lint worker thread for large documents.
import { isMainThread } from 'node:worker_threads';
import { startServer } from './lsp/server.js';
import { runLintWorker } from './lsp/lintWorker.js';

if (isMainThread) startServer({ workerScript: __filename });
else runLintWorker();
