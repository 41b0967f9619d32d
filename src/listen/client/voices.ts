/** Finding a Chinese voice for the edition among the browser's voices. */

/** How long to wait for the browser to list its voices (Chrome loads them after the page). */
export const VOICES_TIMEOUT_MS = 2000;

type Voice = Pick<SpeechSynthesisVoice, 'lang' | 'name' | 'default' | 'localService'>;

const normalise = (lang: string) => lang.replace(/_/g, '-').toLowerCase();

function isChinese(lang: string): boolean {
  return /^(zh|cmn|yue)(-|$)/.test(normalise(lang));
}

/** Whether `lang` is the wanted region: zh-TW also matches zh-Hant-TW and cmn-Hant-TW. */
function matchesRegion(lang: string, region: string): boolean {
  const parts = normalise(lang).split('-');
  return isChinese(lang) && parts.includes(region);
}

/**
 * The voice for an edition's speech language: zh-CN for Simplified; zh-TW, then zh-HK, for
 * Traditional; then any Chinese voice. Among equals, the browser's default, then a local one.
 * Null when the browser has no Chinese voice.
 */
export function chooseVoice<V extends Voice>(voices: readonly V[], lang: string): V | null {
  const regions = normalise(lang) === 'zh-tw' ? ['tw', 'hk'] : ['cn'];
  const best = (candidates: V[]) =>
    candidates.find((v) => v.default) ?? candidates.find((v) => v.localService) ?? candidates[0] ?? null;
  for (const region of regions) {
    const found = best(voices.filter((v) => matchesRegion(v.lang, region)));
    if (found) return found;
  }
  return best(voices.filter((v) => isChinese(v.lang)));
}

/** The browser's voices, waiting for `voiceschanged` up to `timeoutMs` when none are listed yet. */
export function waitForVoices(synth: SpeechSynthesis, timeoutMs: number = VOICES_TIMEOUT_MS): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      synth.removeEventListener('voiceschanged', done);
      resolve(synth.getVoices());
    };
    const timer = setTimeout(done, timeoutMs);
    synth.addEventListener('voiceschanged', done);
  });
}
