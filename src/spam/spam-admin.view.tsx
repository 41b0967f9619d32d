import { AdminLayout, type AdminPageContext } from '../newsroom/ui/admin-pages.view.js';
import { CsrfField, FormNotices, type FormProblem } from '../newsroom/ui/form-parts.view.js';
import { TERM_ACTIONS, TERM_CATEGORIES, type Highlight, type SpamAnalysis, type SpamTerm, type TermCategory } from './model.js';
import { actionLabel, categoryLabel, spamText } from './spam-admin.i18n.js';

/** What the page shows besides the lists: a notice, a problem with the last form, the last check. */
export interface SpamPageState {
  notice: string | null;
  problem: FormProblem | null;
  check: { text: string; analysis: SpamAnalysis } | null;
  /** The add form's values after a refused add, so nothing typed is lost. */
  draft: { term: string; category: string; weight: string; action: string } | null;
  category: TermCategory | null;
}


/** The text with every found range marked (overlapping ranges merged), each mark titled with what was found. */
export function MarkedText({ text, highlights }: { text: string; highlights: Highlight[] }) {
  const merged: Highlight[] = [];
  for (const h of [...highlights].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && h.start < last.end) merged[merged.length - 1] = { ...last, end: Math.max(last.end, h.end), detail: `${last.detail}；${h.detail}` };
    else merged.push({ ...h });
  }
  const parts = [];
  let at = 0;
  for (const h of merged) {
    if (h.start > at) parts.push(text.slice(at, h.start));
    parts.push(<mark title={h.detail}>{text.slice(h.start, h.end)}</mark>);
    at = h.end;
  }
  parts.push(text.slice(at));
  return <p class="spam-marked">{parts}</p>;
}

