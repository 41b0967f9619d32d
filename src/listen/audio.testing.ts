import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpeechEngine } from './speech-engine.js';

/** The duration ffprobe decodes from an MP3 (a file: from a pipe it cannot tell), in seconds; asserts mono MP3. */
export function probeSeconds(mp3: Buffer): number {
  const dir = mkdtempSync(join(tmpdir(), 'xinwen-probe-'));
  const file = join(dir, 'a.mp3');
  writeFileSync(file, mp3);
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,channels', '-of', 'json', file]);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(probe.status, 0, probe.stderr.toString());
  const info = JSON.parse(probe.stdout.toString()) as { format: { duration: string }; streams: { codec_name: string; channels: number }[] };
  assert.equal(info.streams[0]?.codec_name, 'mp3');
  assert.equal(info.streams[0]?.channels, 1);
  return Number(info.format.duration);
}

/** A real engine wrapped to count its synthesize calls (not a fake: the audio is real). */
export function countingEngine(engine: SpeechEngine): SpeechEngine & { calls: number } {
  const counted = {
    calls: 0,
    get id() {
      return engine.id;
    },
    available: () => engine.available(),
    synthesize: (utterance: Parameters<SpeechEngine['synthesize']>[0]) => {
      counted.calls += 1;
      return engine.synthesize(utterance);
    },
  };
  return counted;
}
