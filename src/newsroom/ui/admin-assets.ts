import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { Asset } from '../../web/assets.js';

/** The newsroom UI's stylesheet and script (with the Tiptap editor), at content-hashed URLs. */
export interface AdminAssets {
  css: Asset;
  js: Asset;
  byPath: Map<string, Asset>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function hashed(name: string, ext: string, contentType: string, body: Uint8Array): Asset {
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}.${digest}.${ext}`, contentType, body: Buffer.from(body) };
}

/**
 * Bundles the admin CSS and browser script once, at start-up, separately from the reader's
 * (readers never download the editor). Served from the same /assets route.
 */
export function buildAdminAssets(): AdminAssets {
  const css = buildSync({ entryPoints: [here('./styles/admin.css')], bundle: true, minify: true, write: false }).outputFiles[0]?.contents;
  if (!css) throw new Error('esbuild produced no stylesheet for src/newsroom/ui/styles/admin.css');
  const js = buildSync({
    entryPoints: [here('./client/admin.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    write: false,
  }).outputFiles[0]?.contents;
  if (!js) throw new Error('esbuild produced no browser bundle for src/newsroom/ui/client/admin.ts');
  const cssAsset = hashed('admin', 'css', 'text/css; charset=utf-8', css);
  const jsAsset = hashed('admin', 'js', 'text/javascript; charset=utf-8', js);
  return { css: cssAsset, js: jsAsset, byPath: new Map([cssAsset, jsAsset].map((a) => [a.path, a])) };
}
