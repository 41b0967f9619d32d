import { articlePath } from '../articles/article.service.js';
import type { ArticleTeaser } from '../articles/model.js';
import type { Edition } from '../web/editions.js';
import { sitePath, type SiteContext } from '../web/site-context.js';

/** Playback speeds the reader can choose; 1 is the default. */
export const LISTEN_RATES = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** The speech language of each edition: the browser picks a voice for it. */
export const SPEECH_LANG: Readonly<Record<Edition, string>> = { hans: 'zh-CN', hant: 'zh-TW' };

export interface ListenPlayerProps {
  site: SiteContext;
  articleId: number;
  /** The article "继续收听下一篇" goes on to (the first of 更多…新闻); none, no continue. */
  next?: ArticleTeaser | undefined;
}

function rateLabel(rate: number): string {
  return `${rate}×`;
}

/**
 * The 收听 player in the article header. Hidden until the browser script (listen/client) starts
 * it: without JavaScript it could not play anything. The script reads the article's elements
 * marked `data-speak` and either plays the rendered audio or speaks them with the browser's voice.
 */
export function ListenPlayer({ site, articleId, next }: ListenPlayerProps) {
  const nextUrl = next ? sitePath(site, articlePath(next, site.outlet.timezone)) : undefined;
  return (
    <div
      class="listen-player"
      role="group"
      aria-label="收听本文"
      data-listen-player=""
      data-article-id={String(articleId)}
      data-speech-lang={SPEECH_LANG[site.edition]}
      data-outlet={site.outlet.name}
      data-next-url={nextUrl}
      data-next-title={next?.title}
      data-state="idle"
      hidden
    >
      <div class="listen-panel">
        <div class="listen-controls">
          <button type="button" class="listen-play" data-listen-play="">
            <svg class="listen-icon listen-icon-play" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M4 2.5v11l9-5.5z" />
            </svg>
            <svg class="listen-icon listen-icon-pause" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z" />
            </svg>
            <span data-listen-play-label="">收听</span>
          </button>
          <button type="button" class="listen-step" data-listen-back="" aria-label="上一句" title="上一句">
            <svg class="listen-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M2.5 2.5h2v11h-2zM14 2.5v11L5.5 8z" />
            </svg>
          </button>
          <button type="button" class="listen-step" data-listen-forward="" aria-label="下一句" title="下一句">
            <svg class="listen-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M11.5 2.5h2v11h-2zM2 2.5v11L10.5 8z" />
            </svg>
          </button>
          <label class="listen-rate">
            <span class="listen-rate-label">语速</span>
            <select data-listen-rate="">
              {LISTEN_RATES.map((rate) => (
                <option value={String(rate)} selected={rate === 1}>
                  {rateLabel(rate)}
                </option>
              ))}
            </select>
          </label>
          <span class="listen-progress" data-listen-progress=""></span>
        </div>
        {nextUrl && (
          <button type="button" class="listen-continue" data-listen-continue="" hidden>
            继续收听下一篇
          </button>
        )}
        <p class="listen-status" role="status" aria-live="polite" data-listen-status=""></p>
      </div>
    </div>
  );
}
