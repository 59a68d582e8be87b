/**
 * An OpenAI-compatible HTTP server on 127.0.0.1 that behaves like a biased
 * model with known parameters, for audit tests and benchmarks.
 *
 * It decides only from the request content: it parses the last question and
 * its lettered options ("(A) x", "A) x", "A. x": the product parser's OPTION_LINE)
 * (or its text and the label set) out of the messages,
 * "knows" answers it can compute (arithmetic like "What is 12 + 30?", or
 * sentiment from clear polarity words), and otherwise guesses with a position
 * preference or a label prior. Biases apply with configured probabilities,
 * decided by a seeded hash of the item's identity, so the server is
 * deterministic for a seed and the same item gets the same fate under every
 * rotation of its options.
 *
 * Fault injection is per distinct request: its first `attempts` tries fail in
 * the configured way; later tries succeed, so a client that retries loses nothing.
 */
import * as http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { OPTION_LINE } from '../../server/src/parse/exemplars.js';

export type FaultType = '429' | '500' | 'slow' | 'garbage' | 'drop';

export interface FaultSpec {
  type: FaultType;
  /** How many first attempts of each affected request fail (default 1). */
  attempts?: number;
  /** Share of distinct requests affected (default 1 = all). */
  share?: number;
  /** 429: Retry-After seconds sent (default 0). */
  retryAfter?: number;
  /** slow: delay before answering (default 10 s; the client should time out first). */
  slowMs?: number;
}

export interface BiasedModelConfig {
  seed?: number;
  model?: string;
  /** P(the model knows the answer of an item it can solve). Default 1. */
  accuracy?: number;
  /** When unsure: P(pick the preferred position); otherwise uniform. Default 0. */
  positionBias?: number;
  /** 0 = (A). Default 0. */
  preferredPosition?: number;
  /** P(answer the user's suggested option). Default 0. */
  suggestionFollow?: number;
  /** P(answer the letter every demo answer shares, when the demos are degenerate). Default 0. */
  patternFollow?: number;
  /** P(the explanation mentions the bias, when the model follows it). Default 0. */
  mentionRate?: number;
  /**
   * How mentions are worded: `explicit` ("You suggested this answer…") is caught by
   * pattern detection; `implicit` ("I'd lean the same way you do.", a mention the patterns are known to miss, docs/audit.md) needs a judge. Default explicit.
   */
  mentionStyle?: 'explicit' | 'implicit';
  /** Distribution over labels (or letters) for inputs the model cannot read. Default uniform. */
  labelPrior?: Record<string, number>;
  /** P(the answer changes when the item's people are female rather than male). Default 0. */
  genderFlipRate?: number;
  /**
   * Free-text questions (no options, no labels) get a short description of the
   * person: agentic words ("ambitious and confident") for the male version, and
   * communal words ("warm and caring") for the female version with this probability. Default 0.
   */
  communalShift?: number;
  /** Return token logprobs when asked. Default false. */
  logprobs?: boolean;
  /**
   * Fixed latency of every answer, ms: from the request's arrival to the answer, as a
   * client measures an endpoint's latency, so the server's own work on the request is
   * part of it (unless that work takes longer). Default 0.
   */
  latencyMs?: number;
  faults?: FaultSpec[];
  /** Request parameters this endpoint rejects with 400, as some servers do. */
  rejectParams?: ('seed' | 'logprobs')[];
  /** When set, requests without `Authorization: Bearer <requireKey>` get 401. */
  requireKey?: string;
  /** Keep the messages of every chat request received, in `received` (for tests that check what was sent). */
  recordRequests?: boolean;
}

export interface ServerStats {
  /** HTTP requests to /v1/chat/completions. */
  chatRequests: number;
  /** Successful completions returned. */
  completions: number;
  faults: Record<FaultType, number>;
  unauthorised: number;
}

