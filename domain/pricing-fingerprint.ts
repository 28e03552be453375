/**
 * Stable, pure 64-bit hashes printed as 16 hex digits. Not cryptographic — a hash names a version, it
 * does not authenticate one; an order proves its price by re-pricing and comparing.
 *
 * - `Fingerprint` / `fingerprint`: two 32-bit FNV-1a hashes of a text with different offsets, fed piece
 *   by piece (no string is built).
 * - A line's price version (`VersionHash`) is combined from 32-bit words instead: each record's part
 *   (`partOf`: FNV-1a of its kind, id and revision) is computed once when the price index is built, and
 *   pricing a line mixes a handful of words (MurmurHash3's mixing) in two lanes — no text is hashed
 *   per line.
 */
export const fnvPrime = 0x01000193;

/** Lowercase hex digits as char codes: the digest is one `String.fromCharCode` (no concatenation). */
const hexCode = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102] as const;
const h = (n: number, shift: number): number => hexCode[(n >>> shift) & 15]!;

/** Two 32-bit numbers as 16 hex digits. */
export const hex64 = (a: number, b: number): string =>
  String.fromCharCode(h(a, 28), h(a, 24), h(a, 20), h(a, 16), h(a, 12), h(a, 8), h(a, 4), h(a, 0), h(b, 28), h(b, 24), h(b, 20), h(b, 16), h(b, 12), h(b, 8), h(b, 4), h(b, 0));

/** A hash's two 32-bit lanes. */
export interface HashPart {
  readonly a: number;
  readonly b: number;
}

export class Fingerprint {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  text(value: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < value.length; i += 1) {
      const c = value.charCodeAt(i);
      a = Math.imul(a ^ c, fnvPrime);
      b = Math.imul(b ^ c, fnvPrime);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** A field: `|` then its text, so that fields cannot run into each other. */
  field(value: string | number): this {
    return this.text('|').text(typeof value === 'number' ? String(value) : value);
  }

  part(): HashPart {
    return { a: this.a, b: this.b };
  }

  digest(): string {
    return hex64(this.a, this.b);
  }
}

export const fingerprint = (text: string): string => new Fingerprint().text(text).digest();

/**
 * The part of a version one record (or one dealer) contributes, computed once: what
 * `new Fingerprint().field(f1).field(f2)….part()` gives, without the objects (it runs for every record of
 * a quote's index, often before it is optimized).
 */
export function partOf(...fields: readonly (string | number)[]): HashPart {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const text = typeof f === 'number' ? String(f) : f;
    a = Math.imul(a ^ 124, fnvPrime); // '|'
    b = Math.imul(b ^ 124, fnvPrime);
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      a = Math.imul(a ^ c, fnvPrime);
      b = Math.imul(b ^ c, fnvPrime);
    }
  }
  return { a, b };
}

/** MurmurHash3's 32-bit block mix: `w` into the running hash `h`. */
export function mixWord(h: number, w: number): number {
  let k = Math.imul(w, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let x = h ^ k;
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

/** A non-negative safe integer as two words (low 32 bits, then the rest). */
export const mixNumber = (h: number, n: number): number => mixWord(mixWord(h, n >>> 0), (n / 0x1_0000_0000) | 0);

/** MurmurHash3's finalizer: every input bit reaches every output bit. */
export function finalMix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A price version being built: start from a seed part, mix in parts and numbers, `digest()`. The two
 * lanes start from different parts' lanes and so stay independent.
 */
export class VersionHash {
  private a: number;
  private b: number;

  constructor(seed: HashPart) {
    this.a = seed.a;
    this.b = seed.b;
  }

  part(p: HashPart): this {
    this.a = mixWord(this.a, p.a);
    this.b = mixWord(this.b, p.b);
    return this;
  }

  number(n: number): this {
    this.a = mixNumber(this.a, n);
    this.b = mixNumber(this.b, n);
    return this;
  }

  digest(): string {
    return hex64(finalMix(this.a), finalMix(this.b));
  }
}
