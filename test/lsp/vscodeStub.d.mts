// Types for vscodeStub.mjs.
export function createVscodeStub(options?: { enable?: boolean }): { vscode: unknown; registered: string[] };
export function loadWithStub(bundlePath: string, stub: { vscode: unknown }): any;
