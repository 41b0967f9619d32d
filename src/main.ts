// First: bounds the heap before the other modules are evaluated.
import './heap-at-start.js';
import { Command } from 'commander';
import { UsageError, runCli } from './cli/commands.js';

/** CLI entry: dispatch only. Every command lives in src/cli/commands.ts. */
try {
  process.exitCode = await runCli(new Command(), process.argv);
} catch (error) {
  process.stderr.write(`xinwen: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
