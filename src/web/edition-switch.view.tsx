import { EDITION_LIST, EDITIONS, editionPath } from './editions.js';
import type { SiteContext } from './site-context.js';

/**
 * Text as numeric character references. Pages are converted to their edition's script as a
 * whole, and conversion passes ASCII through untouched, so text written this way keeps the
 * script it was written in: the switch says 简体 and 繁體 in both editions.
 */
function inOwnScript(text: string): string {
  return [...text].map((c) => `&#${c.codePointAt(0)};`).join('');
}

/**
 * The 简体/繁體 switch: the same page in the other edition (a page outside the editions, such
 * as the reader's account, comes back as itself). It goes through /edition/…, which remembers
 * the choice (a cookie), so the page itself stays the same for every reader.
 */
export function EditionSwitch({ site }: { site: SiteContext }) {
  return (
    <nav class="edition-switch" aria-label="简繁切换">
      {EDITION_LIST.map((e) => {
        const { prefix, lang, label } = EDITIONS[e];
        if (e === site.edition) {
          return <span class="edition-current" lang={lang} aria-current="true" dangerouslySetInnerHTML={{ __html: inOwnScript(label) }} />;
        }
        const next = site.editionPage ? editionPath(e, site.pagePath) : site.pagePath;
        const href = `/edition${prefix}?next=${encodeURIComponent(next)}`;
        return <a class="edition-link" href={href} hreflang={lang} lang={lang} rel="alternate" dangerouslySetInnerHTML={{ __html: inOwnScript(label) }} />;
      })}
    </nav>
  );
}
