import type { ComponentChildren } from 'preact';
import { CommentsSection } from '../comments/comment-text.view.js';
import { ListenPlayer } from '../listen/listen-player.view.js';
import { ImageFigure } from '../media/image-figure.view.js';
import type { Media } from '../media/model.js';
import type { MostReadLists } from '../popularity/most-read.js';
import { MostRead } from '../popularity/most-read.view.js';
import { ViewCount } from '../popularity/view-count.view.js';
import { readingMinutes } from '../zh/normalise.js';
import { Layout } from '../web/layout.js';
import { ShareLinks } from '../web/share.js';
import { pageUrl, sitePath, type SiteContext } from '../web/site-context.js';
import { bodyPlainText } from './body-text.js';
import { bylineParts, formatDateline } from './dateline.js';
import { formatDateTime } from './format.js';
import { InlineText } from './inline-text.view.js';
import { newsArticleJsonLd } from './json-ld.js';
import type { Article, ArticleTeaser, BodyBlock, Person } from './model.js';
import { TeaserList } from './teaser-list.view.js';
import type { StoryLink } from '../stories/model.js';
import { storyPath } from '../stories/story-path.js';
import { isoWithOffset } from '../platform/time.js';

/** Articles with at least this many subheadings get a table of contents. */
const TOC_MIN_SUBHEADINGS = 3;

export interface ArticlePageProps {
  site: SiteContext;
  article: Article;
  canonicalPath: string;
  moreNews: ArticleTeaser[];
  /** The WeChat QR code's image address (or a data URI in a draft's preview). */
  qrSrc: string;
  /** The uploads the body's image blocks show, by media id; an image without one is left out. */
  media?: ReadonlyMap<number, Media>;
  /** 人气 at render time; without it (previews) there is no counter and no view beacon. */
  views?: number;
  /** 阅读排行 for the sidebar. */
  mostRead?: MostReadLists;
  /** 相关新闻: editor picks, then automatic neighbours (reader.service); without it, the published editor picks. */
  related?: ArticleTeaser[];
  /** The 专题 story the article belongs to, linked above the headline. */
  story?: StoryLink | null;
}

/** Subheading anchors are positional (`section-1`, …): stable across edits of the text. */
function subheadingIds(body: BodyBlock[]): Map<number, string> {
  const ids = new Map<number, string>();
  body.forEach((block, index) => {
    if (block.type === 'subheading') ids.set(index, `section-${ids.size + 1}`);
  });
  return ids;
}

function ReporterLink({ site, person }: { site: SiteContext; person: Person }) {
  return (
    <a class="reporter" href={sitePath(site, `/reporter/${person.id}`)}>
      {person.displayName}
    </a>
  );
}

function ledeBylineParts(site: SiteContext, article: Article) {
  const { dateline, byline } = article;
  return bylineParts({
    source: dateline?.source ?? site.outlet.shortName,
    kind: dateline?.kind ?? '讯',
    reporters: byline.reporters.map((p) => p.displayName),
    reportType: byline.reportType,
    bylinePlace: byline.place,
  });
}

/** Whether the article has a dateline or byline to open its body with (the listen player reads it). */
function hasLede(site: SiteContext, article: Article): boolean {
  return article.dateline !== null || ledeBylineParts(site, article) !== null;
}

/** Dateline and byline, as they open the first paragraph: 【本网2025年03月18日讯】（本网记者张三综合报导） */
function Lede({ site, article }: { site: SiteContext; article: Article }) {
  const { dateline, byline } = article;
  const parts = ledeBylineParts(site, article);
  return (
    <>
      {dateline && <span class="dateline">{formatDateline(dateline)}</span>}
      {parts && (
        <span class="byline">
          {parts.prefix}
          {byline.reporters.map((p, i) => (
            <>
              {i > 0 && '、'}
              <ReporterLink site={site} person={p} />
            </>
          ))}
          {parts.suffix}
        </span>
      )}
    </>
  );
}

