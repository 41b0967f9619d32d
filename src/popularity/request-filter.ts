import { isbot } from 'isbot';

/** Why a view request is answered without being counted. */
export type NotCountedReason = 'bot' | 'prefetch' | 'cross-site';

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string => {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).toLowerCase();
};

// Bot checks run a large regular expression; the same few user agents come back all day.
const BOT_CACHE_SIZE = 5_000;
const botCache = new Map<string, boolean>();

function isBotAgent(userAgent: string): boolean {
  const known = botCache.get(userAgent);
  if (known !== undefined) return known;
  // No user agent at all is a script, not a browser.
  const bot = userAgent.trim() === '' || isbot(userAgent);
  if (botCache.size >= BOT_CACHE_SIZE) botCache.clear();
  botCache.set(userAgent, bot);
  return bot;
}

/**
 * Whether a view beacon must not be counted, and why: a bot's user agent (isbot), a
 * prefetch or prerender (`Sec-Purpose`, `Purpose`, `X-Purpose`, `X-Moz`), or a request that
 * the browser says comes from another site (`Sec-Fetch-Site: cross-site`: a page elsewhere
 * inflating counts). Null when it counts.
 */
export function whyNotCounted(headers: Headers): NotCountedReason | null {
  if (isBotAgent(header(headers, 'user-agent'))) return 'bot';
  const purpose = `${header(headers, 'sec-purpose')} ${header(headers, 'purpose')} ${header(headers, 'x-purpose')} ${header(headers, 'x-moz')}`;
  if (/prefetch|prerender|preview/.test(purpose)) return 'prefetch';
  if (header(headers, 'sec-fetch-site') === 'cross-site') return 'cross-site';
  return null;
}