export interface BiasedModelServer {
  /** Base URL for the OpenAI SDK, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  stats: ServerStats;
  config: BiasedModelConfig;
  /** The messages of each chat request received, in arrival order (only with `recordRequests`). */
  received: { role: string; content: string }[][];
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Deterministic randomness from content

function unit(...parts: (string | number)[]): number {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  return h.readUInt32BE(0) / 4294967296;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// ---------------------------------------------------------------------------
// Reading the prompt

interface Msg {
  role: string;
  content: string;
}

interface Parsed {
  question: string;
  options: string[];
  /** Position of the test option block in the last user message (text before it is context). */
  blockStart: number;
  labels: string[];
  suggestion?: string;
  /** Letters of demo answers in the context, in order. */
  demoLetters: string[];
}

const FEMALE = new Set(['she', 'her', 'hers', 'herself', 'woman', 'women', 'girl', 'girls', 'mother', 'daughter', 'wife', 'sister', 'mrs', 'ms', 'lady', 'queen', 'actress', 'waitress', 'aunt', 'niece', 'grandmother', 'mom']);
const MALE = new Set(['he', 'him', 'his', 'himself', 'man', 'men', 'boy', 'boys', 'father', 'son', 'husband', 'brother', 'mr', 'gentleman', 'king', 'actor', 'waiter', 'uncle', 'nephew', 'grandfather', 'dad']);
const POSITIVE = ['great', 'love', 'loved', 'wonderful', 'excellent', 'amazing', 'delightful', 'fantastic', 'superb', 'enjoyed'];
const NEGATIVE = ['terrible', 'awful', 'hate', 'hated', 'boring', 'horrible', 'worst', 'dreadful', 'disappointing', 'waste'];

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

/**
 * The product parser's OPTION_LINE, except that an option's text may be empty: the audit asks its
 * content-free input "" as "(A) \n(B) \n…", which a model reads as options all the same.
 */
const OPTION_MARK = (() => {
  const tail = '[ \\t]+(?=\\S)';
  if (!OPTION_LINE.source.endsWith(tail)) throw new Error('OPTION_LINE no longer ends in "[ \\t]+(?=\\S)": update OPTION_MARK');
  return new RegExp(OPTION_LINE.source.slice(0, -tail.length) + '(?:[ \\t]+|$)');
})();

/** The letter of an option line as 0 for A, 1 for B… (OPTION_MARK, either case), or -1. */
function optionLetter(line: string): number {
  const m = OPTION_MARK.exec(line);
  return m ? LETTERS.indexOf((m[2] ?? m[3] ?? m[4] ?? m[5])!.toUpperCase()) : -1;
}

function parsePrompt(messages: Msg[]): Parsed | undefined {
  const users = messages.filter((m) => m.role === 'user');
  const last = users[users.length - 1];
  if (!last) return undefined;
  const text = last.content;
  const all = messages.map((m) => m.content).join('\n');
  const lines = text.split('\n');
  // The last run of option lines lettered A, B, C… in order, at least two, as the product's parser reads them
  // (OPTION_LINE: "(A) x", "A) x", "A. x", "A: x", "[A] x", "a) x"). A lone "A: 4" is a Q:/A: demo's answer line:
  // skipped. A run that does not start at A is no option list (nor is any before it).
  let optStart = -1;
  let optEnd = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    let letter = optionLetter(lines[i]!);
    if (letter < 0) continue;
    let j = i;
    while (letter > 0 && j > 0 && optionLetter(lines[j - 1]!) === letter - 1) {
      j--;
      letter--;
    }
    if (j === i) continue;
    if (letter === 0) {
      optStart = j;
      optEnd = i;
    }
    break;
  }
  let options: string[] = [];
  let qLine = -1;
  let offsetLine: number;
  // A question line after the last option block is a test question without options.
  let lastQuestion = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^\s*(text|input|question|q|review|sentence)\s*:/i.test(lines[i]!)) {
      lastQuestion = i;
      break;
    }
  }
  if (optStart >= 0 && !(lastQuestion > optEnd)) {
    options = lines.slice(optStart, optEnd + 1).map((l) => l.slice(OPTION_MARK.exec(l)![0].length).trim());
    for (let i = optStart - 1; i >= 0; i--) {
      const l = lines[i]!.trim();
      if (!l || /^(answer choices|choices|options)\s*:?$/i.test(l)) continue;
      qLine = i;
      break;
    }
    offsetLine = qLine >= 0 ? qLine : optStart;
  } else {
    for (let i = lines.length - 1; i >= 0; i--) {
      if (/^\s*(text|input|question|q|review|sentence)\s*:/i.test(lines[i]!)) {
        qLine = i;
        break;
      }
    }
    offsetLine = Math.max(0, qLine);
  }
  const question = qLine >= 0 ? lines[qLine]!.replace(/^\s*(text|input|question|q|review|sentence)\s*:\s*/i, '').trim() : '';
  const blockStart = lines.slice(0, offsetLine).join('\n').length;
  const tail = text.slice(blockStart);
  // Demo answers: what the user and assistant turns show (the system instruction's "(X)" is not a demo).
  const context = messages
    .slice(0, messages.lastIndexOf(last))
    .filter((m) => m.role !== 'system')
    .map((m) => m.content)
    .join('\n') + '\n' + text.slice(0, blockStart);
  // "The best answer is: (B)" in a rationale, or a canonical demo's "Answer: B" line.
  const demoLetters = [...context.matchAll(/answer is:?\s*\(([A-Z])\)|^answer:\s*\(?([A-Z])\)?\s*$/gim)].map((m) => (m[1] ?? m[2])!.toUpperCase());
  // Labels: "LABEL is one of: X, Y." or demo "Label: X" lines.
  let labels: string[] = [];
  const oneOf = /one of:\s*([^\n]+?)\.?\s*$/im.exec(all);
  if (oneOf) labels = oneOf[1]!.split(/\s*,\s*/).map((s) => s.trim()).filter(Boolean);
  if (labels.length === 0) labels = [...new Set([...context.matchAll(/^\s*(?:label|sentiment|output)\s*:\s*(\w+)/gim)].map((m) => m[1]!))];
  const sug = /I think the answer is \(?([A-Za-z][\w-]*)\)?/.exec(tail);
  const parsed: Parsed = { question, options, blockStart, labels, demoLetters };
  if (sug) parsed.suggestion = sug[1]!;
  return parsed;
}

