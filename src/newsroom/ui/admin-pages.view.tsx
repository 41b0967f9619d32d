import type { ComponentChildren } from 'preact';
import type { Section } from '../../articles/model.js';
import { commentsNavLabel } from '../../comments/moderation-nav.js';
import { dictText } from '../../dictionary/dictionary-admin.i18n.js';
import { lexiconText } from '../../listen/lexicon-admin.i18n.js';
import { audioNavLabel } from '../../listen/audio-nav.js';
import { spamText } from '../../spam/spam-admin.i18n.js';
import { storiesNavLabel } from '../../stories/stories-nav.js';
import { jsonForScript } from '../../web/render.js';
import { CSRF_FIELD } from '../auth/form-csrf.js';
import type { StaffRole } from '../staff/actor.js';
import type { AdminAssets } from './admin-assets.js';
import { UI_LANGS, stringsFor, type UiKey, type UiLang } from './i18n.js';

/** What every admin page knows: language, assets, and who is signed in (null on the login page). */
export interface AdminPageContext {
  lang: UiLang;
  assets: AdminAssets;
  outletName: string;
  /** The outlet's IANA timezone: the newsroom reads every time in it, wherever staff are. */
  timeZone: string;
  user: { displayName: string; role: StaffRole } | null;
  /** The path of this page without query, for the language links. */
  path: string;
  /** The session's CSRF token for the page's plain forms (logout, password change); null when signed out. */
  csrfToken: string | null;
}

const LANG_NAMES: Record<UiLang, string> = { 'zh-Hans': '简体', 'zh-Hant': '繁體', en: 'English' };

/**
 * The admin page shell. Page data for the script travels as a JSON data block (not executed,
 * so CSP allows it). `needsJs` (default true) shows a notice to browsers without JavaScript.
 */
