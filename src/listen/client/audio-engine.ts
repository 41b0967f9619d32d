/**
 * The rendered audio file through an <audio> element: speed is playbackRate, sentences are the
 * renderer's timings (one [start, end] per utterance, in seconds), and the highlight follows
 * them on timeupdate and, while playing, every animation frame.
 */
import { AUTOPLAY_REFUSED, type EngineEvents, type ListenEngine, type ListenPosition, type PlayState } from './engine.js';

export interface AudioEngineOptions {
  audio: HTMLAudioElement;
  /** [start, end] of each sentence, in seconds. */
  timings: readonly (readonly [number, number])[];
  events: EngineEvents;
}

/** The sentence playing at `time`: the last one that has started. */
export function sentenceAt(timings: readonly (readonly [number, number])[], time: number): number {
  let low = 0;
  let high = timings.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((timings[mid]?.[0] ?? Infinity) <= time) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** An audio engine playing `audio`; see {@link AudioEngineOptions}. */
export function createAudioEngine({ audio, timings, events }: AudioEngineOptions): ListenEngine {
  const last = Math.max(0, timings.length - 1);
  let index = -1;
  let state: PlayState = 'idle';
  let frame = 0;
  let pendingTime: number | null = null;
  const win = audio.ownerDocument.defaultView;

  const setState = (next: PlayState) => {
    if (state === next) return;
    state = next;
    events.state(next);
  };

  const tick = () => {
    const time = pendingTime ?? audio.currentTime;
    events.time?.(time, Number.isFinite(audio.duration) ? audio.duration : 0);
    const at = sentenceAt(timings, time);
    if (at !== index) {
      index = at;
      events.sentence(at);
    }
  };

  const loop = () => {
    tick();
    if (!audio.paused && win) frame = win.requestAnimationFrame(loop);
  };

  const seekTo = (time: number) => {
    // Before metadata the element cannot seek yet; the time is applied once it can.
    if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) audio.currentTime = time;
    else pendingTime = time;
    tick();
  };

  audio.addEventListener('loadedmetadata', () => {
    if (pendingTime !== null) audio.currentTime = pendingTime;
    pendingTime = null;
  });
  audio.addEventListener('play', () => {
    setState('playing');
    if (win) {
      win.cancelAnimationFrame(frame);
      frame = win.requestAnimationFrame(loop);
    }
  });
  audio.addEventListener('pause', () => {
    if (!audio.ended) setState('paused');
    tick();
  });
  audio.addEventListener('ended', () => setState('ended'));
  audio.addEventListener('timeupdate', tick);
  audio.addEventListener('seeked', tick);
  audio.addEventListener('error', () => events.problem('音频文件无法播放。', true));

  return {
    kind: 'audio',
    get sentence() {
      return Math.max(0, index);
    },
    get state() {
      return state;
    },
    play() {
      if (state === 'ended') seekTo(0);
      audio.play().catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'NotAllowedError') {
          setState('idle');
          events.problem(AUTOPLAY_REFUSED);
        }
        // AbortError (a pause or a new source during loading) needs nothing; media errors arrive as 'error'.
      });
    },
    pause() {
      audio.pause();
    },
    seek(sentence) {
      const start = timings[Math.min(last, Math.max(0, sentence))]?.[0] ?? 0;
      if (state === 'ended') setState('paused');
      seekTo(start);
    },
    setRate(rate) {
      audio.defaultPlaybackRate = rate;
      audio.playbackRate = rate;
    },
    restore(position: ListenPosition) {
      seekTo(position.time ?? timings[Math.min(last, Math.max(0, position.sentence))]?.[0] ?? 0);
    },
    position() {
      return { sentence: Math.max(0, index), time: pendingTime ?? audio.currentTime };
    },
    stop() {
      audio.pause();
    },
  };
}
