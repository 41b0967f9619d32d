/**
 * The view beacon: once per page view, tells the server an article was read and shows the
 * 人气 it answers. Pages are cached for everyone, so counting happens here and not at render.
 * A prerendered page waits until the reader actually opens it.
 */
import { formatViews } from '../../popularity/format.js';

interface ViewAnswer {
  views: number;
}

function isViewAnswer(value: unknown): value is ViewAnswer {
  return typeof value === 'object' && value !== null && typeof (value as { views?: unknown }).views === 'number';
}

/** Sends the beacon for the page's `[data-view-count]` element, if any, and updates its number. */
export function initViewBeacon(doc: Document): void {
  const counter = doc.querySelector<HTMLElement>('[data-view-count]');
  const articleId = counter?.dataset.viewCount;
  if (!counter || !articleId || !/^\d+$/.test(articleId)) return;

  const send = () => {
    // keepalive: the count still arrives if the reader leaves at once. sendBeacon cannot read the answer.
    fetch(`/api/views/${articleId}`, { method: 'POST', keepalive: true, credentials: 'omit' })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer: unknown) => {
        if (!isViewAnswer(answer)) return;
        const number = counter.querySelector<HTMLElement>('[data-view-count-number]');
        if (!number) return;
        number.textContent = formatViews(answer.views);
        number.title = `${answer.views}次阅读`;
        counter.dataset.viewCounted = 'true';
      })
      .catch(() => {
        // Offline or blocked: the number from render time stays.
      });
  };

  const prerendering = doc as Document & { prerendering?: boolean };
  if (prerendering.prerendering) doc.addEventListener('prerenderingchange', send, { once: true });
  else send();
}
