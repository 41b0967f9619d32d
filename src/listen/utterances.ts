/**
 * How article text is cut into utterances for listening (issue 6). Shared by the browser
 * player (Web Speech: Chrome silently cuts off long utterances) and the server renderer
 * (whose sentence timestamps must line up with what the player highlights), so both cut the
 * same text at the same places.
 *
 * Sentences end at 。！？； (and their ASCII forms), together with any closing quotes or
 * brackets after them. A sentence longer than {@link MAX_UTTERANCE} characters is cut again
 * after ，or ：, into runs of clauses that each stay within the limit where the clauses allow.
 * Pure: no DOM, no Node.
 */

/** The longest utterance, in characters, that is not cut again at commas. */
export const MAX_UTTERANCE = 40;

/** A piece of the text: `text` is `source.slice(start, end)` without surrounding spaces. */
export interface Utterance {
  text: string;
  start: number;
  end: number;
}

const SENTENCE_END = /[。！？；!?;]+|……/gu;
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '】', '》', '"', "'"]);
const CLAUSE_END = /[，,：:、]/u;
/** Letters or digits of any script: a piece without one is only punctuation and is not spoken. */
const SPEAKABLE = /[\p{L}\p{N}]/u;

/** Ends of sentences in `text`: the index after each sentence's final punctuation and closers. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(SENTENCE_END)) {
    let end = match.index + match[0].length;
    while (end < text.length && CLOSERS.has(text[end] ?? '')) end += 1;
    if (ends[ends.length - 1] !== end) ends.push(end);
  }
  if (ends[ends.length - 1] !== text.length) ends.push(text.length);
  return ends;
}

/** Cuts one long sentence after its commas into runs of clauses of at most `max` characters. */
function clauseRuns(text: string, start: number, end: number, max: number): [number, number][] {
  if (end - start <= max) return [[start, end]];
  const cuts: number[] = [];
  for (let i = start; i < end - 1; i += 1) if (CLAUSE_END.test(text[i] ?? '')) cuts.push(i + 1);
  cuts.push(end);
  const runs: [number, number][] = [];
  let runStart = start;
  let lastCut = start;
  for (const cut of cuts) {
    if (cut - runStart > max && lastCut > runStart) {
      runs.push([runStart, lastCut]);
      runStart = lastCut;
    }
    lastCut = cut;
  }
  runs.push([runStart, end]);
  return runs;
}

/** The utterances of `text`, in order; pieces that are only spaces or punctuation are dropped. */
export function splitUtterances(text: string, max: number = MAX_UTTERANCE): Utterance[] {
  const utterances: Utterance[] = [];
  let start = 0;
  for (const end of sentenceEnds(text)) {
    for (const [runStart, runEnd] of clauseRuns(text, start, end, max)) {
      let a = runStart;
      let b = runEnd;
      while (a < b && /\s/u.test(text[a] ?? '')) a += 1;
      while (b > a && /\s/u.test(text[b - 1] ?? '')) b -= 1;
      const piece = text.slice(a, b);
      if (SPEAKABLE.test(piece)) utterances.push({ text: piece, start: a, end: b });
    }
    start = end;
  }
  return utterances;
}
