import { sitePath, type SiteContext } from '../web/site-context.js';
import { articlePath } from '../articles/article.service.js';
import { formatViews } from './format.js';
import type { MostReadItem, MostReadLists } from './most-read.js';

function RankedList({ site, items, label, id }: { site: SiteContext; items: MostReadItem[]; label: string; id: string }) {
  return (
    <section class="most-read-window" aria-labelledby={id}>
      <h3 id={id}>{label}</h3>
      {items.length === 0 ? (
        <p class="most-read-empty">暂无数据</p>
      ) : (
        <ol class="most-read-list">
          {items.map((item) => (
            <li>
              <a href={sitePath(site, articlePath(item, site.outlet.timezone))}>{item.title}</a>
              <span class="most-read-views" title={`${item.views}次阅读`}>
                {formatViews(item.views)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export interface MostReadProps {
  site: SiteContext;
  lists: MostReadLists;
  /** Entries shown per list. Default 10. */
  limit?: number;
  /** Names the section on section pages: 中国阅读排行. */
  scopeName?: string;
  /** Wraps the box in an `<aside>` of this class (list pages, where it is beside the list). */
  asideClass?: string;
}

/** 阅读排行: the 24-hour and 7-day most-read lists; nothing when no article has been read yet. */
export function MostRead({ site, lists, limit = 10, scopeName = '', asideClass }: MostReadProps) {
  if (lists.day.length === 0 && lists.week.length === 0) return null;
  const box = (
    <section class="most-read" aria-labelledby="most-read-title">
      <h2 id="most-read-title">{scopeName}阅读排行</h2>
      <div class="most-read-windows">
        <RankedList site={site} items={lists.day.slice(0, limit)} label="24小时" id="most-read-day" />
        <RankedList site={site} items={lists.week.slice(0, limit)} label="7天" id="most-read-week" />
      </div>
    </section>
  );
  return asideClass ? <aside class={asideClass}>{box}</aside> : box;
}
