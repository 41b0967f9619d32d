import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What one wrk run measured. */
export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency percentiles from wrk's distribution, in ms. */
  p50Ms: number;
  p99Ms: number;
  /** Answers of 400 and above, and socket errors (connect, read, write, timeout). */
  non2xx: number;
  socketErrors: number;
  /** wrk's own line, e.g. `connect 0, read 0, write 0, timeout 3`. */
  socketErrorDetail: string;
}

export interface WrkOptions {
  /** Seconds to run. */
  seconds: number;
  /** Open connections; default 50. */
  connections?: number;
  /** wrk threads; default 1 (a second thread would take the core the server needs). */
  threads?: number;
  /** A Lua script under bench/wrk/ (POST bodies, headers). */
  script?: string;
  /** Arguments the script's init(args) receives. */
  scriptArgs?: string[];
  /** Request headers, `name: value`. */
  headers?: string[];
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function duration(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) throw new Error(`wrk printed a latency it cannot read: ${text}`);
  return Number(match[1]) * (UNIT_MS[match[2]] ?? Number.NaN);
}

/** Reads wrk's report (`--latency`): requests, req/s, the 50% and 99% lines, errors. */
export function parseWrkOutput(output: string): WrkResult {
  const requests = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(output);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!requests?.[1] || !requests[2] || !requests[3] || !rps?.[1] || !p50?.[1] || !p99?.[1]) {
    throw new Error(`wrk's report is missing its totals or latency distribution:\n${output}`);
  }
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requests: Number(requests[1]),
    seconds: duration(`${requests[2]}${requests[3]}`) / 1000,
    requestsPerSecond: Number(rps[1]),
    p50Ms: duration(p50[1]),
    p99Ms: duration(p99[1]),
    non2xx: non2xx?.[1] ? Number(non2xx[1]) : 0,
    socketErrors,
    socketErrorDetail: socket?.[0].replace('Socket errors: ', '') ?? '',
  };
}

/** Runs `wrk -t1 -c50 -d{seconds}s --timeout 10s --latency url` and reads its report. */
export async function runWrk(url: string, options: WrkOptions): Promise<WrkResult> {
  // wrk's default 2 s timeout drops slow answers from the latency figures and calls them socket
  // errors; at 10 s, a timeout is a server that stalled, and fails the run.
  const args = [`-t${options.threads ?? 1}`, `-c${options.connections ?? 50}`, `-d${options.seconds}s`, '--timeout', '10s', '--latency'];
  for (const header of options.headers ?? []) args.push('-H', header);
  if (options.script) args.push('-s', fileURLToPath(new URL(`./wrk/${options.script}`, import.meta.url)));
  args.push(url);
  if (options.scriptArgs?.length) args.push('--', ...options.scriptArgs);
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`wrk did not start (apt-get install wrk): ${error.message}`)));
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`wrk ${args.join(' ')} failed (code ${code}):\n${output}`);
  return parseWrkOutput(output);
}
