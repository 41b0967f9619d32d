/**
 * `npm run eval:convert`: measures Simplified⇄Traditional conversion on the corpus written for
 * Xinwen (src/zh/fixtures/convert-corpus*.tsv): sentence- and character-level accuracy for OpenCC
 * alone and for OpenCC under the starter newsroom dictionary, in both directions (Traditional →
 * Simplified takes the expected column as input), then lists every sentence that still differs.
 * The held-out set (convert-holdout.tsv, written after the dictionary and never used to tune it)
 * is reported too. Exits 1 when the dictionary converter gets any sentence of the two tuning
 * corpora wrong.
 */
import { createConverter, type ScriptConverter } from '../src/zh/convert.js';
import { loadCorpus, type CorpusPair } from '../src/zh/fixtures/convert-corpus.js';
import { newsroomDictionary } from '../src/zh/fixtures/newsroom-dictionary.js';

const out = (line = '') => process.stdout.write(`${line}\n`);
const pct = (n: number, d: number) => `${((n / Math.max(d, 1)) * 100).toFixed(1)}%`;

interface Miss {
  line: number;
  input: string;
  expected: string;
  actual: string;
}

/** Characters at the same position in both strings (conversion keeps length almost always). */
function sameChars(actual: string, expected: string): number {
  const a = [...actual];
  return [...expected].filter((ch, i) => a[i] === ch).length;
}

function score(pairs: readonly CorpusPair[], convert: (text: string) => string, toTraditional: boolean) {
  let sentences = 0;
  let chars = 0;
  let totalChars = 0;
  const misses: Miss[] = [];
  for (const pair of pairs) {
    const input = toTraditional ? pair.simplified : pair.traditional;
    const expected = toTraditional ? pair.traditional : pair.simplified;
    const actual = convert(input);
    totalChars += [...expected].length;
    chars += sameChars(actual, expected);
    if (actual === expected) sentences++;
    else misses.push({ line: pair.line, input, expected, actual });
  }
  return { sentences, chars, totalChars, misses };
}

function report(corpus: string, pairs: readonly CorpusPair[], plain: ScriptConverter, withDictionary: ScriptConverter): number {
  out(`${corpus}: ${pairs.length} sentences`);
  let dictionaryMisses = 0;
  const remaining: string[] = [];
  for (const [label, toTraditional] of [['S→T', true], ['T→S', false]] as const) {
    for (const [name, converter] of [['OpenCC', plain], ['OpenCC + dictionary', withDictionary]] as const) {
      const convert = toTraditional ? converter.toTraditional : converter.toSimplified;
      const r = score(pairs, convert, toTraditional);
      out(
        `  ${label} ${name.padEnd(20)} sentences ${String(r.sentences).padStart(3)}/${pairs.length} ${pct(r.sentences, pairs.length).padStart(6)}` +
          `   characters ${r.chars}/${r.totalChars} ${pct(r.chars, r.totalChars)}`,
      );
      if (converter === withDictionary) {
        dictionaryMisses += r.misses.length;
        for (const m of r.misses) {
          remaining.push(`  ${label} line ${m.line}: ${m.input}\n      expected ${m.expected}\n      actual   ${m.actual}`);
        }
      }
    }
  }
  out(remaining.length ? `  still differ with the dictionary:\n${remaining.join('\n')}` : '  still differ with the dictionary: none');
  out();
  return dictionaryMisses;
}

let misses = report('convert-corpus.tsv (Taiwan characters)', loadCorpus('convert-corpus.tsv'), createConverter(), createConverter({ dictionary: newsroomDictionary }));
misses += report(
  'convert-corpus-phrases.tsv (Taiwan phrases)',
  loadCorpus('convert-corpus-phrases.tsv'),
  createConverter({ phrases: true }),
  createConverter({ phrases: true, dictionary: newsroomDictionary }),
);
report('convert-holdout.tsv (held out, Taiwan characters)', loadCorpus('convert-holdout.tsv'), createConverter(), createConverter({ dictionary: newsroomDictionary }));
process.exitCode = misses > 0 ? 1 : 0;
