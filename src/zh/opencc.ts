import { configs } from 'opencc-js/preset';

/**
 * OpenCC conversion with opencc-js's dictionaries and matching rules, in a smaller trie.
 *
 * opencc-js builds its trie as one `Map` per character of every phrase: about 45 MB for each
 * Simplified→Traditional converter, and `cn→tw` builds its 50,000-phrase trie twice (once to
 * segment, once to convert). Here a trie is a single `Map` from (node, code point) to the child
 * node, and a trie built from the same dictionaries is shared by every converter that uses it.
 * The output is opencc-js's, character for character (opencc.test.ts compares them).
 */

/** A dictionary as opencc-js ships it: `"source target|source target|…"`, or pairs. */
type Dict = string | readonly (readonly [string, string])[];
type DictGroup = readonly Dict[];

/** The part of an opencc-js preset config that conversion reads (the types omit normalisation). */
interface OpenccConfig {
  normalizationChain?: readonly DictGroup[];
  segmentation?: Dict | DictGroup;
  conversionChain: readonly DictGroup[];
}

// Node ids times this plus a code point are unique edge keys (below 2^53 for any trie size).
const CODE_POINTS = 0x110000;

/** Collects phrases into edges keyed by (node, code point); `freeze` makes the trie to match with. */
class TrieBuilder {
  readonly edges = new Map<number, number>();
  /** Replacement at each node, by node id; `undefined` where no phrase ends. */
  readonly values: (string | undefined)[] = [undefined];

  add(source: string, target: string): void {
    let node = 0;
    for (const ch of source) {
      const key = node * CODE_POINTS + (ch.codePointAt(0) ?? 0);
      let next = this.edges.get(key);
      if (next === undefined) {
        next = this.values.length;
        this.values.push(undefined);
        this.edges.set(key, next);
      }
      node = next;
    }
    this.values[node] = target;
  }

  freeze(): CompactTrie {
    const nodes = this.values.length;
    // Each node's children, sorted by code point, in one run of two typed arrays (CSR).
    const start = new Uint32Array(nodes + 1);
    for (const key of this.edges.keys()) start[Math.floor(key / CODE_POINTS) + 1]! += 1;
    for (let n = 0; n < nodes; n++) start[n + 1]! += start[n]!;
    const edges = [...this.edges].sort((a, b) => a[0] - b[0]);
    const codePoints = new Uint32Array(edges.length);
    const children = new Uint32Array(edges.length);
    edges.forEach(([key, child], i) => {
      codePoints[i] = key % CODE_POINTS;
      children[i] = child;
    });
    // The root has thousands of children (every character that starts a phrase): a direct table
    // for the Basic Multilingual Plane (256 KB) spares the binary search on every character.
    const rootTable = new Uint32Array(0x10000);
    for (let i = start[0] ?? 0; i < (start[1] ?? 0); i++) {
      const cp = codePoints[i] ?? 0;
      if (cp < 0x10000) rootTable[cp] = children[i] ?? 0;
    }
    return new CompactTrie(start, codePoints, children, rootTable, this.values);
  }
}

/** A trie in flat arrays: a few bytes per phrase character, where a `Map` per node takes ~100. */
class CompactTrie {
  constructor(
    private readonly start: Uint32Array,
    private readonly codePoints: Uint32Array,
    private readonly children: Uint32Array,
    private readonly rootTable: Uint32Array,
    private readonly values: readonly (string | undefined)[],
  ) {}

