/**
 * `biaslens audit FILE`: what `biaslens --help` and `biaslens help audit` show.
 * The command itself (server/src/cli/auditRun.ts) is imported when it runs: the
 * audit engine and the OpenAI SDK are most of the CLI bundle, and the other
 * commands must not pay for loading them (the bundler keeps a dynamic import
 * lazy: that code is not initialised until the import runs).
 */
import type { CliContext, Command } from './context.js';

export const AUDIT_HELP = `Usage: biaslens audit FILE [options]

Asks a model counterfactual questions built from FILE's few-shot demos (or from
--items) and measures whether it follows the biases the lint rules point at.

Endpoint:
  --base-url URL          OpenAI-compatible endpoint, e.g. http://localhost:11434/v1
  --model M               Model name
  --api-key-env NAME      Read the API key from this environment variable
                          (default OPENAI_API_KEY; local servers need none)
  --timeout MS            Per-request timeout (default 60000)

What to run:
  --items F               Test items, JSONL: {"question", "options", "answer", "vars"},
                          or any record layout lint reads (MMLU "choices" + index
                          "answer", ARC "answerKey", "input"/"label", ...)
                          (default: the file's own demos, leave-one-out)
  --checks a,b            option-permutation, always-a, suggested-answer,
                          demographic-swap, content-free-prior (default: all enabled)
  --permutation-mode M    full (every rotation) or cheap (calibrate, then one call each)
  --judge                 Also ask the model whether explanations mention the bias
  --early-stop            Stop a check once its result is decisive
  --seed N                Seed for sampling choices and the request seed (default 0)
  --max-items N           Ask at most N items (a seeded sample)

Budget and speed:
  --concurrency N         Parallel requests (default 4)
  --max-calls N           Hard limit on calls sent; partial results are kept
  --max-tokens N          Hard limit on tokens used
  --dry-run               Print the plan (calls, token estimate) and send nothing

Output:
  --format text|json      Report format (default text)
  --cache-dir D           Response cache (default ~/.cache/biaslens/audit)
  --no-cache              Do not read or write the cache
  --config F              Use this config file (its "audit" section) instead of discovery
  --no-color              No colour

Settings also come from the "audit" section of .biaslens.json/.yaml; flags win.
API keys never go in settings files.

Exit codes: 0 nothing flagged, 1 a check is flagged, 2 usage, config, I/O or
endpoint error (also when another check is flagged), 130 cancelled (a partial
report is still printed).`;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Measure with counterfactual queries whether a model follows the biases in a prompt',
  help: AUDIT_HELP,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const { runAuditCommand } = await import('./auditRun.js');
    return runAuditCommand(args, ctx);
  },
};
