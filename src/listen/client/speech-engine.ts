/**
 * Browser speech (Web Speech API): one short utterance at a time, the next started from the
 * previous one's end, so Chrome never cuts off a long one and the highlight follows exactly.
 */
import { AUTOPLAY_REFUSED, type EngineEvents, type ListenEngine, type ListenPosition, type PlayState } from './engine.js';

export interface SpeechEngineOptions {
  synth: SpeechSynthesis;
  Utterance: typeof SpeechSynthesisUtterance;
  /** The utterances' texts, in reading order. */
  texts: readonly string[];
  /** BCP 47 language set on every utterance (zh-CN, zh-TW). */
  lang: string;
  voice: SpeechSynthesisVoice | null;
  /** Android's pause cancels speech: pausing cancels and resuming restarts the sentence. */
  restartOnResume: boolean;
  events: EngineEvents;
}

/** Whether this browser's speechSynthesis.pause() throws the utterance away (Android). */
export function pauseCancelsSpeech(userAgent: string): boolean {
  return /Android/i.test(userAgent);
}

/** A speech engine over `texts`; see {@link SpeechEngineOptions}. */
export function createSpeechEngine(options: SpeechEngineOptions): ListenEngine {
  const { synth, Utterance, texts, lang, voice, restartOnResume, events } = options;
  const last = Math.max(0, texts.length - 1);
  let index = 0;
  let rate = 1;
  let state: PlayState = 'idle';
  /** The utterance in flight; events of any other (cancelled) utterance are ignored. */
  let current: SpeechSynthesisUtterance | null = null;

  const setState = (next: PlayState) => {
    state = next;
    events.state(next);
  };

  const silence = () => {
    current = null;
    synth.cancel();
    // Chrome keeps a paused synthesiser paused after cancel(), and the next utterance would wait.
    if (synth.paused) synth.resume();
  };

  const speak = () => {
    const text = texts[index];
    if (text === undefined) return finish();
    silence();
    const utterance = new Utterance(text);
    utterance.lang = lang;
    if (voice) utterance.voice = voice;
    utterance.rate = rate;
    utterance.onend = () => {
      if (current !== utterance) return;
      current = null;
      if (index >= last) return finish();
      index += 1;
      speak();
    };
    utterance.onerror = (event) => {
      if (current !== utterance || event.error === 'interrupted' || event.error === 'canceled') return;
      current = null;
      // Refused before it began (no click yet): back to 收听, which the message asks for.
      setState(event.error === 'not-allowed' ? 'idle' : 'paused');
      events.problem(event.error === 'not-allowed' ? AUTOPLAY_REFUSED : `朗读中断（${event.error}），请点击“继续”再试。`);
    };
    current = utterance;
    events.sentence(index);
    synth.speak(utterance);
  };

  const finish = () => {
    silence();
    setState('ended');
  };

  return {
    kind: 'speech',
    get sentence() {
      return index;
    },
    get state() {
      return state;
    },
    play() {
      if (state === 'playing') return;
      if (state === 'ended') index = 0;
      const resumable = state === 'paused' && current !== null && !restartOnResume && synth.paused;
      setState('playing');
      if (resumable) synth.resume();
      else speak();
    },
    pause() {
      if (state !== 'playing') return;
      if (restartOnResume) silence();
      else synth.pause();
      setState('paused');
    },
    seek(sentence) {
      index = Math.min(last, Math.max(0, sentence));
      if (state === 'playing') return speak();
      silence();
      if (state === 'ended') setState('paused');
      events.sentence(index);
    },
    setRate(next) {
      rate = next;
      if (state === 'playing') speak();
      else if (current) silence(); // a paused utterance keeps its old rate: start the sentence afresh
    },
    restore(position: ListenPosition) {
      index = Math.min(last, Math.max(0, position.sentence));
      events.sentence(index);
    },
    position() {
      return { sentence: index };
    },
    stop() {
      silence();
      // A page kept in the back/forward cache comes back paused at this sentence.
      if (state === 'playing') setState('paused');
    },
  };
}
