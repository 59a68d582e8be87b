// Seeded few-shot corpora for benchmarks: a text prompt of BBH-style demos and a
// JSONL chat dataset, each grown to a target size. Same seed, same bytes.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a of to and in is that for it as with was on be at by this had not are but from or have an they which one you were her all ' +
  'she there would their we him been has when who will more no if out so said what up its about into than them can only other new ' +
  'some could time these two may then do first any my now such like our over man me even most made after also did many before must ' +
  'through back years where much your way well down should because each just those people how too little state good very make world ' +
  'still own see men work long get here between both life being under never day same another know while last might us great old year'
).split(' ');

function sentence(r, n) {
  const w = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(r() * WORDS.length)]);
  const s = w.join(' ');
  return s[0].toUpperCase() + s.slice(1);
}

export function textCorpus(bytes, seed = 1) {
  const r = rng(seed);
  const parts = ['Answer the following multiple-choice questions. Think step by step.\n\n'];
  let size = parts[0].length;
  while (size < bytes) {
    const k = 3 + Math.floor(r() * 2);
    const gold = Math.floor(r() * k);
    const letters = 'ABCD';
    let demo = `Q: ${sentence(r, 12)}?\nAnswer choices:\n`;
    for (let i = 0; i < k; i++) demo += `(${letters[i]}) ${sentence(r, 2 + Math.floor(r() * 4))}\n`;
    demo += `A: Let's think step by step. ${sentence(r, 20)}. So the answer is (${letters[gold]}).\n\n`;
    parts.push(demo);
    size += demo.length;
  }
  parts.push('Q: {{question}}\nA:\n');
  return flat(parts.join('').slice(0, Math.max(bytes, 64)));
}

export function jsonlCorpus(bytes, seed = 2) {
  const r = rng(seed);
  const lines = [];
  let size = 0;
  const labels = ['billing', 'shipping', 'returns', 'account'];
  while (size < bytes) {
    const rec = {
      messages: [
        { role: 'system', content: 'Classify the customer message into one intent.' },
        { role: 'user', content: `${sentence(r, 18)}. ${sentence(r, 10)}?` },
        { role: 'assistant', content: labels[Math.floor(r() * labels.length)] },
      ],
    };
    const line = JSON.stringify(rec);
    lines.push(line);
    size += line.length + 1;
  }
  return flat(lines.join('\n') + '\n');
}

/**
 * The same text as one flat string: a slice of a larger string (or a concatenation) is kept by V8
 * as a view of its parts, and every character read through it costs more. A file read from disk
 * is flat, and so is what `npm run bench` lints (it writes the corpora to files and reads them
 * back); the in-process scripts (engine-steady, engine-cpu, ...) must lint the same kind of string.
 */
function flat(s) {
  return Buffer.from(s, 'utf8').toString('utf8');
}