function Block({ block, id, lede, media }: { block: BodyBlock; id: string | undefined; lede?: ComponentChildren; media: ReadonlyMap<number, Media> }) {
  switch (block.type) {
    case 'paragraph':
      return (
        <p data-speak="">
          {lede}
          <InlineText text={block.text} spans={block.spans} />
        </p>
      );
    case 'subheading':
      return (
        <h2 id={id} class="subheading">
          <a class="anchor" href={`#${id}`} aria-hidden="true" tabIndex={-1}>
            #
          </a>
          <span data-speak="">{block.text}</span>
        </h2>
      );
    case 'quote':
      return (
        <blockquote>
          <p data-speak="">
            <InlineText text={block.text} spans={block.spans} />
          </p>
          {block.cite && <cite>{block.cite}</cite>}
        </blockquote>
      );
    case 'list':
      return block.ordered ? (
        <ol>
          {block.items.map((item, i) => (
            <li data-speak="">
              <InlineText text={item} spans={block.itemSpans?.[i]} />
            </li>
          ))}
        </ol>
      ) : (
        <ul>
          {block.items.map((item, i) => (
            <li data-speak="">
              <InlineText text={item} spans={block.itemSpans?.[i]} />
            </li>
          ))}
        </ul>
      );
    case 'image':
      return <ImageFigure media={media.get(block.mediaId)} alt={block.alt} caption={block.caption} credit={block.credit} />;
  }
}

function ArticleBody({ site, article, media }: { site: SiteContext; article: Article; media: ReadonlyMap<number, Media> }) {
  const ids = subheadingIds(article.body);
  const lede = <Lede site={site} article={article} />;
  const firstParagraph = article.body.findIndex((b) => b.type === 'paragraph');
  return (
    <div class="article-body">
      {firstParagraph !== 0 && (
        <p class="lede-line" data-speak={hasLede(site, article) ? '' : undefined}>
          {lede}
        </p>
      )}
      {article.body.map((block, index) => (
        <Block block={block} id={ids.get(index)} media={media} lede={index === firstParagraph && firstParagraph === 0 ? lede : undefined} />
      ))}
    </div>
  );
}

function TableOfContents({ article }: { article: Article }) {
  const ids = subheadingIds(article.body);
  if (ids.size < TOC_MIN_SUBHEADINGS) return null;
  return (
    <nav class="toc" aria-labelledby="toc-title">
      <h2 id="toc-title" class="toc-title">
        本文目录
      </h2>
      <ol>
        {[...ids].map(([index, id]) => {
          const block = article.body[index];
          return block?.type === 'subheading' ? (
            <li>
              <a href={`#${id}`}>{block.text}</a>
            </li>
          ) : null;
        })}
      </ol>
    </nav>
  );
}

