import { runProgram } from '../run-program.js';
import { pcmFromWav, SpeechEngineMissingError, type EngineUtterance, type Pcm, type SpeechEngine } from '../speech-engine.js';

export interface EspeakEngineOptions {
  /** The program; default `espeak-ng` from PATH. */
  command?: string;
  /** The voice; default `cmn-latn-pinyin`, which reads tone-numbered pinyin (`yin2 hang2`). */
  voice?: string;
  /** Words per minute; default espeak-ng's own (175). */
  speed?: number;
  /** How long one utterance may take before the process is killed; default 20 s. */
  timeoutMs?: number;
}

/** What staff are told when the program is not installed. */
const MISSING = '服务器没有安装 espeak-ng，无法生成音频（请安装 Debian 的 espeak-ng 软件包）。';

/**
 * espeak-ng as a speech engine: one process per utterance (`espeak-ng -v cmn-latn-pinyin
 * --stdout`, the pinyin on stdin), so each utterance's WAV gives its exact length. Spawning is
 * cheap next to synthesis (see docs/architecture.md, "Listen: rendering and serving audio").
 */
export function createEspeakEngine(options: EspeakEngineOptions = {}): SpeechEngine {
  const command = options.command ?? 'espeak-ng';
  const voice = options.voice ?? 'cmn-latn-pinyin';
  const timeoutMs = options.timeoutMs ?? 20_000;
  const args = ['-v', voice, ...(options.speed ? ['-s', String(options.speed)] : []), '--stdout'];
  let version: Promise<string | null> | null = null;
  let id = `espeak-ng ${voice}`;

  const probe = (): Promise<string | null> => {
    version ??= runProgram(command, ['--version'], '', { timeoutMs, missing: MISSING }).then(
      (result) => {
        const match = /eSpeak NG text-to-speech: (\S+)/.exec(result.stdout.toString('utf8'));
        const v = match?.[1] ?? null;
        if (result.code === 0) id = `espeak-ng ${v ?? ''} ${voice}`.replace(/\s+/g, ' ');
        return result.code === 0 ? (v ?? 'unknown') : null;
      },
      (error: unknown) => {
        if (error instanceof SpeechEngineMissingError) return null;
        // Asked again next time: a probe that timed out says nothing about the program.
        version = null;
        throw error;
      },
    );
    return version;
  };

  return {
    get id() {
      return id;
    },
    async available() {
      return (await probe()) !== null;
    },
    async synthesize(utterance: EngineUtterance): Promise<Pcm> {
      await probe();
      const result = await runProgram(command, args, utterance.pinyin, { timeoutMs, missing: MISSING });
      if (result.code !== 0) throw new Error(`espeak-ng 出错（退出码 ${result.code}）：${result.stderr.trim().slice(0, 300)}`);
      return pcmFromWav(result.stdout);
    },
  };
}
