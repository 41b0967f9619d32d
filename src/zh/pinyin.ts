import { pinyin } from 'pinyin-pro';

/**
 * Tone-numbered pinyin for espeak-ng's `cmn-latn-pinyin` voice (issue 6). espeak-ng reads
 * syllables such as `yin2 hang2` (tone 5 is the neutral tone; it applies third-tone sandhi
 * itself), ü as `v` (lv4, nv3; `lü4` works too but `jv3` does not, so ü after j/q/x/y is `u`),
 * pauses at `,` and `.`, spells capital letters standing alone (`N B A`), and hands a Latin word
 * that is not pinyin (`iphone`) to its English voice. Pure: no database.
 */

/** One tone-numbered syllable as espeak-ng's pinyin voice reads it: letters, then tone 1–5. */
export const SYLLABLE = /^[a-zv]+[1-5]$/u;

const HAN = /\p{Script=Han}|〇/u;
const SENTENCE_PAUSE = /^[。！？；.!?;…]+$/u;
const CLAUSE_PAUSE = /^[，、,：:（）()【】〔〕—–~～·•/|]+$/u;
const RUN = /(\p{Script=Han}|〇)+|[A-Za-z]+|\d+|\s+|[^\p{Script=Han}〇A-Za-z\d\s]/gu;
const DIGIT_SYLLABLES = ['ling2', 'yi1', 'er4', 'san1', 'si4', 'wu3', 'liu4', 'qi1', 'ba1', 'jiu3'] as const;
/** A run of capitals this long or shorter is an abbreviation and is spelled (NBA, GDP, WHO). */
const MAX_SPELLED = 6;

/**
 * A syllable as espeak-ng wants it: lower case, neutral tone 5 (pinyin-pro says 0), ü as v after
 * l and n and as u after j, q, x, y (jü → ju). Null when it is not a syllable (a rare character
 * pinyin-pro has no reading for comes back as itself).
 */
export function espeakSyllable(raw: string): string | null {
  let s = raw.trim().toLowerCase().replace(/0$/u, '5').replace(/u:/gu, 'v');
  s = s.replace(/^([jqxy])[üv]/u, '$1u').replace(/ü/gu, 'v');
  if (!/[1-5]$/u.test(s)) s += '5';
  return SYLLABLE.test(s) ? s : null;
}

/** What pinyin-pro says for each code point of `text` (tone numbers, ü as v, 一/不 sandhi applied). */
function pinyinPerCharacter(text: string): string[] {
  return pinyin(text, { toneType: 'num', type: 'array', v: true });
}

/** A Latin word in a form espeak-ng reads: an abbreviation spelled letter by letter, a word in lower case. */
function latinWord(word: string): string[] {
  if (word.length <= MAX_SPELLED && /^[A-Z]+$/u.test(word)) return [...word];
  if (word.length === 1) return [word.toUpperCase()];
  return [word.toLowerCase()];
}

/** Output being built: syllables and words, with the pause after each one. */
class Script {
  private readonly parts: string[] = [];
  add(piece: string): void {
    this.parts.push(piece);
  }
  pause(mark: ',' | '.'): void {
    const last = this.parts.length - 1;
    const previous = this.parts[last];
    if (previous === undefined) return;
    if (previous.endsWith('.')) return;
    this.parts[last] = previous.endsWith(',') ? `${previous.slice(0, -1)}${mark}` : `${previous}${mark}`;
  }
  toString(): string {
    return this.parts.join(' ');
  }
}

/** Pinyin for a whole word from the lexicon: its Han characters take the given syllables in order, letters are read as letters. */
function addOverride(script: Script, word: string, syllables: readonly string[]): void {
  let next = 0;
  for (const match of word.matchAll(RUN)) {
    const run = match[0];
    if (HAN.test(run)) {
      for (const _ of run) {
        const syllable = espeakSyllable(syllables[next] ?? '');
        next += 1;
        if (syllable) script.add(syllable);
      }
    } else addRun(script, run, []);
  }
}

