// Entry point of the Bias Lens language server (dist/server.js): `node dist/server.js --stdio` or `--node-ipc`.
import { startServer } from './lsp/server.js';

startServer();
