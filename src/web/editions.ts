/** The two public editions of the site: the same articles in Simplified and in Traditional script. */
export type Edition = 'hans' | 'hant';

export interface EditionInfo {
  /** URL prefix every public page of the edition lives under (no trailing slash). */
  prefix: string;
  /** BCP 47 tag for `<html lang>` and `hreflang`. */
  lang: string;
  /** Google News `news:language`. */
  newsLanguage: string;
  /** The switch's label, written in the edition's own script. */
  label: string;
  /** og:locale */
  ogLocale: string;
}

export const EDITIONS: Readonly<Record<Edition, EditionInfo>> = {
  hans: { prefix: '/zh-hans', lang: 'zh-Hans', newsLanguage: 'zh-cn', label: '简体', ogLocale: 'zh_CN' },
  hant: { prefix: '/zh-hant', lang: 'zh-Hant', newsLanguage: 'zh-tw', label: '繁體', ogLocale: 'zh_TW' },
};

export const EDITION_LIST: readonly Edition[] = ['hans', 'hant'];

/** The path of a public page in an edition: `editionPath('hant', '/section/china')` is `/zh-hant/section/china`. */
export function editionPath(edition: Edition, path: string): string {
  return `${EDITIONS[edition].prefix}${path === '/' ? '/' : path}`;
}

/** Splits an edition-prefixed path into its edition and the page path; null when unprefixed. */
export function splitEditionPath(path: string): { edition: Edition; path: string } | null {
  for (const edition of EDITION_LIST) {
    const { prefix } = EDITIONS[edition];
    if (path === prefix) return { edition, path: '/' };
    if (path.startsWith(`${prefix}/`)) return { edition, path: path.slice(prefix.length) };
  }
  return null;
}

/** The edition whose script is `script`: an outlet's default edition is that of its default script. */
export function editionOfScript(script: 'zh-Hans' | 'zh-Hant'): Edition {
  return script === 'zh-Hant' ? 'hant' : 'hans';
}