export function AdminLayout({
  ctx,
  title,
  page,
  data,
  needsJs = true,
  extraAssets,
  children,
}: {
  ctx: AdminPageContext;
  title: string;
  page: string;
  data?: object;
  needsJs?: boolean;
  /** A feature page's own stylesheet and script (e.g. comment moderation), loaded after the admin bundle. */
  extraAssets?: { css: string; js: string };
  children: ComponentChildren;
}) {
  const s = stringsFor(ctx.lang);
  const boot = { page, lang: ctx.lang, strings: s, timeZone: ctx.timeZone, ...data };
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${s.appName} · ${ctx.outletName}`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={ctx.assets.css.path} />
        <script type="application/json" id="admin-boot" dangerouslySetInnerHTML={{ __html: jsonForScript(boot) }} />
        <script src={ctx.assets.js.path} defer />
        {extraAssets && <link rel="stylesheet" href={extraAssets.css} />}
        {extraAssets && <script src={extraAssets.js} defer />}
      </head>
      <body class={`admin admin-${page}`}>
        <header class="topbar">
          <a class="topbar-brand" href="/admin">
            {ctx.outletName} <span>{s.appName}</span>
          </a>
          {ctx.user && (
            <nav class="topbar-nav" aria-label={s.appName}>
              <a href="/admin">{s.dashboard}</a>
              {(ctx.user.role === 'editor' || ctx.user.role === 'admin') && <a href="/admin/spam">{spamText(ctx.lang, 'nav')}</a>}
              {(ctx.user.role === 'editor' || ctx.user.role === 'admin') && <a href="/admin/dictionary">{dictText(ctx.lang, 'nav')}</a>}
              {(ctx.user.role === 'editor' || ctx.user.role === 'admin') && <a href="/admin/pronunciations">{lexiconText(ctx.lang, 'nav')}</a>}
              {ctx.user.role !== 'reporter' && <a href="/admin/comments">{commentsNavLabel(ctx.lang)}</a>}
              {(ctx.user.role === 'editor' || ctx.user.role === 'admin') && <a href="/admin/tips">{{ 'zh-Hans': '线索', 'zh-Hant': '線索', en: 'Tips' }[ctx.lang]}</a>}
              <a href="/admin/stories">{storiesNavLabel(ctx.lang)}</a>
              <a href="/admin/audio">{audioNavLabel(ctx.lang)}</a>
              <a class="button button-primary" href="/admin/articles/new">
                {s.newArticle}
              </a>
            </nav>
          )}
          <div class="topbar-user">
            <span class="langs" aria-label={s.language}>
              {UI_LANGS.map((l) => (
                <a href={`${ctx.path}?lang=${l}`} aria-current={l === ctx.lang ? 'true' : undefined} lang={l}>
                  {LANG_NAMES[l]}
                </a>
              ))}
            </span>
            {ctx.user && (
              <>
                <span class="whoami">{ctx.user.displayName}</span>
                {/* Plain forms, so logging out needs no JavaScript; the token is the session's. */}
                <form class="logout-form" method="post" action="/admin/logout">
                  <input type="hidden" name={CSRF_FIELD} value={ctx.csrfToken ?? ''} />
                  <button type="submit" class="button button-quiet">
                    {s.logout}
                  </button>
                </form>
                <form class="logout-form" method="post" action="/admin/logout-everywhere" id="logout-everywhere-form">
                  <input type="hidden" name={CSRF_FIELD} value={ctx.csrfToken ?? ''} />
                  <button type="submit" class="button button-quiet">
                    {s.logoutEverywhere}
                  </button>
                </form>
              </>
            )}
          </div>
        </header>
        <main class="admin-main" id="main">
          {needsJs && (
            <noscript>
              <p class="notice notice-error">{s.needsJs}</p>
            </noscript>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}

function ListPanel({ id, heading, tools }: { id: string; heading: string; tools?: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby={`${id}-h`}>
      <div class="panel-head">
        <h2 id={`${id}-h`}>{heading}</h2>
        {tools}
      </div>
      <div class="article-list" id={id} aria-live="polite" />
    </section>
  );
}

/**
 * The dashboard. `deskScoped`: the user works on particular desks only, so the queue starts
 * with their desks and offers a switch to every desk (the script shows and runs it).
 */
export function DashboardPage({ ctx, sections, deskScoped }: { ctx: AdminPageContext; sections: Section[]; deskScoped: boolean }) {
  const s = stringsFor(ctx.lang);
  const deskToggle = deskScoped && (
    <div class="segmented" role="group" aria-label={s.queueScope} id="queue-desk" hidden>
      <button type="button" data-desk="mine" aria-pressed="true">
        {s.queueMyDesks}
      </button>
      <button type="button" data-desk="all" aria-pressed="false">
        {s.queueAllDesks}
      </button>
    </div>
  );
  const stages: UiKey[] = ['stage_draft', 'stage_returned', 'stage_submitted', 'stage_scheduled', 'stage_published', 'stage_unpublished'];
  return (
    <AdminLayout ctx={ctx} title={s.dashboard} page="dashboard" data={{ deskScoped }}>
      <h1 class="page-title">{s.dashboard}</h1>
      <div class="dashboard-grid">
        <ListPanel id="list-mine" heading={s.myDrafts} />
        <ListPanel id="list-queue" heading={s.deskQueue} tools={deskToggle} />
        <ListPanel id="list-scheduled" heading={s.scheduled} />
        <ListPanel id="list-published" heading={s.recentlyPublished} />
      </div>
      <section class="panel panel-wide" aria-labelledby="all-h">
        <h2 id="all-h">{s.allArticles}</h2>
        <form class="filters" id="filters">
          <label>
            {s.filterStatus}
            <select name="status">
              <option value="">{s.anyStatus}</option>
              {stages.map((key) => (
                <option value={key.slice('stage_'.length)}>{s[key]}</option>
              ))}
            </select>
          </label>
          <label>
            {s.filterSection}
            <select name="section">
              <option value="">{s.anySection}</option>
              {sections.map((sec) => (
                <option value={sec.slug}>{sec.name}</option>
              ))}
            </select>
          </label>
          <label>
            {s.filterTitle}
            <input type="search" name="q" maxLength={100} />
          </label>
          <button type="submit" class="button">
            {s.search}
          </button>
        </form>
        <div class="article-list" id="list-all" aria-live="polite" />
        <nav class="pager" id="pager" hidden>
          <button type="button" class="button" data-page="prev">
            {s.prevPage}
          </button>
          <span id="pager-info" />
          <button type="button" class="button" data-page="next">
            {s.nextPage}
          </button>
        </nav>
      </section>
    </AdminLayout>
  );
}

const REPORT_TYPES = ['报导', '报道', '综合报导', '编译', '采访报导'];

function Field({ label, children, wide }: { label: string; children: ComponentChildren; wide?: boolean }) {
  return (
    <label class={wide ? 'field field-wide' : 'field'}>
      <span class="field-label">{label}</span>
      {children}
    </label>
  );
}

/** The editor's form; the script fills it from the API and mounts Tiptap in #body-editor. */
export function EditorPage({
  ctx,
  sections,
  defaultSection,
  articleId,
}: {
  ctx: AdminPageContext;
  sections: Section[];
  /** Preselected for a new article. */
  defaultSection: string | null;
  articleId: number | null;
}) {
  const s = stringsFor(ctx.lang);
  return (
    <AdminLayout ctx={ctx} title={articleId ? s.editArticle : s.newArticle} page="editor" data={{ articleId, sections }}>
      <form id="editor-form" class="editor" autocomplete="off">
        <div class="editor-main">
          <div class="editor-status">
            <span class="badge" id="stage-badge" hidden />
            <span id="version-info" />
            <span id="presence" class="presence" role="status" hidden />
            <span id="save-state" class="save-state" aria-live="polite" />
          </div>
          <p class="notice notice-warn" id="return-comment" hidden />
          <p class="notice notice-warn" id="copy-warning" role="alert" hidden />
          <input class="title-input" name="title" required maxLength={200} placeholder={s.title} aria-label={s.title} />
          <input class="subtitle-input" name="subtitle" maxLength={300} placeholder={s.subtitle} aria-label={s.subtitle} />
          <textarea class="summary-input" name="summary" rows={2} maxLength={1000} placeholder={s.summary} aria-label={s.summary} />
          <div class="toolbar" role="toolbar" aria-label={s.toolbar} id="toolbar">
            <button type="button" data-cmd="paragraph">{s.paragraph}</button>
            <button type="button" data-cmd="subheading">{s.subheading}</button>
            <button type="button" data-cmd="quote" title={s.quoteCiteHint}>{s.quote}</button>
            <button type="button" data-cmd="bulletList">{s.bulletList}</button>
            <button type="button" data-cmd="orderedList">{s.orderedList}</button>
            <button type="button" data-cmd="image">{s.image}</button>
            <input type="file" id="image-file" accept="image/jpeg,image/png,image/webp,image/gif" hidden />
            <span class="toolbar-sep" />
            <button type="button" data-cmd="bold" aria-label={s.bold} title={s.bold}>
              <b>B</b>
            </button>
            <button type="button" data-cmd="italic" aria-label={s.italic} title={s.italic}>
              <i>I</i>
            </button>
            <button type="button" data-cmd="link" title={s.linkTitle}>
              {s.link}
            </button>
            <span class="toolbar-sep" />
            <button type="button" data-cmd="undo">{s.undo}</button>
            <button type="button" data-cmd="redo">{s.redo}</button>
          </div>
          <div id="body-editor" class="body-editor" aria-label={s.body} />
          <p class="counts" id="counts" aria-live="polite" />
        </div>
        <aside class="editor-side">
          <section class="card">
            <h2>{s.workflow}</h2>
            <div class="actions">
              <button type="submit" class="button button-primary" id="save-button">
                {s.save}
              </button>
              <span id="workflow-buttons" class="workflow-buttons" />
            </div>
            <label class="field" id="publish-at-field" hidden>
              <span class="field-label">{s.publishAt}</span>
              <input type="datetime-local" name="publishAt" />
            </label>
            <p class="hint">{s.shortcuts}</p>
            <p class="links">
              <a id="preview-link" href="#" target="_blank" rel="noopener" hidden>
                {s.preview}
              </a>
              <a id="public-link" href="#" target="_blank" rel="noopener" hidden>
                {s.viewPublic}
              </a>
              {articleId !== null && (ctx.user?.role === 'editor' || ctx.user?.role === 'admin') && (
                <a id="conversion-link" href={`/admin/articles/${articleId}/conversion`}>
                  {dictText(ctx.lang, 'overridesNav')}
                </a>
              )}
            </p>
            <p id="editor-of-record" class="hint" hidden />
          </section>
          <section class="card">
            <Field label={s.section}>
              <select name="section">
                {sections.map((sec) => (
                  <option value={sec.slug} selected={sec.slug === defaultSection}>
                    {sec.name}
                  </option>
                ))}
              </select>
            </Field>
            <div class="field">
              <span class="field-label" id="tags-label">{s.tags}</span>
              <div class="tags" id="tags">
                <input name="tagInput" list="tag-options" placeholder={s.tagsHint} aria-labelledby="tags-label" />
              </div>
              <datalist id="tag-options" />
            </div>
          </section>
          <fieldset class="card">
            <legend>{s.dateline}</legend>
            <div class="row">
              <Field label={s.datelineSource}>
                <input name="datelineSource" maxLength={50} />
              </Field>
              <Field label={s.datelineKind}>
                <select name="datelineKind">
                  <option value="讯">讯</option>
                  <option value="电">电</option>
                </select>
              </Field>
            </div>
            <div class="row">
              <Field label={s.datelineDate}>
                <input type="date" name="datelineDate" />
              </Field>
              <Field label={s.datelinePlace}>
                <input name="datelinePlace" maxLength={50} />
              </Field>
            </div>
          </fieldset>
          <fieldset class="card">
            <legend>{s.byline}</legend>
            <Field label={s.reporters}>
              <input name="reporters" />
            </Field>
            <div class="row">
              <Field label={s.reportType}>
                <select name="reportType">
                  <option value="" />
                  {REPORT_TYPES.map((r) => (
                    <option value={r}>{r}</option>
                  ))}
                </select>
              </Field>
              <Field label={s.bylinePlace}>
                <input name="bylinePlace" maxLength={50} />
              </Field>
            </div>
          </fieldset>
          <section class="card">
            <h2>{s.related}</h2>
            <ol class="related" id="related" />
            <input name="relatedSearch" list="related-options" placeholder={s.relatedSearch} aria-label={s.relatedSearch} />
            <datalist id="related-options" />
          </section>
          <fieldset class="card">
            <legend>{s.seo}</legend>
            <Field label={s.seoTitle}>
              <input name="seoTitle" maxLength={200} />
            </Field>
            <Field label={s.seoDescription}>
              <textarea name="seoDescription" rows={3} maxLength={500} />
            </Field>
          </fieldset>
          <section class="card" id="corrections-card" hidden>
            <h2>{s.corrections}</h2>
            <Field label={s.correctionText}>
              <textarea name="correction" rows={2} />
            </Field>
            <button type="button" class="button" id="add-correction">
              {s.addCorrection}
            </button>
          </section>
          <section class="card" id="revisions-card" hidden>
            <h2>{s.revisions}</h2>
            <ol class="revisions" id="revisions" />
          </section>
        </aside>
      </form>
      <dialog id="diff-dialog" class="diff-dialog">
        <h2 id="diff-title" />
        <p id="diff-help" class="hint" />
        <div id="diff-body" class="diff" />
        <div class="actions">
          <button type="button" class="button button-primary" id="diff-reload" hidden>
            {s.reloadTheirs}
          </button>
          <button type="button" class="button" id="diff-close">
            {s.close}
          </button>
        </div>
      </dialog>
    </AdminLayout>
  );
}
