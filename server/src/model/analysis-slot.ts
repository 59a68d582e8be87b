/**
 * An analysis kept on the object it is about, in a property under a private symbol,
 * instead of in a module-level WeakMap.
 *
 * Why: V8's young-generation collector (the scavenger, which runs every few lints of a
 * large file) treats the values of a WeakMap that lives in the old generation as
 * strong; only a full collection honours the weak keys. A module-level WeakMap lives
 * in the old generation, so its values for the documents linted since the last full
 * collection, and through them the documents themselves, survive each scavenge: they
 * are copied, then promoted, instead of dying young (1 MiB JSONL: 2.5-2.8 MiB kept by
 * the first scavenge after each lint, 0.7 MiB for text; bench/engine-retained.mjs). A
 * property on the owner dies with the owner. (A WeakSet holds no values: nothing to move.)
 */
export class AnalysisSlot<K extends object, V> {
  private readonly key: symbol;

  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(owner: K): V | undefined {
    return (owner as unknown as Record<symbol, V | undefined>)[this.key];
  }

  has(owner: K): boolean {
    return (owner as unknown as Record<symbol, V | undefined>)[this.key] !== undefined;
  }

  /** Not enumerable, so no copy, spread or serialisation of the owner carries it. */
  set(owner: K, value: V): this {
    Object.defineProperty(owner, this.key, { value, writable: true, configurable: true, enumerable: false });
    return this;
  }

  delete(owner: K): boolean {
    return delete (owner as unknown as Record<symbol, V | undefined>)[this.key];
  }
}
