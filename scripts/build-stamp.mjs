// Which sources a build was compiled from, and whether bin/xinwen.js may run it. Plain
// JavaScript so the command can check it before tsx is loaded (or instead of loading it).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The stamp's name inside a build directory (dist/BUILD.json). */
export const STAMP_FILE = 'BUILD.json';

/** Tests are not built, so editing one leaves the build fresh. */
export const isTestFile = (name) => /\.test\.tsx?$/.test(name);

/** Every file under src/ that a build reads (all but the tests), sorted, relative to `root`. */
export function buildSources(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (!isTestFile(entry.name)) files.push(path);
    }
  };
  walk('src');
  return files.sort();
}

/**
 * sha256 over the path and contents of every file the build reads: src/ but its tests, and
 * tsconfig.json (JSX settings) and scripts/build.mjs (how they are compiled). Contents rather
 * than mtimes, so a copy or a checkout that keeps the bytes keeps the build; about 8 ms for
 * src/'s 2 MB, which every start of the command pays.
 */
export function sourceStamp(root) {
  const hash = createHash('sha256');
  for (const path of [...buildSources(root), 'tsconfig.json', 'scripts/build.mjs']) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(root, path)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The stamp a build at `outdir` was made with, or null when there is none (never built, or being rebuilt). */
export function builtStamp(outdir) {
  const file = join(outdir, STAMP_FILE);
  if (!existsSync(file)) return null;
  try {
    const stamp = JSON.parse(readFileSync(file, 'utf8')).sources;
    return typeof stamp === 'string' ? stamp : null;
  } catch {
    // Unreadable is the same as none: the sources run.
    return null;
  }
}

/**
 * What bin/xinwen.js runs: 'build' (dist/src/main.js) when dist/ was built from the sources as
 * they are now, else 'source' (src/main.ts through tsx). `runFrom` is XINWEN_RUN_FROM: 'source'
 * forces the sources; 'build' insists on a fresh build and throws without one, for servers that
 * must not silently pay tsx's memory (the systemd units).
 */
export function chooseEntry(root, runFrom) {
  if (runFrom === 'source') return 'source';
  if (runFrom !== undefined && runFrom !== '' && runFrom !== 'build') {
    throw new Error(`XINWEN_RUN_FROM must be source or build, not ${runFrom}`);
  }
  const built = builtStamp(join(root, 'dist'));
  const fresh = built !== null && built === sourceStamp(root);
  if (fresh) return 'build';
  if (runFrom === 'build') {
    throw new Error(
      built === null
        ? 'XINWEN_RUN_FROM=build, but there is no build in dist/: run `npm run build`'
        : 'XINWEN_RUN_FROM=build, but dist/ was built from other sources than src/ holds now: run `npm run build`',
    );
  }
  return 'source';
}