/** A run of one kind (see {@link RUN}); Han runs read `readings`, one per code point. */
function addRun(script: Script, run: string, readings: readonly string[]): void {
  if (HAN.test(run)) {
    for (const reading of readings) {
      const syllable = espeakSyllable(reading);
      if (syllable) script.add(syllable);
    }
  } else if (/^[A-Za-z]+$/u.test(run)) {
    for (const piece of latinWord(run)) script.add(piece);
  } else if (/^\d+$/u.test(run)) {
    for (const digit of run) script.add(DIGIT_SYLLABLES[Number(digit)] ?? 'ling2');
  } else if (SENTENCE_PAUSE.test(run)) {
    script.pause('.');
  } else if (CLAUSE_PAUSE.test(run)) {
    script.pause(',');
  }
  // Whitespace, quotes, 《》 and other marks are not read and make no pause.
}

/**
 * Tone-numbered pinyin for espeak-ng's `cmn-latn-pinyin` voice, one segmented word at a time:
 * a word of two or more characters is read by pinyin-pro as a word (so 银行行长 is
 * yin2 hang2 hang2 zhang3 and 重庆 chong2 qing4), a single character as pinyin-pro reads it in
 * its sentence (了 in 走了 is le5, 不 before a fourth tone bu2). A word in `overrides` (the
 * pronunciation lexicon: term → space-separated syllables) takes the lexicon's reading whole.
 * Latin abbreviations are spelled (NBA → N B A), other Latin words are lower-cased, stray digits
 * are read one by one, 。！？； become `.` and ，、：（） become `,`.
 * @example tonePinyin(['银行', '行长', '说', '，', '重庆', '很', '好', '。'], new Map()) === 'yin2 hang2 hang2 zhang3 shuo1, chong2 qing4 hen3 hao3.'
 */
export function tonePinyin(words: readonly string[], overrides: ReadonlyMap<string, string>): string {
  const sentence = pinyinPerCharacter(words.join(''));
  const sentenceUsable = sentence.length === [...words.join('')].length;
  const script = new Script();
  let offset = 0;
  for (const word of words) {
    const length = [...word].length;
    const override = overrides.get(word);
    if (override !== undefined) {
      addOverride(script, word, override.trim().split(/\s+/u));
    } else {
      let inWord = 0;
      for (const match of word.matchAll(RUN)) {
        const run = match[0];
        const runLength = [...run].length;
        let readings: string[] = [];
        if (HAN.test(run)) {
          readings = runLength === 1 && sentenceUsable ? sentence.slice(offset + inWord, offset + inWord + 1) : pinyinPerCharacter(run);
        }
        addRun(script, run, readings);
        inWord += runLength;
      }
    }
    offset += length;
  }
  return script.toString();
}

/**
 * Cuts `text` into words with the pronunciation lexicon's terms kept whole: terms are matched
 * first (longest first, left to right), and only the text between them goes to `segment`, so
 * a term jieba would cut differently (or join to a neighbour) is still one word for
 * {@link tonePinyin}.
 * @example segmentWithLexicon('工商银行行长说', new Map([['行长', 'hang2 zhang3']]), segment) // [..., '行长', '说']
 */
export function segmentWithLexicon(text: string, lexicon: ReadonlyMap<string, unknown>, segment: (text: string) => string[]): string[] {
  const byFirst = new Map<string, string[]>();
  for (const term of lexicon.keys()) {
    const first = term[0];
    if (first === undefined) continue;
    const list = byFirst.get(first) ?? [];
    list.push(term);
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);

  const words: string[] = [];
  let pending = 0;
  let index = 0;
  while (index < text.length) {
    const term = byFirst.get(text[index] ?? '')?.find((t) => text.startsWith(t, index));
    if (term === undefined) {
      index += 1;
      continue;
    }
    if (index > pending) words.push(...segment(text.slice(pending, index)));
    words.push(term);
    index += term.length;
    pending = index;
  }
  if (pending < text.length) words.push(...segment(text.slice(pending)));
  return words;
}
