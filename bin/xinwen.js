#!/usr/bin/env node
// The xinwen command. Runs the build in dist/ (`npm run build`: src/ compiled by esbuild) when it
// was built from the sources as they are now; otherwise the TypeScript sources through tsx, so a
// clean clone, or a source edited since the build, needs no build step and a stale build never
// runs. The build spares a server tsx's ~50 MB and its compiling at start. XINWEN_RUN_FROM=source
// forces the sources; =build insists on a fresh build (the systemd units), failing without one.
import { fileURLToPath } from 'node:url';
import { chooseEntry } from '../scripts/build-stamp.mjs';

let from;
try {
  from = chooseEntry(fileURLToPath(new URL('..', import.meta.url)), process.env.XINWEN_RUN_FROM);
} catch (error) {
  process.stderr.write(`xinwen: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

if (from === 'build') {
  await import('../dist/src/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
