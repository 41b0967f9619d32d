import type { ComponentChildren } from 'preact';
import { feedLinks, type FeedLink } from '../feeds/feed-urls.js';
import { jsonForScript } from './render.js';
import { EditionSwitch } from './edition-switch.view.js';
import { EDITION_LIST, EDITIONS, editionPath } from './editions.js';
import { absoluteUrl, pageUrl, sitePath, type SiteContext } from './site-context.js';

/** The head metadata of one page. */
export interface PageMeta {
  /** The page's own title; the outlet name is appended. */
  title: string;
  description?: string | null;
  /** Path of the canonical URL within the edition, e.g. /2025/03/18/12.html; the edition's prefix is added. */
  canonicalPath?: string;
  /** Open Graph type; `article` adds the article:* properties given in `openGraph`. */
  openGraph?: { type: 'website' | 'article'; extra?: [string, string][] };
  jsonLd?: object;
  /** e.g. `noindex` on error pages. */
  robots?: string;
  /** rel=prev / rel=next for paginated lists (paths within the edition). */
  prevPath?: string | null;
  nextPath?: string | null;
  /** This page's own feeds (a section's or tag's), linked after the site feed (paths within the edition). */
  feeds?: FeedLink[];
}

export interface LayoutProps {
  site: SiteContext;
  meta: PageMeta;
  /** Slug of the section to mark as current in the navigation. */
  activeSection?: string | null;
  children: ComponentChildren;
}

/** The page shell: head metadata, masthead with section navigation, main content, footer. */
export function Layout({ site, meta, activeSection, children }: LayoutProps) {
  const { outlet, sections, assets } = site;
  const fullTitle = meta.title === outlet.name ? outlet.name : `${meta.title} - ${outlet.name}`;
  const canonical = meta.canonicalPath ? pageUrl(site, meta.canonicalPath) : null;
  const edition = EDITIONS[site.edition];
  // The same page in each edition: its canonical path, else the address it was asked for.
  const alternatePath = meta.canonicalPath ?? site.pagePath;
  return (
    <html lang={edition.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {meta.description && <meta name="description" content={meta.description} />}
        {meta.robots && <meta name="robots" content={meta.robots} />}
        {canonical && <link rel="canonical" href={canonical} />}
        {site.editionPage &&
          meta.robots === undefined &&
          EDITION_LIST.map((e) => <link rel="alternate" hreflang={EDITIONS[e].lang} href={absoluteUrl(site, editionPath(e, alternatePath))} />)}
        {site.editionPage && meta.robots === undefined && <link rel="alternate" hreflang="x-default" href={absoluteUrl(site, alternatePath)} />}
        {meta.prevPath && <link rel="prev" href={pageUrl(site, meta.prevPath)} />}
        {meta.nextPath && <link rel="next" href={pageUrl(site, meta.nextPath)} />}
        {[...feedLinks({ kind: 'site' }, outlet.name), ...(meta.feeds ?? [])].map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={pageUrl(site, f.path)} />
        ))}
        <meta name="color-scheme" content="light dark" />
        {meta.openGraph && (
          <>
            <meta property="og:site_name" content={outlet.name} />
            <meta property="og:type" content={meta.openGraph.type} />
            <meta property="og:title" content={meta.title} />
            {meta.description && <meta property="og:description" content={meta.description} />}
            {canonical && <meta property="og:url" content={canonical} />}
            <meta property="og:locale" content={edition.ogLocale} />
            {meta.openGraph.extra?.map(([property, content]) => (
              <meta property={property} content={content} />
            ))}
            <meta name="twitter:card" content="summary" />
          </>
        )}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={assets.css.path} />
        <script dangerouslySetInnerHTML={{ __html: assets.headScript }} />
        <script src={assets.js[site.edition].path} defer />
        {meta.jsonLd && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(meta.jsonLd) }} />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          跳到正文
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <a class="brand" href={sitePath(site, '/')} rel="home">
              {outlet.name}
            </a>
            <form class="masthead-search" action={sitePath(site, '/search')} method="get" role="search">
              <label class="visually-hidden" for="masthead-q">
                搜索新闻
              </label>
              <input id="masthead-q" type="search" name="q" maxLength={100} placeholder="搜索" />
              <button type="submit">搜索</button>
            </form>
            <EditionSwitch site={site} />
            {/* The same on every page, so cached pages stay shared; the site script relabels it
                我的账户 for a signed-in reader (src/readers/client/account-link.ts). */}
            <a class="account-link" href="/account" data-account-link>
              登录
            </a>
          </div>
          <nav class="section-nav" aria-label="栏目">
            <ul>
              <li>
                <a href={sitePath(site, '/')} aria-current={activeSection === undefined ? 'page' : undefined}>
                  首页
                </a>
              </li>
              {sections.map((s) => (
                <li>
                  <a href={sitePath(site, `/section/${encodeURIComponent(s.slug)}`)} aria-current={activeSection === s.slug ? 'page' : undefined}>
                    {s.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>
            © {new Date().getFullYear()} {outlet.name}
          </p>
        </footer>
      </body>
    </html>
  );
}
