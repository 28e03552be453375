/**
 * A price version: a stable, pure hash of everything that set a line's price. Two 32-bit FNV-1a
 * hashes with different offsets give 64 bits, printed as 16 hex digits. Not cryptographic — it names
 * a version, it does not authenticate one; an order proves its price by re-pricing and comparing.
 */
const fnvPrime = 0x01000193;

function fnv1a(text: string, offset: number): number {
  let hash = offset;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, fnvPrime);
  }
  return hash >>> 0;
}

export function fingerprint(text: string): string {
  const a = fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0');
  const b = fnv1a(text, 0x050c5d1f).toString(16).padStart(8, '0');
  return a + b;
}
