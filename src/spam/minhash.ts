/**
 * MinHash signatures of a text's character shingles, with locality-sensitive hashing bands:
 * two texts whose shingle sets overlap by Jaccard similarity s share at least one band with
 * probability 1 − (1 − s²)¹⁶ (0.999 at s = 0.6), so only those need comparing.
 */

const HASHES = 32;
const ROWS_PER_BAND = 2;
const SHINGLE = 3;
/** Texts with fewer skeleton characters than this are too short to call duplicates ("支持！"). */
export const MIN_DUPLICATE_LENGTH = 12;

// Fixed odd seeds (from a linear congruential sequence): signatures must agree across processes and restarts.
const SEEDS = Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) ^ 0x85ebca6b) >>> 0);

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads a 32-bit value over all bits. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The signature of a skeleton, or null when it is too short. Digits are masked first, so the
 * same advertisement with a different phone number is still the same text.
 */
export function minhashSignature(skeleton: string): number[] | null {
  const chars = [...skeleton.replace(/[0-9]/g, '0')];
  if (chars.length < MIN_DUPLICATE_LENGTH) return null;
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE <= chars.length; i++) shingles.add(fnv1a(chars.slice(i, i + SHINGLE).join('')));
  const signature = new Array<number>(HASHES).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let k = 0; k < HASHES; k++) {
      const h = mix(shingle ^ (SEEDS[k] ?? 0));
      if (h < (signature[k] ?? 0xffffffff)) signature[k] = h;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity of two signatures: the share of positions that agree. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let k = 0; k < HASHES; k++) if (a[k] === b[k]) same++;
  return same / HASHES;
}

/** The band keys to index and look up by. */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let b = 0; b < HASHES / ROWS_PER_BAND; b++) {
    keys.push(`${b}:${signature.slice(b * ROWS_PER_BAND, (b + 1) * ROWS_PER_BAND).map(hex).join('')}`);
  }
  return keys;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

export function encodeSignature(signature: readonly number[]): string {
  return signature.map(hex).join('');
}

export function decodeSignature(encoded: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 8 <= encoded.length; i += 8) out.push(Number.parseInt(encoded.slice(i, i + 8), 16));
  return out;
}
