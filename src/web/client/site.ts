/**
 * The site's browser script: progressive enhancements only. Pages work without it.
 * Bundled by esbuild at start-up (src/web/assets.ts).
 */
import { initComments } from './comments.js';
import { initAccountLink } from '../../readers/client/account-link.js';
import { initFontSizeControl } from './font-size.js';
import { initListenPlayer } from '../../listen/client/player.js';
import { revealCurrentSection } from './section-nav.js';
import { initViewBeacon } from './views.js';

function ready(fn: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
  else fn();
}

ready(() => {
  initFontSizeControl(document);
  initAccountLink(document);
  initComments(document);
  revealCurrentSection(document);
  initViewBeacon(document);
  initListenPlayer(document);
});
