import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/xinwen.js', import.meta.url));

/** A port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** A running `xinwen serve` process. */
export interface Instance {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything it printed so far (for error messages). */
  output(): string;
  /** SIGTERM, and wait for it to exit. */
  stop(): Promise<void>;
}

export interface StartInstanceOptions {
  databaseUrl: string;
  dataDir: string;
  /** Extra environment (XINWEN_PAGE_CACHE_MB, XINWEN_PUBLIC_URL, …) over the inherited one. */
  env?: Record<string, string>;
  /** Port to listen on; default a free one. */
  port?: number;
  /** More arguments for `xinwen serve` (`--seed-demo-if-empty`). */
  args?: string[];
  /** How long to wait for /healthz; default 60 s. */
  startTimeoutMs?: number;
}

/**
 * Starts `xinwen serve` (bin/xinwen.js, as in production) and resolves once /healthz answers.
 * Audio rendering is off and logging at warn unless `env` says otherwise.
 */
export async function startInstance(options: StartInstanceOptions): Promise<Instance> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', ...(options.args ?? [])], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      XINWEN_AUDIO_RENDER: 'off',
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      XINWEN_DATA_DIR: options.dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Keep the tail only: a server under load may warn many times.
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`xinwen serve exited early (code ${child.exitCode}):\n${output}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`xinwen serve did not answer /healthz within the time allowed:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  if (child.pid === undefined) throw new Error('xinwen serve has no pid');
  return { child, pid: child.pid, port, url, output: () => output, stop };
}

/** Resident memory of a process now and at its peak, in MB (Linux /proc). */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) / 1024;
  };
  return { rssMb: kb('VmRSS'), peakRssMb: kb('VmHWM') };
}

/** CPU seconds (user + system) a process has used so far (Linux /proc). */
export function cpuSecondsOf(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat: 11 and 12 here, counted from 0 after the name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
