import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeMp3 } from '../audio-encode.js';
import { probeSeconds } from '../audio.testing.js';
import { pcmDurationMs, pcmFromWav, silence, SpeechEngineMissingError } from '../speech-engine.js';
import { createEspeakEngine } from './espeak-engine.js';

// Needs Debian's espeak-ng and ffmpeg (CI installs both). Hand-written pinyin, as the speech script would give.
describe('espeak-ng engine and MP3 encoder', () => {
  const engine = createEspeakEngine();
  const short = { text: '银行行长到重庆。', spoken: '银行行长到重庆。', pinyin: 'yin2 hang2 hang2 zhang3 dao4 chong2 qing4.' };
  const long = {
    text: '长',
    spoken: '长',
    pinyin: 'yin2 hang2 hang2 zhang3 dao4 chong2 qing4, jin1 tian1 xia4 wu3 zai4 shi4 zheng4 fu3 kai1 hui4, tao3 lun4 le5 xin1 de5 di4 tie3 xian4 lu4 he2 gong1 jiao1 xian4 lu4 de5 an1 pai2.',
  };

  it('is available here and names its version and voice', async () => {
    assert.equal(await engine.available(), true);
    assert.match(engine.id, /^espeak-ng \d+\.\d+\S* cmn-latn-pinyin$/);
  });

  it('returns 16-bit mono PCM whose length grows with the text', async () => {
    const a = await engine.synthesize(short);
    const b = await engine.synthesize(long);
    assert.equal(a.sampleRate, 22050);
    assert.equal(a.samples.length % 2, 0);
    const ratio = pcmDurationMs(b) / pcmDurationMs(a);
    // ~4.7× the syllables: a generous band, not a timing.
    assert.ok(ratio > 2.5 && ratio < 9, `duration ratio ${ratio}`);
  });

  it('encodes to an MP3 that ffprobe decodes, as long as the PCM (plus the encoder delay)', async () => {
    const pcm = await engine.synthesize(long);
    const withPause = { sampleRate: pcm.sampleRate, samples: Buffer.concat([pcm.samples, silence(pcm.sampleRate, 400)]) };
    const mp3 = await encodeMp3(withPause);
    assert.equal(mp3.subarray(0, 2).readUInt16BE(0) & 0xffe0, 0xffe0, 'starts with an MPEG frame sync');
    const seconds = probeSeconds(mp3);
    const expected = pcmDurationMs(withPause) / 1000;
    assert.ok(Math.abs(seconds - expected) < 0.2, `ffprobe ${seconds}s, PCM ${expected}s`);
  });

  it('says clearly when espeak-ng is not installed, and is then unavailable', async () => {
    const missing = createEspeakEngine({ command: 'espeak-ng-not-installed-here' });
    assert.equal(await missing.available(), false);
    await assert.rejects(missing.synthesize(short), (error: unknown) => error instanceof SpeechEngineMissingError && /espeak-ng/.test(error.message));
  });

  it('kills an espeak-ng that runs past its timeout', async () => {
    const slow = createEspeakEngine({ timeoutMs: 1 });
    await assert.rejects(slow.synthesize(long), /超过 1 毫秒未完成/);
  });

  it('reads WAV headers, including the unknown data size espeak-ng writes to a pipe', () => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'ascii');
    header.writeUInt32LE(0x7ffff024, 4);
    header.write('WAVEfmt ', 8, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(22050, 24);
    header.writeUInt32LE(44100, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(0x7ffff000, 40);
    const pcm = pcmFromWav(Buffer.concat([header, Buffer.alloc(2205 * 2 + 1)]));
    assert.equal(pcm.sampleRate, 22050);
    assert.equal(pcm.samples.length, 2205 * 2);
    assert.equal(pcmDurationMs(pcm), 100);
    assert.throws(() => pcmFromWav(Buffer.from('not a wav file at all')), /not a WAV/);
  });
});
