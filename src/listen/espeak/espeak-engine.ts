import { spawn } from 'node:child_process';
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

interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

/** Runs `command args` with `input` on stdin: no shell, killed after `timeoutMs`. */
function run(command: string, args: string[], input: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new SpeechEngineMissingError(MISSING, { cause: error }) : error);
    });
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') reject(new Error(`espeak-ng 超过 ${timeoutMs} 毫秒未完成，已终止。`));
      else resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code });
    });
    // A process that died at once closes stdin under us; its exit code says why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input, 'utf8');
  });
}

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
    version ??= run(command, ['--version'], '', timeoutMs).then(
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
      const result = await run(command, args, utterance.pinyin, timeoutMs);
      if (result.code !== 0) throw new Error(`espeak-ng 出错（退出码 ${result.code}）：${result.stderr.trim().slice(0, 300)}`);
      return pcmFromWav(result.stdout);
    },
  };
}
