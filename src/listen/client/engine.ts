/** What the player drives: the rendered audio file or the browser's speech, behind one interface. */

export type PlayState = 'idle' | 'playing' | 'paused' | 'ended';

/** Where a reader left off: the sentence, and for audio the second within the file. */
export interface ListenPosition {
  sentence: number;
  time?: number;
}

/** What an engine reports to the player. */
export interface EngineEvents {
  /** The sentence being read changed (highlight it, update progress). */
  sentence(index: number): void;
  state(state: PlayState): void;
  /** A message for the reader (status line); `fatal` means this engine cannot go on. */
  problem(message: string, fatal?: boolean): void;
  /** Audio only: the playing position, in seconds. */
  time?(current: number, duration: number): void;
}

export interface ListenEngine {
  readonly kind: 'audio' | 'speech';
  /** Starts, or resumes from where it paused. */
  play(): void;
  pause(): void;
  /** Jumps to a sentence (clamped), keeping the playing state. */
  seek(sentence: number): void;
  /** 0.75–2; a sentence being spoken restarts at the new rate. */
  setRate(rate: number): void;
  /** Moves to a stored position without playing. */
  restore(position: ListenPosition): void;
  position(): ListenPosition;
  readonly sentence: number;
  readonly state: PlayState;
  /** Stops for good (page leaving). */
  stop(): void;
}

/** Shown when the browser refused to start playing without a click. */
export const AUTOPLAY_REFUSED = '浏览器没有允许自动播放，请点击播放按钮开始收听。';
