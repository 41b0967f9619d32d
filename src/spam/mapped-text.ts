/**
 * A derived text that remembers, for every UTF-16 unit, which range of the original text it
 * came from. Each normalisation step rewrites the text and carries the map along, so a match
 * found in the skeleton can be highlighted in what the reader actually wrote.
 */
export interface MappedText {
  readonly text: string;
  /** Per UTF-16 unit of `text`: start (inclusive) and end (exclusive) in the original. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/** The original text, mapped onto itself. */
export function identityMapped(text: string): MappedText {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const ch of text) {
    const at = starts.length;
    for (let i = 0; i < ch.length; i++) {
      starts.push(at);
      ends.push(at + ch.length);
    }
  }
  return { text, starts, ends };
}

/** Collects pieces of output, each tied to an original range. */
class Builder {
  private readonly parts: string[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  push(piece: string, start: number, end: number): void {
    if (piece === '') return;
    this.parts.push(piece);
    for (let i = 0; i < piece.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  build(): MappedText {
    return { text: this.parts.join(''), starts: this.starts, ends: this.ends };
  }
}

/** The original range of `text` units [from, to), or of the empty point at `from`. */
function sourceRange(mapped: MappedText, from: number, to: number): [number, number] {
  if (to <= from) {
    const at = from < mapped.starts.length ? (mapped.starts[from] ?? 0) : (mapped.ends.at(-1) ?? 0);
    return [at, at];
  }
  return [mapped.starts[from] ?? 0, mapped.ends[to - 1] ?? 0];
}

/**
 * Rewrites code point by code point: `fn` returns the replacement ('' drops it), which maps to
 * the code point's original range.
 */
export function mapCodePoints(mapped: MappedText, fn: (ch: string) => string): MappedText {
  const out = new Builder();
  let i = 0;
  for (const ch of mapped.text) {
    const [start, end] = sourceRange(mapped, i, i + ch.length);
    out.push(fn(ch), start, end);
    i += ch.length;
  }
  return out.build();
}

/**
 * Replaces every match of a global `pattern`; a replacement maps to the whole matched range
 * (so a highlight covers everything the replaced text stood for). Unmatched text, and matches
 * replaced by themselves, keep their map.
 */
export function replaceMapped(mapped: MappedText, pattern: RegExp, replace: (match: RegExpExecArray) => string): MappedText {
  if (!pattern.global) throw new Error('replaceMapped needs a global pattern');
  const out = new Builder();
  let last = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(mapped.text); match; match = pattern.exec(mapped.text)) {
    const from = match.index;
    const to = from + match[0].length;
    if (to === from) {
      pattern.lastIndex++;
      continue;
    }
    copy(mapped, out, last, from);
    const replacement = replace(match);
    if (replacement === match[0]) {
      copy(mapped, out, from, to);
    } else {
      const [start, end] = sourceRange(mapped, from, to);
      out.push(replacement, start, end);
    }
    last = to;
  }
  copy(mapped, out, last, mapped.text.length);
  return out.build();
}

function copy(mapped: MappedText, out: Builder, from: number, to: number): void {
  for (let i = from; i < to; i++) out.push(mapped.text[i] ?? '', mapped.starts[i] ?? 0, mapped.ends[i] ?? 0);
}

/** The original range that units [from, to) of `mapped` came from. */
export function originalRange(mapped: MappedText, from: number, to: number): { start: number; end: number } {
  const [start, end] = sourceRange(mapped, from, to);
  return { start, end };
}
