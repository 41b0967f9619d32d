/**
 * Server audio rendering: `npm run bench:listen [-- --articles 5]`.
 *
 * A fresh SQLite database in a temporary directory with the demo newsroom, then the first N
 * published demo articles rendered one after another exactly as `xinwen audio render` does
 * (speech script → espeak-ng, one process per utterance → ffmpeg MP3). Prints, per article and
 * in total: characters read, render wall time, audio seconds, the real-time factor (wall time ÷
 * audio time; below 1 is faster than real time), milliseconds per 1,000 characters, and the
 * split into script / espeak-ng / ffmpeg. Figures, not assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { seedDemo } from '../src/demo/seed.js';
import { renderArticleAudio, type RenderTimings } from '../src/listen/audio.service.js';
import { publishedArticleIds } from '../src/listen/audio.store.js';
import { createEspeakEngine } from '../src/listen/espeak/espeak-engine.js';
import { openDatabase } from '../src/platform/db/database.js';
import { createLocalFileStore } from '../src/platform/files/local/local-file-store.js';

const { values: args } = parseArgs({ options: { articles: { type: 'string', default: '5' } } });
const N = Math.max(1, Number(args.articles) || 5);

const dir = mkdtempSync(join(tmpdir(), 'xinwen-bench-listen-'));
const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
try {
  const { db } = database;
  await seedDemo(db);
  const files = createLocalFileStore({ root: join(dir, 'media') });
  const engine = createEspeakEngine();
  if (!(await engine.available())) throw new Error('espeak-ng is not installed (apt-get install espeak-ng ffmpeg)');
  const ids = (await publishedArticleIds(db)).slice(0, N);
  console.log(`bench:listen — ${ids.length} demo articles, ${engine.id}, MP3 48 kbit/s mono; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`);
  console.log('article  chars  utter.  wall ms  audio s    RTF  ms/1k chars  script ms  espeak ms  ffmpeg ms   KB');
  const total = { chars: 0, utterances: 0, wall: 0, audio: 0, script: 0, engine: 0, encode: 0, bytes: 0 };
  for (const id of ids) {
    let stages: RenderTimings = { scriptMs: 0, engineMs: 0, encodeMs: 0 };
    const started = performance.now();
    const r = await renderArticleAudio(db, files, engine, id, { onStages: (s) => (stages = s) });
    const wall = performance.now() - started;
    const audio = r.durationMs / 1000;
    total.chars += r.characters;
    total.utterances += r.timings.length;
    total.wall += wall;
    total.audio += audio;
    total.script += stages.scriptMs;
    total.engine += stages.engineMs;
    total.encode += stages.encodeMs;
    total.bytes += r.bytes;
    console.log(
      `${String(id).padStart(7)}  ${String(r.characters).padStart(5)}  ${String(r.timings.length).padStart(6)}  ${wall.toFixed(0).padStart(7)}  ${audio.toFixed(1).padStart(7)}  ${(wall / 1000 / audio).toFixed(3).padStart(5)}  ${((wall / r.characters) * 1000).toFixed(0).padStart(11)}  ${stages.scriptMs.toFixed(0).padStart(9)}  ${stages.engineMs.toFixed(0).padStart(9)}  ${stages.encodeMs.toFixed(0).padStart(9)}  ${(r.bytes / 1024).toFixed(0).padStart(3)}`,
    );
  }
  console.log(
    `  total  ${String(total.chars).padStart(5)}  ${String(total.utterances).padStart(6)}  ${total.wall.toFixed(0).padStart(7)}  ${total.audio.toFixed(1).padStart(7)}  ${(total.wall / 1000 / total.audio).toFixed(3).padStart(5)}  ${((total.wall / total.chars) * 1000).toFixed(0).padStart(11)}  ${total.script.toFixed(0).padStart(9)}  ${total.engine.toFixed(0).padStart(9)}  ${total.encode.toFixed(0).padStart(9)}  ${(total.bytes / 1024).toFixed(0).padStart(3)}`,
  );
  const share = (ms: number) => `${((ms / total.wall) * 100).toFixed(0)}%`;
  console.log(
    `real-time factor ${(total.wall / 1000 / total.audio).toFixed(3)} (${(total.audio / (total.wall / 1000)).toFixed(1)}× faster than real time); ` +
      `${((total.wall / total.chars) * 1000).toFixed(0)} ms per 1,000 characters; ${(total.audio / total.chars * 1000).toFixed(0)} s of audio per 1,000 characters; ` +
      `script ${share(total.script)}, espeak-ng ${share(total.engine)}, ffmpeg ${share(total.encode)}`,
  );
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
