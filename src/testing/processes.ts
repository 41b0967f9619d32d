import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../deploy/instances.js';

/** The `xinwen` command, as installed (bin/xinwen.js runs the sources through tsx). */
export const XINWEN_BIN = fileURLToPath(new URL('../../bin/xinwen.js', import.meta.url));

/** A running `xinwen` child process. */
export interface XinwenProcess {
  child: ChildProcess;
  /** Everything it has written so far, stdout and stderr together. */
  output(): string;
  /** Sends `signal` (default SIGTERM) and resolves to the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `xinwen <args>` with `env` added to this process's environment. */
export function spawnXinwen(args: string[], env: Record<string, string>): XinwenProcess {
  const child = spawn(process.execPath, [XINWEN_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Waits until `ready()` holds, failing with the process's output if it exits first or `timeoutMs` passes. */
export async function waitUntilReady(proc: XinwenProcess, ready: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited early: ${proc.output()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start: ${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `xinwen serve` on a free port with `env` and waits until /healthz answers. */
export async function startServeProcess(env: Record<string, string>): Promise<XinwenProcess & { url: string }> {
  const port = await freePort();
  const proc = spawnXinwen(['serve', '--port', String(port)], env);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(proc, () => fetch(`${url}/healthz`).then((r) => r.ok, () => false), 'xinwen serve');
  return { ...proc, url };
}
