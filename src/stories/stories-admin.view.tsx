import { formatDateTime } from '../articles/format.js';
import type { NewsroomListItem } from '../articles/article-editing.service.js';
import { AdminLayout, type AdminPageContext } from '../newsroom/ui/admin-pages.view.js';
import { CsrfField, FormNotices, type FormProblem } from '../newsroom/ui/form-parts.view.js';
import { stringsFor, type UiKey } from '../newsroom/ui/i18n.js';
import type { StoryListItem } from './model.js';
import type { StoryDetail } from './stories.service.js';

/** What a story form held when it was refused, so nothing typed is lost. */
export interface StoryDraft {
  slug: string;
  title: string;
  summary: string;
}



/** Slug, title and summary inputs, shared by the create and edit forms. */
function StoryFields({ draft }: { draft: StoryDraft }) {
  return (
    <>
      <label class="field">
        <span class="field-label">标题（必填，最多 60 字）</span>
        <input name="title" value={draft.title} required maxLength={60} />
      </label>
      <label class="field">
        <span class="field-label">网址名（小写英文字母、数字、连字符，如 qinghe-metro）</span>
        <input name="slug" value={draft.slug} required maxLength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" />
      </label>
      <label class="field">
        <span class="field-label">摘要（最多 500 字）</span>
        <textarea name="summary" rows={3} maxLength={500}>
          {draft.summary}
        </textarea>
      </label>
    </>
  );
}

export interface StoriesListPageProps {
  ctx: AdminPageContext;
  stories: StoryListItem[];
  canManage: boolean;
  notice: string | null;
  problem: FormProblem | null;
  draft: StoryDraft | null;
}

