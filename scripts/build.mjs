#!/usr/bin/env node
// `npm run build`: compiles src/ into dist/src/, file by file (esbuild, not bundled: the same
// modules, the same layout), so `xinwen` runs without tsx compiling TypeScript at load, which
// costs a serving process about 50 MB. bin/xinwen.js runs dist/ only while its stamp
// (dist/BUILD.json) matches the sources; otherwise it runs them through tsx as before.
//
// Besides the compiled modules, dist/ holds what code finds next to itself: a copy of every other
// file under src/ (demo articles, fixtures, stylesheets), and a link to each client/ folder of
// browser sources, which the server bundles at start: esbuild follows the link to src/, so the
// bundles import the same TypeScript and come out byte for byte as from the sources (same
// content-hashed asset URLs whichever way an instance runs). dist/bin, dist/deploy,
// dist/node_modules, dist/package.json ("type": "module") and dist/tsconfig.json link to the
// project's, so paths that leave src/ resolve as they do from the sources.
//
// Options: --outdir DIR (default dist/; the test builds into a temporary directory).
import { build } from 'esbuild';
import { copyFileSync, lstatSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSources, sourceStamp, STAMP_FILE } from './build-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = resolve(args.outdir ?? join(root, 'dist'));
const LINKED = ['bin', 'deploy', 'node_modules', 'package.json', 'tsconfig.json'];

const started = performance.now();
// Stamped with the sources as they were before reading them: one edited meanwhile makes the
// build stale at once, never a build that claims sources it did not compile.
const stamp = sourceStamp(root);
const files = buildSources(root);
// Browser sources, bundled by the server at start (src/web/assets.ts and the like); no server
// module imports them. The folder is linked: src/web/client, src/tips/client, …
const clientFolder = (path) => {
  const parts = path.split('/');
  const at = parts.indexOf('client');
  return at < 0 ? null : parts.slice(0, at + 1).join('/');
};
const clientFolders = [...new Set(files.map(clientFolder).filter((folder) => folder !== null))];
const compiled = files.filter((path) => /\.tsx?$/.test(path) && clientFolder(path) === null);
const copied = files.filter((path) => !compiled.includes(path) && clientFolder(path) === null);

// The stamp goes first and comes back last: a half-written build is never run.
rmSync(join(outdir, STAMP_FILE), { force: true });
rmSync(join(outdir, 'src'), { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: compiled,
  outdir: join(outdir, 'src'),
  outbase: 'src',
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // JSX (preact's automatic runtime) and the rest of the compiler settings, as tsx reads them.
  tsconfig: join(root, 'tsconfig.json'),
  // Maps beside the modules (.js.map), read only under NODE_OPTIONS=--enable-source-maps: it
  // cost a server 6–15 MB at start. Without it a stack trace names dist/src/… files and the
  // sources' own function names, which is enough to find the code.
  sourcemap: 'linked',
  logLevel: 'warning',
});

for (const path of copied) {
  const target = join(outdir, path);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(root, path), target);
}

for (const folder of clientFolders) {
  const link = join(outdir, folder);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(relative(dirname(link), join(root, folder)), link);
}

for (const name of LINKED) {
  const link = join(outdir, name);
  const existing = lstatSync(link, { throwIfNoEntry: false });
  if (existing && !existing.isSymbolicLink()) throw new Error(`${link} exists and is not a link: not replacing it`);
  rmSync(link, { force: true });
  symlinkSync(relative(outdir, join(root, name)), link);
}

const built = { sources: stamp, builtAt: new Date().toISOString(), node: process.version, compiled: compiled.length, copied: copied.length, linked: clientFolders };
writeFileSync(join(outdir, `${STAMP_FILE}.tmp`), `${JSON.stringify(built, null, 2)}\n`);
renameSync(join(outdir, `${STAMP_FILE}.tmp`), join(outdir, STAMP_FILE));

const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `${relative(process.cwd(), outdir) || '.'}: ${compiled.length} modules compiled, ${copied.length} files copied, ${clientFolders.length} client/ folders linked, in ${seconds} s\n`,
);
