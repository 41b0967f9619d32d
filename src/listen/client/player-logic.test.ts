/** The player's pure parts: voice choice per edition, the sentence at a time, the listen answer. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sentenceAt } from './audio-engine.js';
import { parseListenAnswer } from './listen-api.js';
import { pauseCancelsSpeech } from './speech-engine.js';
import { chooseVoice } from './voices.js';

const voice = (name: string, lang: string, extra: { default?: boolean; localService?: boolean } = {}) => ({ name, lang, default: false, localService: false, ...extra });

describe('chooseVoice', () => {
  const all = [voice('en', 'en-US', { default: true }), voice('hk', 'zh-HK'), voice('tw', 'zh-TW'), voice('cn', 'zh-CN')];

  it('takes zh-CN for Simplified and zh-TW for Traditional', () => {
    assert.equal(chooseVoice(all, 'zh-CN')?.name, 'cn');
    assert.equal(chooseVoice(all, 'zh-TW')?.name, 'tw');
  });

  it('falls back to zh-HK for Traditional, then to any Chinese voice', () => {
    assert.equal(chooseVoice([voice('cn', 'zh-CN'), voice('hk', 'zh_HK')], 'zh-TW')?.name, 'hk');
    assert.equal(chooseVoice([voice('en', 'en-US'), voice('cn', 'zh-CN')], 'zh-TW')?.name, 'cn');
    assert.equal(chooseVoice([voice('en', 'en-GB'), voice('yue', 'yue-HK')], 'zh-CN')?.name, 'yue');
    assert.equal(chooseVoice([voice('android', 'cmn-Hant-TW'), voice('cn', 'zh-CN')], 'zh-TW')?.name, 'android');
  });

  it('prefers the default, then a local voice among equals', () => {
    assert.equal(chooseVoice([voice('net', 'zh-CN'), voice('local', 'zh-CN', { localService: true })], 'zh-CN')?.name, 'local');
    assert.equal(chooseVoice([voice('local', 'zh-CN', { localService: true }), voice('default', 'zh-CN', { default: true })], 'zh-CN')?.name, 'default');
  });

  it('finds nothing without a Chinese voice (zh-ish names do not count)', () => {
    assert.equal(chooseVoice([voice('en', 'en-US'), voice('zu', 'zu-ZA')], 'zh-CN'), null);
    assert.equal(chooseVoice([], 'zh-TW'), null);
  });
});

describe('sentenceAt', () => {
  const timings: [number, number][] = [
    [0, 1.2],
    [1.5, 3],
    [3.4, 5],
  ];
  it('is the last sentence that has started (the pause after a sentence still belongs to it)', () => {
    assert.deepEqual([0, 1.19, 1.3, 1.5, 3.2, 3.4, 99].map((t) => sentenceAt(timings, t)), [0, 0, 0, 1, 1, 2, 2]);
    assert.equal(sentenceAt([], 2), 0);
  });
});

describe('parseListenAnswer', () => {
  it('reads the audio and treats anything malformed as none', () => {
    const audio = { url: '/audio/12-ab.mp3', type: 'audio/mpeg', duration: 4.5, timings: [[0, 2], [2.2, 4.5]] };
    assert.deepEqual(parseListenAnswer({ audio }), audio);
    assert.equal(parseListenAnswer({ audio: null }), null);
    assert.equal(parseListenAnswer(null), null);
    assert.equal(parseListenAnswer({ audio: { ...audio, url: 'https://elsewhere.example/x.mp3' } }), null);
    assert.equal(parseListenAnswer({ audio: { ...audio, timings: [[0, 'x']] } }), null);
    assert.equal(parseListenAnswer({ audio: { ...audio, duration: '4.5' } }), null);
  });
});

describe('pauseCancelsSpeech', () => {
  it('is Android only', () => {
    assert.equal(pauseCancelsSpeech('Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/126.0 Mobile'), true);
    assert.equal(pauseCancelsSpeech('Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0'), false);
  });
});
