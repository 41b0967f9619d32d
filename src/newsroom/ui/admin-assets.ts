import { fileURLToPath } from 'node:url';
import { bundleScript, bundleStylesheet, type Asset } from '../../web/assets.js';

/** The newsroom UI's stylesheet and script (with the Tiptap editor), at content-hashed URLs. */
export interface AdminAssets {
  css: Asset;
  js: Asset;
  /** The tips inbox's stylesheet and script (src/tips/client/inbox.ts), for AdminLayout's extraAssets on /admin/tips pages. */
  tipsInbox: { css: Asset; js: Asset };
  byPath: Map<string, Asset>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Bundles the admin CSS and browser script once, at start-up, separately from the reader's
 * (readers never download the editor). Served from the same /assets route.
 */
export function buildAdminAssets(): AdminAssets {
  const cssAsset = bundleStylesheet(here('./styles/admin.css'), 'admin');
  const jsAsset = bundleScript(here('./client/admin.ts'), 'admin');
  const tipsInbox = { css: bundleStylesheet(here('../../tips/styles/tips.css'), 'tips'), js: bundleScript(here('../../tips/client/inbox.ts'), 'tips-inbox') };
  return { css: cssAsset, js: jsAsset, tipsInbox, byPath: new Map([cssAsset, jsAsset, tipsInbox.css, tipsInbox.js].map((a) => [a.path, a])) };
}
