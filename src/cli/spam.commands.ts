import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { OpenDatabase } from '../platform/db/database.js';
import { checkText, type SpamVerdict } from '../spam/spam.service.js';

/** What commands.ts lends the spam commands. */
export interface SpamCommandHelpers {
  /** Opens the configured database, runs `fn`, closes it. */
  withDatabase<T>(fn: (database: OpenDatabase) => Promise<T>): Promise<T>;
  out(line: string): void;
  /** Thrown for bad arguments: main prints the message and exits with code 2. */
  UsageError: new (message: string) => Error;
  /** Where `-` and `--lines` read from; default process.stdin. */
  stdin?: Readable;
}

/** The verdict as JSON: exactly {score, action, reasons}. */
function verdictJson({ score, action, reasons }: SpamVerdict): string {
  return JSON.stringify({ score, action, reasons });
}

/** The verdict for a person: the action and score, then one line per reason. */
function verdictLines(verdict: SpamVerdict): string[] {
  const lines = [`${verdict.action}\tscore ${verdict.score}`];
  for (const r of verdict.reasons) lines.push(`  ${r.score >= 0 ? '+' : ''}${r.score.toFixed(1)}\t${r.phase}\t${r.detail}`);
  return lines;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `xinwen spam check [--json] [TEXT | -]`: scores one text (`-` or no TEXT: standard input)
 * and prints the verdict; `--lines` scores each line of standard input and prints one JSON
 * object per line, in order (an empty line gets the verdict of an empty text, so lines stay
 * aligned). Nothing is recorded or learnt.
 */
export function registerSpamCommands(program: Command, helpers: SpamCommandHelpers): void {
  const { out, UsageError } = helpers;
  const stdin = () => helpers.stdin ?? process.stdin;
  const spam = program.command('spam').description('spam and gambling scoring');
  spam
    .command('check')
    .description('score a text: prints {score, action: allow|flag|hold|block, reasons: [{phase, detail, score}]}')
    .argument('[text]', 'the text; - or nothing reads standard input')
    .option('--json', 'print JSON instead of lines for a person')
    .option('--lines', 'score each line of standard input; one JSON object per line, in order')
    .action(async (text: string | undefined, options: { json?: boolean; lines?: boolean }) => {
      if (options.lines && text !== undefined && text !== '-') throw new UsageError('--lines reads standard input; give no TEXT (or -).');
      await helpers.withDatabase(async ({ db }) => {
        if (options.lines) {
          const lines = createInterface({ input: stdin(), crlfDelay: Infinity });
          for await (const line of lines) out(verdictJson(await checkText(db, line)));
          return;
        }
        const input = text === undefined || text === '-' ? (await readAll(stdin())).replace(/\r?\n$/, '') : text;
        const verdict = await checkText(db, input);
        if (options.json) out(verdictJson(verdict));
        else out(verdictLines(verdict).join('\n'));
      });
    });
}
