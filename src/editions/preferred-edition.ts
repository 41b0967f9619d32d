import type { FastifyRequest } from 'fastify';
import { requestCookie } from '../readers/reader-auth.js';
import { EDITION_LIST, type Edition } from '../web/editions.js';

/** The cookie that remembers the reader's edition (set by the 简体/繁體 switch). */
export const EDITION_COOKIE = 'xinwen-edition';

/** Language tags (lower-case, by prefix) that read Traditional script. */
const TRADITIONAL_TAGS = ['zh-hant', 'zh-tw', 'zh-hk', 'zh-mo'];

function isEdition(value: string | undefined): value is Edition {
  return value !== undefined && (EDITION_LIST as readonly string[]).includes(value);
}

/**
 * The edition of the browser's most preferred Chinese language in Accept-Language:
 * zh-Hant, zh-TW, zh-HK and zh-MO read Traditional; any other zh tag reads Simplified.
 * Null when it names no Chinese at all.
 */
export function editionFromAcceptLanguage(header: string | undefined): Edition | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => (l.tag === 'zh' || l.tag.startsWith('zh-')) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const best = ranked[0];
  if (!best) return null;
  return TRADITIONAL_TAGS.some((t) => best.tag === t || best.tag.startsWith(`${t}-`)) ? 'hant' : 'hans';
}

/** The reader's edition for an address without one: the remembered choice, else the browser's language, else the outlet's. */
export function preferredEdition(request: FastifyRequest, outletDefault: Edition): Edition {
  const remembered = requestCookie(request, EDITION_COOKIE);
  if (isEdition(remembered)) return remembered;
  return editionFromAcceptLanguage(request.headers['accept-language']) ?? outletDefault;
}
