/**
 * The speech-engine interface (issue 6): one utterance of the speech script in, 16-bit mono PCM
 * out. espeak-ng (src/listen/espeak/) is the engine here; a cloud engine (Azure, Google) is
 * another folder implementing the same interface. The renderer counts samples, so timestamps
 * are exact whatever the engine.
 */

/** What an engine is asked to say: `spoken` is the text as read, `pinyin` tone-numbered pinyin of it. */
export interface EngineUtterance {
  text: string;
  spoken: string;
  pinyin: string;
}

/** Raw audio: signed 16-bit little-endian samples, one channel. */
export interface Pcm {
  sampleRate: number;
  samples: Buffer;
}

export interface SpeechEngine {
  /** Names the engine, its version and voice (stored with each rendering), e.g. `espeak-ng 1.51 cmn-latn-pinyin`. */
  readonly id: string;
  /** False when the engine cannot run here (not installed): audio is then 'unavailable', never a crash. */
  available(): Promise<boolean>;
  /** The utterance as PCM. Throws SpeechEngineMissingError when the engine is not installed. */
  synthesize(utterance: EngineUtterance): Promise<Pcm>;
}

/** The engine's program is not installed (espeak-ng missing). */
export class SpeechEngineMissingError extends Error {
  override name = 'SpeechEngineMissingError';
}

/** Bytes per sample of the PCM engines return. */
export const BYTES_PER_SAMPLE = 2;

/** Duration of `pcm` in milliseconds (exact, from the sample count). */
export function pcmDurationMs(pcm: Pcm): number {
  return (pcm.samples.length / BYTES_PER_SAMPLE / pcm.sampleRate) * 1000;
}

/**
 * The PCM samples of a RIFF/WAVE file of 16-bit mono PCM. espeak-ng writes the data chunk's size
 * as "unknown" (0x7ffff000) when writing to a pipe, so the data runs to the end of the buffer.
 */
export function pcmFromWav(wav: Buffer): Pcm {
  if (wav.length < 12 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a WAV file');
  }
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = wav.readUInt16LE(body);
      const channels = wav.readUInt16LE(body + 2);
      sampleRate = wav.readUInt32LE(body + 4);
      const bits = wav.readUInt16LE(body + 14);
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error(`unsupported WAV: format ${format}, ${channels} channels, ${bits} bits`);
    } else if (id === 'data') {
      if (sampleRate === 0) throw new Error('WAV data before its format');
      const end = Math.min(wav.length, body + size);
      // Whole samples only.
      const samples = wav.subarray(body, body + Math.floor((end - body) / BYTES_PER_SAMPLE) * BYTES_PER_SAMPLE);
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV without a data chunk');
}

/** `ms` of silence at `sampleRate`. */
export function silence(sampleRate: number, ms: number): Buffer {
  return Buffer.alloc(Math.round((sampleRate * ms) / 1000) * BYTES_PER_SAMPLE);
}
