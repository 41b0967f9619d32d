import { AdminLayout, type AdminPageContext } from '../newsroom/ui/admin-pages.view.js';
import { CsrfField, FormNotices, type FormProblem } from '../newsroom/ui/form-parts.view.js';
import { lexiconText } from './lexicon-admin.i18n.js';
import type { PronunciationEntry } from './lexicon.service.js';
import type { SpokenUtterance } from './speech-script.js';

/** What the lexicon page shows besides the entries. */
export interface LexiconPageState {
  notice: string | null;
  problem: FormProblem | null;
  /** 试读: the text tried and how it is read. */
  reading: { text: string; utterances: SpokenUtterance[] } | null;
  /** The add form's values after a refused add, so nothing typed is lost. */
  draft: { term: string; pinyin: string; note: string } | null;
}

function EntryRow({ ctx, entry }: { ctx: AdminPageContext; entry: PronunciationEntry }) {
  const l = ctx.lang;
  const form = `pronunciation-${entry.id}`;
  return (
    <tr id={`pronunciation-row-${entry.id}`}>
      <td>
        <input name="term" value={entry.term} form={form} required maxLength={20} size={10} aria-label={lexiconText(l, 'term')} lang="zh-Hans" />
      </td>
      <td>
        <input name="pinyin" value={entry.pinyin} form={form} required maxLength={200} size={24} aria-label={lexiconText(l, 'pinyin')} lang="zh-Latn-pinyin" />
      </td>
      <td>
        <input name="note" value={entry.note ?? ''} form={form} maxLength={200} aria-label={lexiconText(l, 'note')} />
      </td>
      <td>
        <form id={form} method="post" action={`/admin/pronunciations/${entry.id}`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button">
            {lexiconText(l, 'save')}
          </button>
        </form>
        <form method="post" action={`/admin/pronunciations/${entry.id}/delete`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button button-danger">
            {lexiconText(l, 'delete')}
          </button>
        </form>
      </td>
    </tr>
  );
}

/** 试读's answer: each utterance as shown, as said, and its pinyin. */
function Reading({ ctx, utterances }: { ctx: AdminPageContext; utterances: SpokenUtterance[] }) {
  const l = ctx.lang;
  if (utterances.length === 0) return <p class="hint">{lexiconText(l, 'nothingToRead')}</p>;
  return (
    <table class="list-table" id="reading-result">
      <thead>
        <tr>
          <th>{lexiconText(l, 'shown')}</th>
          <th>{lexiconText(l, 'spoken')}</th>
          <th>{lexiconText(l, 'pinyin')}</th>
        </tr>
      </thead>
      <tbody>
        {utterances.map((u) => (
          <tr>
            <td lang="zh">{u.text}</td>
            <td lang="zh" data-reading="spoken">
              {u.spoken}
            </td>
            <td lang="zh-Latn-pinyin" data-reading="pinyin">
              <code>{u.pinyin}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * /admin/pronunciations: try a reading, add an entry, and change or delete the entries (each row
 * its own form). Plain forms: works without JavaScript.
 */
export function LexiconPage({ ctx, entries, state }: { ctx: AdminPageContext; entries: PronunciationEntry[]; state: LexiconPageState }) {
  const l = ctx.lang;
  const draft = state.draft ?? { term: '', pinyin: '', note: '' };
  return (
    <AdminLayout ctx={ctx} title={lexiconText(l, 'title')} page="pronunciations" needsJs={false}>
      <h1 class="page-title">{lexiconText(l, 'title')}</h1>
      <p class="hint">{lexiconText(l, 'intro')}</p>
      <FormNotices notice={state.notice} problem={state.problem} />
      <section class="panel" aria-labelledby="try-h">
        <h2 id="try-h">{lexiconText(l, 'tryHeading')}</h2>
        <form method="post" action="/admin/pronunciations/try">
          <CsrfField token={ctx.csrfToken} />
          <textarea name="text" rows={3} cols={80} required maxLength={500} aria-label={lexiconText(l, 'tryHeading')} lang="zh">
            {state.reading?.text ?? ''}
          </textarea>
          <p class="hint">{lexiconText(l, 'tryHelp')}</p>
          <button type="submit" class="button button-primary">
            {lexiconText(l, 'tryButton')}
          </button>
        </form>
        {state.reading && <Reading ctx={ctx} utterances={state.reading.utterances} />}
      </section>
      <section class="panel panel-wide" aria-labelledby="add-h">
        <h2 id="add-h">{lexiconText(l, 'addHeading')}</h2>
        <p class="hint">{lexiconText(l, 'pinyinHelp')}</p>
        <form method="post" action="/admin/pronunciations" class="filters">
          <CsrfField token={ctx.csrfToken} />
          <label>
            {lexiconText(l, 'term')} <input name="term" value={draft.term} required maxLength={20} lang="zh" />
          </label>
          <label>
            {lexiconText(l, 'pinyin')} <input name="pinyin" value={draft.pinyin} required maxLength={200} lang="zh-Latn-pinyin" />
          </label>
          <label>
            {lexiconText(l, 'note')} <input name="note" value={draft.note} maxLength={200} />
          </label>
          <button type="submit" class="button button-primary">
            {lexiconText(l, 'add')}
          </button>
        </form>
      </section>
      <section class="panel panel-wide" aria-labelledby="entries-h">
        <h2 id="entries-h">{lexiconText(l, 'entriesHeading')}</h2>
        <p class="hint">{entries.length === 0 ? lexiconText(l, 'empty') : lexiconText(l, 'count', { n: entries.length })}</p>
        {entries.length > 0 && (
          <table class="list-table" id="pronunciations">
            <thead>
              <tr>
                <th>{lexiconText(l, 'term')}</th>
                <th>{lexiconText(l, 'pinyin')}</th>
                <th>{lexiconText(l, 'note')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <EntryRow ctx={ctx} entry={entry} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminLayout>
  );
}
