import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { createConverter } from '../zh/convert.js';
import type { Edition } from './editions.js';

/** A built browser asset, served from a content-hashed URL so it can be cached forever. */
export interface Asset {
  path: string;
  contentType: string;
  body: Buffer;
}

export interface SiteAssets {
  css: Asset;
  /** The site script of each edition: its interface strings are in the edition's script. */
  js: Readonly<Record<Edition, Asset>>;
  /**
   * The tip pages' own stylesheet and script (age encryption in the browser, src/tips/client/):
   * loaded only by the tip and receipt pages (and the stylesheet by the newsroom's inbox).
   */
  tips: { css: Asset; js: Readonly<Record<Edition, Asset>> };
  /** The inline script that applies the reader's saved font size before first paint. */
  headScript: string;
  /** CSP source for `headScript`: `'sha256-…'`. */
  headScriptHash: string;
  /** Every asset by path, for the static route. */
  byPath: Map<string, Asset>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function hashed(name: string, ext: string, contentType: string, body: Uint8Array): Asset {
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}.${digest}.${ext}`, contentType, body: Buffer.from(body) };
}

/** Bundles and minifies a stylesheet (with its @imports) into `/assets/{name}.{hash}.css`. */
export function bundleStylesheet(entryPath: string, name: string): Asset {
  const css = buildSync({ entryPoints: [entryPath], bundle: true, minify: true, write: false }).outputFiles[0]?.contents;
  if (!css) throw new Error(`esbuild produced no stylesheet for ${entryPath}`);
  return hashed(name, 'css', 'text/css; charset=utf-8', css);
}

/** Bundles and minifies browser TypeScript into an IIFE for ES2020 browsers; strings stay UTF-8, not \u escapes. */
function bundleScriptText(entryPath: string): string {
  const js = buildSync({ entryPoints: [entryPath], bundle: true, minify: true, charset: 'utf8', format: 'iife', target: ['es2020'], write: false })
    .outputFiles[0]?.text;
  if (!js) throw new Error(`esbuild produced no browser bundle for ${entryPath}`);
  return js;
}

function scriptAsset(name: string, js: string): Asset {
  return hashed(name, 'js', 'text/javascript; charset=utf-8', Buffer.from(js));
}

/** Bundles and minifies browser TypeScript into `/assets/{name}.{hash}.js`. */
export function bundleScript(entryPath: string, name: string): Asset {
  return scriptAsset(name, bundleScriptText(entryPath));
}

/**
 * The font-size setting lives in localStorage under `xinwen:font-size`; applying it in the head
 * avoids a jump in text size after load. Kept tiny and static so its CSP hash never changes.
 */
export const FONT_SIZE_STORAGE_KEY = 'xinwen:font-size';
const HEAD_SCRIPT = `try{var s=localStorage.getItem(${JSON.stringify(FONT_SIZE_STORAGE_KEY)});if(s)document.documentElement.dataset.fontSize=s}catch(e){}`;

/**
 * Bundles and minifies the site's CSS and browser script once, at start-up (tens of ms). The
 * script is written in Simplified; the Traditional edition's copy is converted with OpenCC
 * (its strings are interface text, which the newsroom dictionary has no say in).
 */
export function buildSiteAssets(): SiteAssets {
  const cssAsset = bundleStylesheet(here('./styles/site.css'), 'site');
  const source = bundleScriptText(here('./client/site.ts'));
  const converter = createConverter();
  const js = { hans: scriptAsset('site', source), hant: scriptAsset('site-hant', converter.toTraditional(source)) };
  const tipsSource = bundleScriptText(here('../tips/client/tips-page.ts'));
  const tips = {
    css: bundleStylesheet(here('../tips/styles/tips.css'), 'tips'),
    js: { hans: scriptAsset('tips', tipsSource), hant: scriptAsset('tips-hant', converter.toTraditional(tipsSource)) },
  };
  return {
    css: cssAsset,
    js,
    tips,
    headScript: HEAD_SCRIPT,
    headScriptHash: `'sha256-${createHash('sha256').update(HEAD_SCRIPT).digest('base64')}'`,
    byPath: new Map([cssAsset, js.hans, js.hant, tips.css, tips.js.hans, tips.js.hant].map((a) => [a.path, a])),
  };
}
