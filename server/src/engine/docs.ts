/**
 * Documentation links. Each rule has `docs/rules/<id>.md` in the package; the
 * link is a file URI to that page in the installed package, so it works offline
 * in VS Code, in the terminal, and in SARIF viewers on the same machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let root: string | undefined;

/** The folder holding Bias Lens's package.json (works from dist/ bundles and from sources). */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'biaslens') return (root = dir);
      } catch {
        // keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (root = path.resolve(__dirname, '..'));
}

export function docsPath(ruleId: string): string {
  return path.join(packageRoot(), 'docs', 'rules', `${ruleId}.md`);
}

const urls = new Map<string, string>();

/** The docs page of a rule as a file URL (one per rule and process: every diagnostic carries it). */
export function docsUrl(ruleId: string): string {
  let url = urls.get(ruleId);
  if (url === undefined) urls.set(ruleId, (url = pathToFileURL(docsPath(ruleId)).href));
  return url;
}

/** The docs page of a rule as Markdown (for reports that carry rule help, such as SARIF), or undefined when it cannot be read. */
export function docsMarkdown(ruleId: string): string | undefined {
  try {
    return fs.readFileSync(docsPath(ruleId), 'utf8');
  } catch {
    return undefined;
  }
}