  private child(node: number, cp: number): number {
    if (node === 0 && cp < 0x10000) return this.rootTable[cp] ?? 0;
    let lo = this.start[node] ?? 0;
    let hi = (this.start[node + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.codePoints[mid] ?? 0;
      if (at === cp) return this.children[mid] ?? 0;
      if (at < cp) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** The end and replacement of the longest phrase starting at `start`, as opencc-js's matchPrefix. */
  match(s: string, start: number): { end: number; value: string } | null {
    let node = 0;
    let end = 0;
    let value: string | undefined;
    for (let j = start; j < s.length; ) {
      const cp = s.codePointAt(j) ?? 0;
      j += cp > 0xffff ? 2 : 1;
      // Node 0 is the root, never a child: 0 means no edge.
      node = this.child(node, cp);
      if (node === 0) break;
      const v = this.values[node];
      if (v !== undefined) {
        end = j;
        value = v;
      }
    }
    return value === undefined ? null : { end, value };
  }

  /** Splits into matched phrases and the runs between them (opencc-js Trie.segment). */
  segment(s: string): string[] {
    const segments: string[] = [];
    let plain: number | null = null;
    for (let i = 0; i < s.length; ) {
      const hit = this.match(s, i);
      if (hit) {
        if (plain !== null) segments.push(s.slice(plain, i));
        plain = null;
        segments.push(s.slice(i, hit.end));
        i = hit.end;
      } else {
        plain ??= i;
        i += unmatchedLength(s, i);
      }
    }
    if (plain !== null) segments.push(s.slice(plain));
    return segments;
  }

  /** Replaces the longest phrase at each position, left to right (opencc-js Trie.convert). */
  convert(s: string): string {
    const out: string[] = [];
    let plain: number | null = null;
    for (let i = 0; i < s.length; ) {
      const hit = this.match(s, i);
      if (hit) {
        if (plain !== null) out.push(s.slice(plain, i));
        plain = null;
        out.push(hit.value);
        i = hit.end;
      } else {
        plain ??= i;
        i += unmatchedLength(s, i);
      }
    }
    if (plain !== null) out.push(s.slice(plain));
    return out.join('');
  }
}

function codePointLength(s: string, i: number): number {
  return (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

function descriptionArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

// An ideographic description sequence (⿰氵工) is passed over whole, as opencc-js does, so a
// character inside one is never converted on its own.
function descriptionSequenceEnd(s: string, i: number): number {
  const arity = descriptionArity(s.codePointAt(i) ?? 0);
  if (arity === 0) return 0;
  let end = i + codePointLength(s, i);
  for (let n = 0; n < arity; n++) {
    if (end >= s.length) return 0;
    const childEnd = descriptionSequenceEnd(s, end);
    end = childEnd || end + codePointLength(s, end);
  }
  return end;
}

function unmatchedLength(s: string, i: number): number {
  const end = descriptionSequenceEnd(s, i);
  return end > i ? end - i : codePointLength(s, i);
}

function loadDict(trie: TrieBuilder, dict: Dict): void {
  if (typeof dict === 'string') {
    for (const line of dict.split('|')) {
      const [source, target] = line.split(' ');
      if (source === undefined || target === undefined) throw new TypeError(`OpenCC dictionary entry without a replacement: ${line}`);
      trie.add(source, target);
    }
  } else {
    for (const [source, target] of dict) trie.add(source, target);
  }
}

// Tries by the dictionaries they hold: converters built from the same dictionaries (s2t and
// s2tw both convert with STPhrases + STCharacters) share one.
const tries: { dicts: DictGroup; trie: CompactTrie }[] = [];

function trieOf(dicts: DictGroup): CompactTrie {
  const built = tries.find((t) => t.dicts.length === dicts.length && t.dicts.every((d, i) => d === dicts[i]));
  if (built) return built.trie;
  const builder = new TrieBuilder();
  // Reversed, so that the first dictionary wins where two hold the same phrase (opencc-js's order).
  for (const dict of [...dicts].reverse()) loadDict(builder, dict);
  const trie = builder.freeze();
  tries.push({ dicts, trie });
  return trie;
}

function isDictGroup(value: Dict | DictGroup): value is DictGroup {
  return Array.isArray(value) && value.every((d) => typeof d === 'string');
}

/** The variants this project converts between (OpenCC locale names). */
export type OpenccVariant = 'cn' | 't' | 'tw' | 'twp';

function configName(from: OpenccVariant, to: OpenccVariant): string {
  if (from === 'cn') return `s2${to}`;
  if (from === 'twp') return 'tw2sp';
  return `${from}2s`;
}

/**
 * An OpenCC converter between two variants (`cn`: Simplified; `t`: OpenCC Traditional; `tw`,
 * `twp`: Taiwan characters, Taiwan phrases), one of them `cn`. Equivalent to opencc-js's
 * `Converter({ from, to })`; building it costs tens of milliseconds, so callers keep it.
 * @example openccConvert('cn', 'tw')('软件') === '軟件'
 */
export function openccConvert(from: OpenccVariant, to: OpenccVariant): (text: string) => string {
  if ((from === 'cn') === (to === 'cn')) throw new Error(`OpenCC conversion is to or from cn, not ${from} → ${to}`);
  const config: OpenccConfig | undefined = configs[configName(from, to)];
  if (!config) throw new Error(`opencc-js has no ${configName(from, to)} configuration`);
  const { segmentation: segmentationDicts, normalizationChain = [] } = config;
  const segmentation =
    segmentationDicts === undefined ? null : trieOf(isDictGroup(segmentationDicts) ? segmentationDicts : [segmentationDicts]);
  const chain = config.conversionChain.map(trieOf);
  const normalise = normalizationChain.map(trieOf);
  return (text) => {
    const normalised = normalise.reduce((s, trie) => trie.convert(s), text);
    let segments = segmentation ? segmentation.segment(normalised) : [normalised];
    for (const trie of chain) segments = segments.map((segment) => trie.convert(segment));
    return segments.join('');
  };
}