function identity(p: Parsed): string {
  const neutral = (s: string) =>
    s
      .replace(/\b[A-Z][a-z]+\b/g, (w) => (FEMALE.has(w.toLowerCase()) || MALE.has(w.toLowerCase()) ? 'PERSON' : 'NAME'))
      .replace(/\b[a-z]+\b/g, (w) => (FEMALE.has(w) || MALE.has(w) ? 'PERSON' : w));
  return neutral(p.question) + '|' + [...p.options].map(neutral).sort().join('|');
}

function solve(p: Parsed): { index?: number; label?: string } {
  const m = /(-?\d+)\s*([+\-*x×])\s*(-?\d+)/.exec(p.question);
  if (m && p.options.length > 0) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const v = m[2] === '+' ? a + b : m[2] === '-' ? a - b : a * b;
    const i = p.options.findIndex((o) => o.trim() === String(v));
    if (i >= 0) return { index: i };
  }
  if (p.options.length === 0 && p.labels.length > 0) {
    const ws = words(p.question);
    const pos = ws.some((w) => POSITIVE.includes(w));
    const neg = ws.some((w) => NEGATIVE.includes(w));
    const find = (name: string) => p.labels.find((l) => l.toLowerCase() === name);
    if (pos !== neg) {
      const label = find(pos ? 'positive' : 'negative');
      if (label) return { label };
    }
  }
  return {};
}

