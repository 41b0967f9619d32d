import { spawn } from 'node:child_process';
import { SpeechEngineMissingError } from './speech-engine.js';

export interface ProgramResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

export interface RunOptions {
  /** Killed (SIGKILL) after this long, which is then an error. */
  timeoutMs: number;
  /** What staff are told when the program is not installed (a SpeechEngineMissingError). */
  missing: string;
}

/**
 * Runs `command args` with `input` on stdin and collects stdout and stderr: no shell, no
 * temporary files. The programs audio rendering uses (espeak-ng, ffmpeg) go through this.
 */
export function runProgram(command: string, args: readonly string[], input: string | Buffer, options: RunOptions): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new SpeechEngineMissingError(options.missing, { cause: error }) : error);
    });
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') reject(new Error(`${command} 超过 ${options.timeoutMs} 毫秒未完成，已终止。`));
      else resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code });
    });
    // A process that died at once closes stdin under us; its exit code says why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