function CheckResult({ ctx, text, analysis }: { ctx: AdminPageContext; text: string; analysis: SpamAnalysis }) {
  const l = ctx.lang;
  return (
    <div class="spam-result" id="spam-result">
      <p>
        {spamText(l, 'verdict')}: <span class={`badge badge-spam-${analysis.action}`}>{actionLabel(l, analysis.action)}</span> · {spamText(l, 'score')}{' '}
        <strong>{analysis.score}</strong>
      </p>
      <MarkedText text={text} highlights={analysis.highlights} />
      {analysis.reasons.length === 0 ? (
        <p class="hint">{spamText(l, 'noSignals')}</p>
      ) : (
        <table class="list-table">
          <thead>
            <tr>
              <th>{spamText(l, 'phase')}</th>
              <th>{spamText(l, 'signal')}</th>
              <th>{spamText(l, 'score')}</th>
            </tr>
          </thead>
          <tbody>
            {analysis.reasons.map((r) => (
              <tr>
                <td>{r.phase}</td>
                <td>{r.detail}</td>
                <td>{r.score > 0 ? `+${r.score}` : r.score}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CategorySelect({ lang, name, value, form }: { lang: AdminPageContext['lang']; name: string; value: string; form?: string }) {
  return (
    <select name={name} form={form}>
      {TERM_CATEGORIES.map((c) => (
        <option value={c} selected={c === value}>
          {categoryLabel(lang, c)}
        </option>
      ))}
    </select>
  );
}

function ActionSelect({ name, value, form }: { name: string; value: string; form?: string }) {
  return (
    <select name={name} form={form}>
      {TERM_ACTIONS.map((a) => (
        <option value={a} selected={a === value}>
          {a}
        </option>
      ))}
    </select>
  );
}

function TermRow({ ctx, term }: { ctx: AdminPageContext; term: SpamTerm }) {
  const form = `term-${term.id}`;
  return (
    <tr id={`row-${term.id}`}>
      <td>
        <input name="term" value={term.term} form={form} required maxLength={40} aria-label={spamText(ctx.lang, 'term')} />
      </td>
      <td lang="zh-Hans">{term.normalised}</td>
      <td>
        <CategorySelect lang={ctx.lang} name="category" value={term.category} form={form} />
      </td>
      <td>
        <input name="weight" type="number" min="0" max="10" step="0.5" value={String(term.weight)} form={form} aria-label={spamText(ctx.lang, 'weight')} />
      </td>
      <td>
        <ActionSelect name="action" value={term.action} form={form} />
      </td>
      <td>
        <form id={form} method="post" action={`/admin/spam/terms/${term.id}`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button">
            {spamText(ctx.lang, 'save')}
          </button>
        </form>
        <form method="post" action={`/admin/spam/terms/${term.id}/delete`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button button-danger">
            {spamText(ctx.lang, 'delete')}
          </button>
        </form>
      </td>
    </tr>
  );
}

/** /admin/spam: check a text, add a term, and the lists (each row its own form). Plain forms: works without JavaScript. */
export function SpamPage({ ctx, terms, version, state }: { ctx: AdminPageContext; terms: SpamTerm[]; version: number; state: SpamPageState }) {
  const l = ctx.lang;
  const shown = state.category ? terms.filter((t) => t.category === state.category) : terms;
  const draft = state.draft ?? { term: '', category: 'gambling', weight: '1', action: 'flag' };
  return (
    <AdminLayout ctx={ctx} title={spamText(l, 'title')} page="spam" needsJs={false}>
      <h1 class="page-title">{spamText(l, 'title')}</h1>
      <p class="hint">{spamText(l, 'intro')}</p>
      <FormNotices notice={state.notice} problem={state.problem} />
      <section class="panel" aria-labelledby="check-h">
        <h2 id="check-h">{spamText(l, 'checkHeading')}</h2>
        <form method="post" action="/admin/spam/check">
          <CsrfField token={ctx.csrfToken} />
          <textarea name="text" rows={4} cols={80} required maxLength={20000} aria-label={spamText(l, 'checkHeading')}>
            {state.check?.text ?? ''}
          </textarea>
          <p class="hint">{spamText(l, 'checkHelp')}</p>
          <button type="submit" class="button button-primary">
            {spamText(l, 'checkButton')}
          </button>
        </form>
        {state.check && <CheckResult ctx={ctx} text={state.check.text} analysis={state.check.analysis} />}
      </section>
      <section class="panel panel-wide" aria-labelledby="add-h">
        <h2 id="add-h">{spamText(l, 'addHeading')}</h2>
        <form method="post" action="/admin/spam/terms" class="filters">
          <CsrfField token={ctx.csrfToken} />
          <label>
            {spamText(l, 'term')} <input name="term" value={draft.term} required maxLength={40} />
          </label>
          <label>
            {spamText(l, 'category')} <CategorySelect lang={l} name="category" value={draft.category} />
          </label>
          <label>
            {spamText(l, 'weight')} <input name="weight" type="number" min="0" max="10" step="0.5" value={draft.weight} required />
          </label>
          <label>
            {spamText(l, 'action')} <ActionSelect name="action" value={draft.action} />
          </label>
          <button type="submit" class="button button-primary">
            {spamText(l, 'add')}
          </button>
        </form>
      </section>
      <section class="panel panel-wide" aria-labelledby="terms-h">
        <div class="panel-head">
          <h2 id="terms-h">{spamText(l, 'termsHeading')}</h2>
          <form method="get" action="/admin/spam" class="filters">
            <select name="category" aria-label={spamText(l, 'category')}>
              <option value="">{spamText(l, 'all')}</option>
              {TERM_CATEGORIES.map((c) => (
                <option value={c} selected={c === state.category}>
                  {categoryLabel(l, c)}
                </option>
              ))}
            </select>
            <button type="submit" class="button">
              {spamText(l, 'filter')}
            </button>
          </form>
        </div>
        <p class="hint">{spamText(l, 'termsHelp')}</p>
        <p class="hint">{spamText(l, 'count', { n: shown.length, v: version })}</p>
        <table class="list-table" id="spam-terms">
          <thead>
            <tr>
              <th>{spamText(l, 'term')}</th>
              <th>{spamText(l, 'normalised')}</th>
              <th>{spamText(l, 'category')}</th>
              <th>{spamText(l, 'weight')}</th>
              <th>{spamText(l, 'action')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((term) => (
              <TermRow ctx={ctx} term={term} />
            ))}
          </tbody>
        </table>
      </section>
    </AdminLayout>
  );
}