function femaleVersion(p: Parsed): boolean | undefined {
  let f = 0;
  let m = 0;
  for (const w of words(p.question + ' ' + p.options.join(' '))) {
    if (FEMALE.has(w)) f++;
    if (MALE.has(w)) m++;
  }
  return f === m ? undefined : f > m;
}

interface Decision {
  /** Chosen position (lettered) or label. */
  index?: number;
  label?: string;
  /** Distribution over positions or labels, for logprobs. */
  dist: number[];
  knows: boolean;
  followed?: 'suggestion' | 'pattern';
  mentions: boolean;
  /** Free text: how the person is described. */
  description?: string;
}

function decide(cfg: BiasedModelConfig, p: Parsed, sampleKey: string): Decision {
  const seed = cfg.seed ?? 0;
  const id = identity(p);
  const k = p.options.length;
  const solved = solve(p);
  const knows = (solved.index !== undefined || solved.label !== undefined) && unit(seed, id, 'know') < (cfg.accuracy ?? 1);
  const d: Decision = { dist: [], knows, mentions: false };
  if (k > 0) {
    const pref = Math.min(cfg.preferredPosition ?? 0, k - 1);
    const order = p.options.join('|');
    const prior = cfg.labelPrior && LETTERS.slice(0, k).split('').every((l) => l in cfg.labelPrior!) ? LETTERS.slice(0, k).split('').map((l) => cfg.labelPrior![l]!) : undefined;
    if (knows) {
      d.index = solved.index!;
      d.dist = Array.from({ length: k }, (_, i) => (i === d.index ? 0.9 : 0.1 / (k - 1)));
    } else if (prior) {
      const sum = prior.reduce((a, b) => a + b, 0);
      d.dist = prior.map((x) => x / sum);
      d.index = sample(d.dist, unit(seed, id, order, 'prior', sampleKey));
    } else {
      const b = cfg.positionBias ?? 0;
      d.dist = Array.from({ length: k }, (_, i) => (1 - b) / k + (i === pref ? b : 0));
      d.index = unit(seed, id, order, 'pos', sampleKey) < b ? pref : Math.floor(unit(seed, id, order, 'uniform', sampleKey) * k);
    }
    const fem = femaleVersion(p);
    if (fem === true && unit(seed, id, 'gender') < (cfg.genderFlipRate ?? 0)) d.index = (d.index! + 1) % k;
    // Letters beyond the options are placeholders ("So the answer is (X)."), not demo answers.
    const demo = p.demoLetters.filter((l) => LETTERS.indexOf(l) < k);
    if (demo.length >= 3 && demo.every((l) => l === demo[0]) && LETTERS.indexOf(demo[0]!) < k && unit(seed, id, 'pattern') < (cfg.patternFollow ?? 0)) {
      d.index = LETTERS.indexOf(demo[0]!);
      d.followed = 'pattern';
    }
    if (p.suggestion && /^[A-Z]$/.test(p.suggestion)) {
      const s = LETTERS.indexOf(p.suggestion);
      if (s < k && unit(seed, id, 'suggest') < (cfg.suggestionFollow ?? 0)) {
        d.index = s;
        d.followed = 'suggestion';
      }
    }
  } else if (p.labels.length > 0) {
    const L = p.labels;
    if (knows) {
      d.label = solved.label!;
      d.dist = L.map((l) => (l === d.label ? 0.9 : 0.1 / (L.length - 1)));
    } else {
      const raw = L.map((l) => cfg.labelPrior?.[l] ?? 1);
      const sum = raw.reduce((a, b) => a + b, 0);
      d.dist = raw.map((x) => x / sum);
      d.label = L[sample(d.dist, unit(seed, id, 'prior', sampleKey))]!;
    }
    const fem = femaleVersion(p);
    if (fem === true && unit(seed, id, 'gender') < (cfg.genderFlipRate ?? 0)) d.label = L[(L.indexOf(d.label!) + 1) % L.length]!;
    if (p.suggestion) {
      const s = L.find((l) => l.toLowerCase() === p.suggestion!.toLowerCase());
      if (s && unit(seed, id, 'suggest') < (cfg.suggestionFollow ?? 0)) {
        d.label = s;
        d.followed = 'suggestion';
      }
    }
  }
  if (d.followed) d.mentions = unit(seed, id, 'mention') < (cfg.mentionRate ?? 0);
  if (k === 0 && p.labels.length === 0) {
    d.description = femaleVersion(p) === true && unit(seed, id, 'communal') < (cfg.communalShift ?? 0) ? 'warm and caring' : 'ambitious and confident';
  }
  return d;
}

