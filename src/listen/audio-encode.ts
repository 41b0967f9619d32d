import { runProgram } from './run-program.js';
import type { Pcm } from './speech-engine.js';

export interface EncodeOptions {
  /** The program; default `ffmpeg` from PATH. */
  command?: string;
  /** Bit rate in kbit/s; default 48 (speech, mono). */
  kbps?: number;
  /** How long encoding may take before ffmpeg is killed; default 120 s. */
  timeoutMs?: number;
}

const MISSING = '服务器没有安装 ffmpeg，无法压缩音频（请安装 Debian 的 ffmpeg 软件包）。';

/**
 * Encodes 16-bit mono PCM to MP3 (libmp3lame, mono, constant bit rate) with ffmpeg: raw PCM on
 * stdin, MP3 on stdout, no shell, no temporary files. MP3 rather than Opus because every podcast
 * app and Safari's <audio> play it (docs/architecture.md, "Listen: rendering and serving audio").
 * The sample rate is kept (22,050 Hz from espeak-ng).
 */
export async function encodeMp3(pcm: Pcm, options: EncodeOptions = {}): Promise<Buffer> {
  const command = options.command ?? 'ffmpeg';
  const kbps = options.kbps ?? 48;
  const timeoutMs = options.timeoutMs ?? 120_000;
  // Constant bit rate: written to a pipe, the MP3 has no Xing header, and with CBR players (and
  // ffprobe) still know its duration from its size.
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 's16le', '-ar', String(pcm.sampleRate), '-ac', '1', '-i', 'pipe:0',
    // LAME's -q 7 (its algorithm quality, not the bit rate): 2.5× faster than the default and
    // no audible difference for synthetic speech at 48 kbit/s.
    '-c:a', 'libmp3lame', '-b:a', `${kbps}k`, '-compression_level', '7', '-ac', '1', '-id3v2_version', '0',
    '-f', 'mp3', 'pipe:1',
  ];
  const result = await runProgram(command, args, pcm.samples, { timeoutMs, missing: MISSING });
  if (result.code !== 0) throw new Error(`ffmpeg 出错（退出码 ${result.code}）：${result.stderr.trim().slice(0, 300)}`);
  return result.stdout;
}
