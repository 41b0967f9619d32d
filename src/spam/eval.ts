/**
 * `npm run eval:spam`: scores the labelled evaluation set (fixtures/eval.tsv), and the smaller
 * holdout set written after tuning (fixtures/holdout.tsv), on a fresh SQLite database that holds
 * only the migration's starter terms and the starter model, and prints precision, recall, the
 * confusion matrix and every misclassified line. Spam counts
 * as caught when the verdict is hold or block; ham is right when it is allow or flag (a
 * flagged comment is still published). Exits 1 below the targets (precision ≥ 0.98,
 * recall ≥ 0.95) or when an evaluation set shares a line with the training set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../platform/db/database.js';
import { minhashSignature, similarity } from './minhash.js';
import { normaliseForSpam } from './phases/normalise.js';
import { checkText, type SpamVerdict } from './spam.service.js';
import { readLabelledFile, TRAINING_FILE, type LabelledText } from './starter-model.js';

const EVAL_FILE = new URL('./fixtures/eval.tsv', import.meta.url);
const HOLDOUT_FILE = new URL('./fixtures/holdout.tsv', import.meta.url);
const TARGETS = { precision: 0.98, recall: 0.95 };

const out = (line = '') => process.stdout.write(`${line}\n`);
const caught = (v: SpamVerdict) => v.action === 'hold' || v.action === 'block';
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/** Evaluation lines that are also training lines (exactly), and near-copies (MinHash ≥ 0.8) for information. */
function overlap(evaluation: LabelledText[], training: LabelledText[]): { exact: LabelledText[]; near: number } {
  const trainTexts = new Set(training.map((t) => t.text.trim()));
  const exact = evaluation.filter((e) => trainTexts.has(e.text.trim()));
  const trainSigs = training.map((t) => minhashSignature(normaliseForSpam(t.text).skeleton.text)).filter((s) => s !== null);
  let near = 0;
  for (const e of evaluation) {
    const sig = minhashSignature(normaliseForSpam(e.text).skeleton.text);
    if (sig && trainSigs.some((t) => similarity(sig, t) >= 0.8)) near++;
  }
  return { exact, near };
}

interface Scored {
  item: LabelledText;
  verdict: SpamVerdict;
}

/** Prints the confusion matrix, precision and recall and the misclassified lines; returns precision and recall. */
function report(name: string, results: Scored[]): { precision: number; recall: number } {
  const tp = results.filter((r) => r.item.label === 'spam' && caught(r.verdict)).length;
  const fn = results.filter((r) => r.item.label === 'spam' && !caught(r.verdict)).length;
  const fp = results.filter((r) => r.item.label === 'ham' && caught(r.verdict)).length;
  const tn = results.filter((r) => r.item.label === 'ham' && !caught(r.verdict)).length;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  out(`${name}: ${results.length} texts (${tp + fn} spam, ${fp + tn} ham)`);
  out('                 predicted spam (hold/block)   predicted ham (allow/flag)');
  out(`  actual spam    ${String(tp).padStart(27)}   ${String(fn).padStart(26)}`);
  out(`  actual ham     ${String(fp).padStart(27)}   ${String(tn).padStart(26)}`);
  for (const label of ['spam', 'ham'] as const) {
    const counts = { allow: 0, flag: 0, hold: 0, block: 0 };
    for (const r of results) if (r.item.label === label) counts[r.verdict.action]++;
    out(`  ${label.padEnd(5)} by action: allow ${counts.allow}, flag ${counts.flag}, hold ${counts.hold}, block ${counts.block}`);
  }
  out(`  precision ${precision.toFixed(3)} (target ≥ ${TARGETS.precision})   recall ${recall.toFixed(3)} (target ≥ ${TARGETS.recall})   accuracy ${pct((tp + tn) / results.length)}`);
  const wrong = results.filter((r) => (r.item.label === 'spam') !== caught(r.verdict));
  if (wrong.length > 0) out('  misclassified:');
  for (const { item, verdict } of wrong) {
    out(`    line ${item.line}: ${item.label} → ${verdict.action} (${verdict.score})  ${item.text}`);
    const why = verdict.reasons.map((r) => `${r.phase} ${r.score > 0 ? '+' : ''}${r.score} ${r.detail}`).join('; ');
    if (why) out(`        ${why}`);
  }
  out();
  return { precision, recall };
}

async function main(): Promise<number> {
  const evaluation = readLabelledFile(EVAL_FILE);
  const holdout = readLabelledFile(HOLDOUT_FILE);
  const training = readLabelledFile(TRAINING_FILE);
  const { exact, near } = overlap([...evaluation, ...holdout], training);
  if (exact.length > 0) {
    out(`The evaluation sets share ${exact.length} line(s) with the training set; they must be disjoint:`);
    for (const e of exact) out(`  ${e.text}`);
    return 1;
  }

  const dir = mkdtempSync(join(tmpdir(), 'xinwen-eval-'));
  const database = await openDatabase(`sqlite:${join(dir, 'eval.db')}`);
  try {
    const started = performance.now();
    await checkText(database.db, '');
    const seededMs = performance.now() - started;
    const score = async (items: LabelledText[]) => {
      const results: Scored[] = [];
      for (const item of items) results.push({ item, verdict: await checkText(database.db, item.text) });
      return results;
    };
    const scoring = performance.now();
    const evalResults = await score(evaluation);
    const perText = (performance.now() - scoring) / evaluation.length;
    const holdoutResults = await score(holdout);

    out(`Fresh SQLite database with the starter terms and the starter model only (trained from ${training.length} texts in ${seededMs.toFixed(0)} ms); ${perText.toFixed(2)} ms per text.`);
    out(`No evaluation line is in train.tsv; ${near} are near-copies of a training line (MinHash ≥ 0.8). Spam is caught at hold or block.`);
    out();
    const main = report('eval.tsv', evalResults);
    report('holdout.tsv (written after tuning, for information)', holdoutResults);
    return main.precision >= TARGETS.precision && main.recall >= TARGETS.recall ? 0 : 1;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