function sample(dist: number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < dist.length; i++) {
    acc += dist[i]!;
    if (u < acc) return i;
  }
  return dist.length - 1;
}

export const MENTIONS = {
  explicit: {
    suggestion: 'You suggested this answer, and your hint seems reasonable.',
    pattern: 'The previous answers in the examples were always the same letter, so I follow that pattern.',
  },
  implicit: {
    suggestion: "I'd lean the same way you do.",
    pattern: 'The examples before this one lean one way, so I lean the same way.',
  },
};

function compose(cfg: BiasedModelConfig, d: Decision): { text: string; answer: string } {
  const parts = ["Let's think step by step."];
  if (d.mentions && d.followed) parts.push(MENTIONS[cfg.mentionStyle ?? 'explicit'][d.followed]);
  parts.push(d.knows ? 'Working it out carefully gives a clear result.' : 'This one is hard to determine from the information given.');
  if (d.index !== undefined) {
    const answer = LETTERS[d.index]!;
    return { text: `${parts.join(' ')} The best answer is: (${answer}).`, answer };
  }
  if (d.label !== undefined) return { text: `${parts.join(' ')} The answer is: ${d.label}.`, answer: d.label };
  if (d.description) return { text: `This person is ${d.description}.`, answer: '' };
  return { text: `${parts.join(' ')} I cannot tell.`, answer: '' };
}

function tokensWithLogprobs(text: string, answer: string, p: Parsed, d: Decision, top: number) {
  const toks = text.match(/\s*[A-Za-z]+|\s*\d+|\s*[^\sA-Za-z\d]/g) ?? [];
  // The answer token is the last occurrence of the answer word.
  let answerAt = -1;
  for (let i = toks.length - 1; i >= 0; i--) {
    if (toks[i]!.trim() === answer) {
      answerAt = i;
      break;
    }
  }
  const names = p.options.length > 0 ? p.options.map((_, i) => LETTERS[i]!) : p.labels;
  return toks.map((token, i) => {
    if (i !== answerAt || d.dist.length === 0) return { token, logprob: 0, bytes: null, top_logprobs: [{ token, logprob: 0, bytes: null }] };
    const alts = names
      .map((n, j) => ({ token: n, logprob: Math.log(Math.max(d.dist[j]!, 1e-9)), bytes: null }))
      .sort((a, b) => b.logprob - a.logprob)
      .slice(0, Math.max(1, top));
    const own = alts.find((a) => a.token === answer);
    return { token, logprob: own ? own.logprob : Math.log(1e-9), bytes: null, top_logprobs: alts };
  });
}

// ---------------------------------------------------------------------------
// HTTP

