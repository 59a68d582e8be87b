// Does V8 allocate long-lived objects straight into the old generation? Objects that
// live for one round (like a parsed document model during a lint) made with `new C()`
// and the same objects made by an object literal, timed with their scavenges. Run:
//   node --trace-gc bench/gc-pretenuring.mjs new|literal
// and count the "Scavenge" lines. V8 pretenures literal allocation sites it sees
// survive, not `new` objects (docs/benchmarks.md, "Where the time goes now").
class C {
  constructor(a, b) {
    this.a = a;
    this.b = b;
  }
}
const kind = process.argv[2] === 'literal' ? 'literal' : 'new';
const make = kind === 'literal' ? (a, b) => ({ a, b }) : (a, b) => new C(a, b);
let kept = [];
const started = performance.now();
for (let round = 0; round < 40; round++) {
  const live = new Array(300000);
  for (let i = 0; i < live.length; i++) live[i] = make(i, 'x');
  kept = live; // alive until the next round replaces it
}
console.log(`${kind}: ${(performance.now() - started).toFixed(0)} ms for 40 rounds of ${kept.length} objects`);
