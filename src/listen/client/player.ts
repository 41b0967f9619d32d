/**
 * The 收听 player on the article page (listen-player.view.tsx): plays the article's rendered
 * audio when the server has it, otherwise reads the `[data-speak]` blocks with the browser's
 * Chinese voice. UI strings are Simplified; the Traditional bundle is converted as a whole.
 */
import { createAudioEngine } from './audio-engine.js';
import type { EngineEvents, ListenEngine, ListenPosition, PlayState } from './engine.js';
import { floatWhenOutOfView } from './floating.js';
import { createHighlighter } from './highlight.js';
import { fetchListenAudio, type ListenAudio } from './listen-api.js';
import { setUpMediaSession } from './media-session.js';
import { collectSentences } from './sentences.js';
import { createSpeechEngine, pauseCancelsSpeech } from './speech-engine.js';
import { clearPosition, loadPosition, loadRate, requestContinue, savePosition, saveRate, takeContinue } from './storage.js';
import { chooseVoice, waitForVoices } from './voices.js';

export const NO_SPEECH = '您的浏览器不支持朗读，请换用较新的浏览器收听。';
export const NO_CHINESE_VOICE = '您的浏览器没有中文语音，无法朗读。可以在系统设置中安装中文（普通话或国语）语音后刷新本页。';

const PLAY_LABELS: Record<PlayState, string> = { idle: '收听', playing: '暂停', paused: '继续', ended: '重新收听' };

function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

interface PlayerUi {
  play: HTMLButtonElement;
  playLabel: HTMLElement;
  back: HTMLButtonElement;
  forward: HTMLButtonElement;
  rate: HTMLSelectElement;
  progress: HTMLElement;
  status: HTMLElement;
  continueButton: HTMLButtonElement | null;
}

function findUi(root: HTMLElement): PlayerUi | null {
  const play = root.querySelector<HTMLButtonElement>('[data-listen-play]');
  const playLabel = root.querySelector<HTMLElement>('[data-listen-play-label]');
  const back = root.querySelector<HTMLButtonElement>('[data-listen-back]');
  const forward = root.querySelector<HTMLButtonElement>('[data-listen-forward]');
  const rate = root.querySelector<HTMLSelectElement>('[data-listen-rate]');
  const progress = root.querySelector<HTMLElement>('[data-listen-progress]');
  const status = root.querySelector<HTMLElement>('[data-listen-status]');
  if (!play || !playLabel || !back || !forward || !rate || !progress || !status) return null;
  return { play, playLabel, back, forward, rate, progress, status, continueButton: root.querySelector<HTMLButtonElement>('[data-listen-continue]') };
}

