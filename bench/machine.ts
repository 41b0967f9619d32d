import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a run was measured on, recorded with its figures. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  wrk: string;
  nginx: string;
  /** 1, 5 and 15-minute load average when the run started: other work on the machine shows here. */
  loadAverage: number[];
}

/** The first line a program prints (on stdout or stderr: `nginx -v` uses stderr). */
const firstLine = (command: string, args: string[]): string => {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return 'not installed';
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim() ?? '';
};

export function describeMachine(): Machine {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    wrk: firstLine('wrk', ['--version']).replace(/ Copyright.*$/, ''),
    nginx: firstLine('/usr/sbin/nginx', ['-v']).replace(/^nginx version: /, ''),
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** Columns a string takes in a terminal: Chinese characters and full-width signs take two. */
const columns = (text: string): number => [...text].reduce((n, c) => n + (/[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
const pad = (text: string, width: number, left: boolean): string => {
  const fill = ' '.repeat(Math.max(0, width - columns(text)));
  return left ? `${text}${fill}` : `${fill}${text}`;
};

/** Lays out rows of cells as a plain-text table with a header rule. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(columns(h), ...rows.map((r) => columns(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] ?? 0, i === 0)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