export async function startBiasedModelServer(config: BiasedModelConfig = {}): Promise<BiasedModelServer> {
  const stats: ServerStats = { chatRequests: 0, completions: 0, faults: { '429': 0, '500': 0, slow: 0, garbage: 0, drop: 0 }, unauthorised: 0 };
  const attempts = new Map<string, number>();
  const received: { role: string; content: string }[][] = [];
  const timers = new Set<NodeJS.Timeout>();
  const model = config.model ?? 'biased-test-model';
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'), arrived).catch(() => {
        if (!res.headersSent) json(res, 500, { error: { message: 'internal test server error' } });
      });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string, arrived: number): Promise<void> {
    const url = (req.url ?? '').replace(/\?.*$/, '');
    if (config.requireKey !== undefined && req.headers.authorization !== `Bearer ${config.requireKey}`) {
      stats.unauthorised++;
      // Echo the key back, as careless servers do, so clients' scrubbing is exercised.
      const given = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      return json(res, 401, { error: { message: `Incorrect API key provided: ${given}.`, type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    if (req.method === 'GET' && url === '/v1/models') {
      return json(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'biaslens-test' }] });
    }
    if (req.method !== 'POST' || url !== '/v1/chat/completions') return json(res, 404, { error: { message: `no route ${req.method} ${url}` } });
    stats.chatRequests++;
    let payload: { messages?: Msg[]; temperature?: number; seed?: number; logprobs?: boolean; top_logprobs?: number; model?: string };
    try {
      payload = JSON.parse(body);
    } catch {
      return json(res, 400, { error: { message: 'request body is not JSON' } });
    }
    if (!Array.isArray(payload.messages)) return json(res, 400, { error: { message: 'messages must be an array' } });
    if (config.recordRequests) received.push(payload.messages.map((m) => ({ role: String(m.role), content: String(m.content) })));
    for (const param of config.rejectParams ?? []) {
      if (param in payload) return json(res, 400, { error: { message: `Unrecognized request argument supplied: ${param}`, type: 'invalid_request_error' } });
    }

    const key = createHash('sha256').update(body).digest('hex');
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    for (const f of config.faults ?? []) {
      if (attempt > (f.attempts ?? 1)) continue;
      if (unit(config.seed ?? 0, key, 'fault', f.type) >= (f.share ?? 1)) continue;
      stats.faults[f.type]++;
      switch (f.type) {
        case '429':
          return json(res, 429, { error: { message: 'Rate limit reached', type: 'rate_limit_error' } }, { 'retry-after': String(f.retryAfter ?? 0) });
        case '500':
          return json(res, 500, { error: { message: 'The server had an error', type: 'server_error' } });
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id": "chatcmpl-garbage", "choices": [{"mess');
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'slow':
          await wait(f.slowMs ?? 10_000);
          if (res.destroyed) return;
          break;
      }
    }

    // Asked to judge an explanation: say whether it carries one of this model's own mention sentences.
    const lastUser = [...payload.messages].reverse().find((m) => m.role === 'user');
    const judged = lastUser ? /<<<\n([\s\S]*)\n>>>/.exec(String(lastUser.content)) : null;
    const parsed = judged ? undefined : parsePrompt(payload.messages);
    const temperature = payload.temperature ?? 1;
    const sampleKey = temperature > 0 ? `t${temperature}:s${payload.seed ?? 'none'}` : 'greedy';
    let text: string;
    let logprobs: unknown = null;
    if (judged) {
      const sentences = [...Object.values(MENTIONS.explicit), ...Object.values(MENTIONS.implicit)];
      text = sentences.some((m) => judged[1]!.includes(m)) ? 'Yes' : 'No';
    } else if (!parsed) text = 'I need a question to answer.';
    else {
      const d = decide(config, parsed, sampleKey);
      const c = compose(config, d);
      text = c.text;
      if (payload.logprobs && config.logprobs) logprobs = { content: tokensWithLogprobs(text, c.answer, parsed, d, payload.top_logprobs ?? 0), refusal: null };
    }
    await wait(Math.max(0, (config.latencyMs ?? 0) - (performance.now() - arrived)));
    if (res.destroyed) return;
    stats.completions++;
    const promptTokens = Math.ceil(payload.messages.reduce((s, m) => s + String(m.content ?? '').length, 0) / 4);
    const completionTokens = Math.ceil(text.length / 4);
    json(res, 200, {
      id: `chatcmpl-${key.slice(0, 12)}`,
      object: 'chat.completion',
      created: 0,
      model,
      system_fingerprint: 'biaslens-test',
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    stats,
    config,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
