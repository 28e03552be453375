/**
 * A price version: a stable, pure hash of everything that set a line's price. Two 32-bit FNV-1a
 * hashes with different offsets give 64 bits, printed as 16 hex digits. Not cryptographic — it names
 * a version, it does not authenticate one; an order proves its price by re-pricing and comparing.
 * Fed piece by piece (no string is built), so hashing a line costs a few hundred nanoseconds.
 */
const fnvPrime = 0x01000193;

const byteHex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (n: number): string => byteHex[(n >>> 24) & 255]! + byteHex[(n >>> 16) & 255]! + byteHex[(n >>> 8) & 255]! + byteHex[n & 255]!;

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

  digest(): string {
    return hex32(this.a) + hex32(this.b);
  }
}

export const fingerprint = (text: string): string => new Fingerprint().text(text).digest();