/** Starts the page's listen player, if it has one and something to read. */
export function initListenPlayer(doc: Document): void {
  const root = doc.querySelector<HTMLElement>('[data-listen-player]');
  const win = doc.defaultView;
  const articleId = root?.dataset.articleId;
  if (!root || !win || !articleId) return;
  const ui = findUi(root);
  const sentences = collectSentences(doc);
  if (!ui || sentences.length === 0) return;

  const lang = root.dataset.speechLang ?? 'zh-CN';
  const nextUrl = root.dataset.nextUrl;
  const nextTitle = root.dataset.nextTitle;
  const title = doc.querySelector('h1[data-speak]')?.textContent ?? doc.title;
  const continuing = takeContinue(win.location.pathname);
  const floating = floatWhenOutOfView(root, root.querySelector<HTMLElement>('.listen-panel'));
  const highlighter = createHighlighter(doc, { obscuredBottom: floating.covered });
  const rates = [...ui.rate.options].map((o) => Number(o.value));
  let rate = loadRate(rates) ?? 1;
  ui.rate.value = String(rate);

  let engine: ListenEngine | null = null;
  let total = sentences.length;
  let sentence = 0;
  let clockText = '';
  let markPlaying: (playing: boolean) => void = () => {};

  const say = (message: string) => {
    ui.status.textContent = message;
  };
  const showProgress = () => {
    const text = `第 ${sentence + 1} / ${total} 句${clockText}`;
    if (ui.progress.textContent !== text) ui.progress.textContent = text;
  };
  const setControlsEnabled = (enabled: boolean) => {
    for (const control of [ui.play, ui.back, ui.forward, ui.rate]) control.disabled = !enabled;
    ui.progress.hidden = !enabled;
  };
  const goToNext = () => {
    if (!nextUrl) return;
    requestContinue(new URL(nextUrl, win.location.href).pathname);
    win.location.assign(nextUrl);
  };

  const events: EngineEvents = {
    sentence(index) {
      sentence = index;
      highlighter.show(sentences[index]);
      showProgress();
      if (engine && engine.state !== 'idle') savePosition(articleId, engine.position());
    },
    state(state) {
      root.dataset.state = state;
      floating.setActive(state !== 'idle');
      ui.playLabel.textContent = PLAY_LABELS[state];
      markPlaying(state === 'playing');
      if (ui.continueButton) ui.continueButton.hidden = state !== 'ended';
      if (state === 'playing') say('');
      if (state === 'paused' && engine) savePosition(articleId, engine.position());
      if (state === 'ended') {
        clearPosition(articleId);
        highlighter.clear();
        say(nextUrl && nextTitle ? `本文已读完。下一篇：${nextTitle}` : '本文已读完。');
      }
    },
    problem(message, fatal) {
      say(message);
      if (fatal && engine?.kind === 'audio') {
        const at = engine.position();
        engine.stop();
        engine = null;
        ready = startSpeech('音频文件无法播放，改用浏览器朗读。').then((speech) => {
          speech?.restore({ sentence: at.sentence });
          return speech;
        });
      }
    },
    time(current, duration) {
      clockText = ` · ${clock(current)} / ${clock(duration)}`;
      showProgress();
    },
  };

  const startAudio = (audio: ListenAudio): ListenEngine | null => {
    const element = doc.createElement('audio');
    if (element.canPlayType(audio.type) === '') return null;
    element.preload = 'metadata';
    element.className = 'listen-audio';
    element.src = audio.url;
    root.append(element);
    total = audio.timings.length || sentences.length;
    const audioEngine = createAudioEngine({ audio: element, timings: audio.timings, events });
    markPlaying = setUpMediaSession(
      win.navigator,
      { title, artist: root.dataset.outlet ?? '' },
      // Through `engine`: after a fallback to speech the same keys drive the voice.
      {
        play: () => engine?.play(),
        pause: () => engine?.pause(),
        previousSentence: () => engine?.seek(engine.sentence - 1),
        nextSentence: () => engine?.seek(engine.sentence + 1),
        restart: () => engine?.seek(0),
        nextArticle: nextUrl ? goToNext : undefined,
      },
    );
    return audioEngine;
  };

  const startSpeech = async (notice = ''): Promise<ListenEngine | null> => {
    total = sentences.length;
    clockText = '';
    if (!('speechSynthesis' in win) || typeof win.SpeechSynthesisUtterance !== 'function') {
      setControlsEnabled(false);
      say(NO_SPEECH);
      return null;
    }
    const synth = win.speechSynthesis;
    const voice = chooseVoice(await waitForVoices(synth), lang);
    if (!voice) {
      setControlsEnabled(false);
      say(NO_CHINESE_VOICE);
      return null;
    }
    if (notice) say(notice);
    engine = createSpeechEngine({
      synth,
      Utterance: win.SpeechSynthesisUtterance,
      texts: sentences.map((s) => s.text),
      lang,
      voice,
      restartOnResume: pauseCancelsSpeech(win.navigator.userAgent),
      events,
    });
    engine.setRate(rate);
    return engine;
  };

  let ready: Promise<ListenEngine | null> = (async () => {
    const audio = await fetchListenAudio(articleId);
    const audioEngine = audio ? startAudio(audio) : null;
    if (audioEngine) {
      engine = audioEngine;
      engine.setRate(rate);
      return engine;
    }
    return startSpeech();
  })().then((started) => {
    const saved: ListenPosition | null = loadPosition(articleId);
    if (started && saved) {
      started.restore(saved);
      ui.playLabel.textContent = PLAY_LABELS.paused;
      if (!continuing) say(`上次听到第 ${Math.min(saved.sentence, total - 1) + 1} 句，点击“继续”接着听。`);
    }
    if (started && continuing) started.play();
    return started;
  });

  // Called within the click when the engine is there: Safari lets media and speech start only
  // from the reader's gesture itself. That is also why the listen JSON is asked for at load.
  const withEngine = (action: (engine: ListenEngine) => void) => {
    if (engine) return action(engine);
    void ready.then((started) => {
      if (started) action(started);
    });
  };

  root.hidden = false;
  showProgress();
  ui.play.addEventListener('click', () => withEngine((e) => (e.state === 'playing' ? e.pause() : e.play())));
  ui.back.addEventListener('click', () => withEngine((e) => e.seek(e.sentence - 1)));
  ui.forward.addEventListener('click', () => withEngine((e) => e.seek(e.sentence + 1)));
  ui.rate.addEventListener('change', () => {
    const chosen = Number(ui.rate.value);
    if (!rates.includes(chosen)) return;
    rate = chosen;
    saveRate(rate);
    withEngine((e) => e.setRate(rate));
  });
  ui.continueButton?.addEventListener('click', goToNext);
  win.addEventListener('pagehide', () => {
    if (engine?.state === 'playing') savePosition(articleId, engine.position());
    engine?.stop();
  });
}