/** /admin/stories: every story and, for editors and admins, the form to create one. Plain forms: works without JavaScript. */
export function StoriesListPage({ ctx, stories, canManage, notice, problem, draft }: StoriesListPageProps) {
  return (
    <AdminLayout ctx={ctx} title="专题" page="stories" needsJs={false}>
      <h1 class="page-title">专题</h1>
      <p class="hint">专题把同一事件的报道串成一条时间线，有自己的页面和订阅源；文章页会链接到它所属的专题。一篇稿件只能属于一个专题。</p>
      <FormNotices notice={notice} problem={problem} />
      {canManage && (
        <section class="panel panel-wide" aria-labelledby="new-story-h">
          <h2 id="new-story-h">新建专题</h2>
          <form method="post" action="/admin/stories">
            <CsrfField token={ctx.csrfToken} />
            <StoryFields draft={draft ?? { slug: '', title: '', summary: '' }} />
            <button type="submit" class="button button-primary">
              创建专题
            </button>
          </form>
        </section>
      )}
      <section class="panel panel-wide" aria-labelledby="stories-h">
        <h2 id="stories-h">全部专题（{stories.length}）</h2>
        {stories.length === 0 ? (
          <p class="empty">还没有专题。</p>
        ) : (
          <table class="list-table" id="stories">
            <thead>
              <tr>
                <th>标题</th>
                <th>网址名</th>
                <th>稿件</th>
                <th>更新时间</th>
              </tr>
            </thead>
            <tbody>
              {stories.map((s) => (
                <tr>
                  <td>
                    <a href={`/admin/stories/${s.id}`}>{s.title}</a>
                  </td>
                  <td>{s.slug}</td>
                  <td>{s.articleCount}</td>
                  <td class="col-time">{formatDateTime(s.updatedAt, ctx.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminLayout>
  );
}

export interface StoryEditPageProps {
  ctx: AdminPageContext;
  story: StoryDetail;
  /** The newest published articles, for the picker (those already in this story are left out). */
  recent: { id: number; title: string; publishedAt: string }[];
  /** The public page and its RSS and Atom feeds, in the outlet's default edition. */
  publicPath: string;
  feedPaths: { rss: string; atom: string };
  canManage: boolean;
  notice: string | null;
  problem: FormProblem | null;
  draft: StoryDraft | null;
}

function StageBadge({ ctx, article }: { ctx: AdminPageContext; article: NewsroomListItem }) {
  return <span class={`badge badge-${article.status}`}>{stringsFor(ctx.lang)[`stage_${article.status}` as UiKey]}</span>;
}

/** /admin/stories/{id}: the story's fields, its articles (remove), add an article by id or from the latest published, delete. */
export function StoryEditPage({ ctx, story, recent, publicPath, feedPaths, canManage, notice, problem, draft }: StoryEditPageProps) {
  const action = `/admin/stories/${story.id}`;
  const inStory = new Set(story.articles.map((a) => a.id));
  const pickable = recent.filter((a) => !inStory.has(a.id));
  return (
    <AdminLayout ctx={ctx} title={`专题：${story.title}`} page="stories" needsJs={false}>
      <p class="hint">
        <a href="/admin/stories">← 全部专题</a>
      </p>
      <h1 class="page-title">专题：{story.title}</h1>
      <p class="hint">
        公开页面：<a href={publicPath}>{publicPath}</a>（只显示已签发的稿件，最新在前）
      </p>
      <FormNotices notice={notice} problem={problem} />
      {canManage && (
        <section class="panel panel-wide" aria-labelledby="story-fields-h">
          <h2 id="story-fields-h">标题与摘要</h2>
          <form method="post" action={action}>
            <CsrfField token={ctx.csrfToken} />
            <StoryFields draft={draft ?? { slug: story.slug, title: story.title, summary: story.summary }} />
            <button type="submit" class="button button-primary">
              保存
            </button>
          </form>
        </section>
      )}
      <section class="panel panel-wide" aria-labelledby="story-articles-h">
        <h2 id="story-articles-h">专题稿件（{story.articles.length}）</h2>
        {story.articles.length === 0 ? (
          <p class="empty">这个专题还没有稿件。</p>
        ) : (
          <table class="list-table" id="story-articles">
            <thead>
              <tr>
                <th>编号</th>
                <th>标题</th>
                <th>状态</th>
                <th>发布时间</th>
                {canManage && <th />}
              </tr>
            </thead>
            <tbody>
              {story.articles.map((a) => (
                <tr id={`article-${a.id}`}>
                  <td>{a.id}</td>
                  <td>
                    <a href={`/admin/articles/${a.id}`}>{a.title}</a>
                  </td>
                  <td>
                    <StageBadge ctx={ctx} article={a} />
                  </td>
                  <td class="col-time">{a.publishedAt ? formatDateTime(a.publishedAt, ctx.timeZone) : '—'}</td>
                  {canManage && (
                    <td>
                      <form method="post" action={`${action}/articles/${a.id}/remove`}>
                        <CsrfField token={ctx.csrfToken} />
                        <button type="submit" class="button button-danger">
                          移出专题
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canManage && (
        <section class="panel panel-wide" aria-labelledby="add-article-h">
          <h2 id="add-article-h">加入稿件</h2>
          <p class="hint">填写稿件编号（任何状态的稿件都可加入，签发后才出现在专题页），或从最近签发的稿件中选择。</p>
          <form method="post" action={`${action}/articles`} class="filters">
            <CsrfField token={ctx.csrfToken} />
            <label class="field">
              <span class="field-label">稿件编号</span>
              <input name="articleId" inputMode="numeric" pattern="[0-9]*" maxLength={10} />
            </label>
            <label class="field">
              <span class="field-label">或最近签发</span>
              <select name="recentId">
                <option value="">—</option>
                {pickable.map((a) => (
                  <option value={String(a.id)}>
                    {formatDateTime(a.publishedAt, ctx.timeZone)} · {a.title}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="button button-primary">
              加入专题
            </button>
          </form>
        </section>
      )}
      {canManage && (
        <section class="panel panel-wide" aria-labelledby="delete-story-h">
          <h2 id="delete-story-h">删除专题</h2>
          <p class="hint">删除后专题页和订阅源不再存在；稿件本身不受影响。</p>
          <form method="post" action={`${action}/delete`}>
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="button button-danger">
              删除这个专题
            </button>
          </form>
        </section>
      )}
      <p class="hint">
        订阅源：<a href={feedPaths.rss}>RSS</a> · <a href={feedPaths.atom}>Atom</a>
      </p>
    </AdminLayout>
  );
}