/** 更正: dated correction notes, oldest first, after the body where readers finish. */
function Corrections({ article, timeZone }: { article: Article; timeZone: string }) {
  if (article.corrections.length === 0) return null;
  return (
    <section class="corrections" aria-labelledby="corrections-title">
      <h2 id="corrections-title" class="corrections-title">
        更正
      </h2>
      <ul>
        {article.corrections.map((c) => (
          <li id={`correction-${c.id}`}>
            <time datetime={isoWithOffset(c.at, timeZone)}>{formatDateTime(c.at, timeZone)}</time>
            <span class="correction-text">{c.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FontSizeControl() {
  // Hidden until the browser script runs: without JavaScript it could not work.
  return (
    <div class="font-size-control" role="group" aria-label="字号" data-font-size-control hidden>
      <button type="button" data-font-step="-1" aria-label="缩小字号">
        A−
      </button>
      <button type="button" data-font-step="1" aria-label="放大字号">
        A+
      </button>
    </div>
  );
}

/** The reader's article page. */
export function ArticlePage({ site, article, canonicalPath, moreNews, qrSrc, media = new Map(), views, mostRead, story = null, related }: ArticlePageProps) {
  const tz = site.outlet.timezone;
  const url = pageUrl(site, canonicalPath);
  const sectionPath = sitePath(site, `/section/${encodeURIComponent(article.section.slug)}`);
  const published = article.publishedAt;
  const updated = published && article.updatedAt > published ? article.updatedAt : null;
  // Headlines not yet matched to an article are the newsroom's to resolve; readers get links only.
  const relatedLinks = related ?? article.related.flatMap((r) => (r.article ? [r.article] : []));
  const openGraph: [string, string][] = [
    ...(published ? [['article:published_time', isoWithOffset(published, tz)] as [string, string]] : []),
    ['article:modified_time', isoWithOffset(article.updatedAt, tz)],
    ['article:section', article.section.name],
    ...article.tags.map((t): [string, string] => ['article:tag', t]),
  ];
  return (
    <Layout
      site={site}
      activeSection={article.section.slug}
      meta={{
        title: article.title,
        description: article.summary,
        canonicalPath,
        openGraph: { type: 'article', extra: openGraph },
        jsonLd: newsArticleJsonLd(site, article, canonicalPath),
      }}
    >
      <div class="article-layout">
        <article class="article">
          <nav class="breadcrumb" aria-label="位置">
            <a href={sitePath(site, '/')}>首页</a>
            <span aria-hidden="true"> › </span>
            <a class="section-link" href={sectionPath}>
              {article.section.name}
            </a>
          </nav>
          <header class="article-header">
            {story && (
              <p class="article-story">
                <a href={sitePath(site, storyPath(story.slug))}>专题：{story.title}</a>
              </p>
            )}
            <h1 class="article-title" data-speak="">
              {article.title}
            </h1>
            {article.subtitle && <p class="article-subtitle">{article.subtitle}</p>}
            <div class="article-meta">
              {published && (
                <span class="meta-item">
                  发布：<time datetime={isoWithOffset(published, tz)}>{formatDateTime(published, tz)}</time>
                </span>
              )}
              {updated && (
                <span class="meta-item">
                  更新：<time datetime={isoWithOffset(updated, tz)}>{formatDateTime(updated, tz)}</time>
                </span>
              )}
              <span class="meta-item">约{readingMinutes(bodyPlainText(article.body, ''))}分钟读完</span>
              {views !== undefined && <ViewCount articleId={article.id} views={views} />}
              <FontSizeControl />
            </div>
            <ListenPlayer site={site} articleId={article.id} next={moreNews[0]} />
            {article.summary && <p class="article-summary">{article.summary}</p>}
          </header>
          <TableOfContents article={article} />
          <ArticleBody site={site} article={article} media={media} />
          <Corrections article={article} timeZone={tz} />
          {article.editor && <p class="responsible-editor">责任编辑：{article.editor.displayName}</p>}
          {article.tags.length > 0 && (
            <ul class="tags" aria-label="标签">
              {article.tags.map((t) => (
                <li>
                  <a href={sitePath(site, `/tag/${encodeURIComponent(t)}`)} rel="tag">
                    {t}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <p class="tip-call">
            如果您有新闻线索或资料给{site.outlet.name}，请进入<a href={sitePath(site, '/tips')}>新闻线索</a>
          </p>
          <ShareLinks url={url} title={article.title} qrSrc={qrSrc} />
          <CommentsSection articleId={article.id} timeZone={tz} />
        </article>
        <aside class="article-aside">
          {relatedLinks.length > 0 && (
            <section class="related" aria-labelledby="related-title">
              <h2 id="related-title">相关新闻</h2>
              <TeaserList site={site} items={relatedLinks} />
            </section>
          )}
          {moreNews.length > 0 && (
            <section class="more-news" aria-labelledby="more-news-title">
              <h2 id="more-news-title">
                更多<a href={sectionPath}>{article.section.name}</a>新闻
              </h2>
              <TeaserList site={site} items={moreNews} />
            </section>
          )}
          {mostRead && <MostRead site={site} lists={mostRead} limit={5} />}
        </aside>
      </div>
    </Layout>
  );
}
