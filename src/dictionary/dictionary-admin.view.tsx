import { AdminLayout, type AdminPageContext } from '../newsroom/ui/admin-pages.view.js';
import { CsrfField, FormNotices, type FormProblem } from '../newsroom/ui/form-parts.view.js';
import { dictText, directionLabel, tagLabel } from './dictionary-admin.i18n.js';
import { DIRECTIONS, WORD_TAGS, type ConversionEntry, type SegmentationWord } from './model.js';

/** What the dictionary page shows besides the lists. */
export interface DictionaryPageState {
  notice: string | null;
  problem: FormProblem | null;
  preview: { text: string; traditional: string; simplified: string } | null;
  /** The add forms' values after a refused add, so nothing typed is lost. */
  entryDraft: { source: string; target: string; direction: string; phrasesOnly: boolean; note: string } | null;
  wordDraft: { word: string; tag: string; freq: string; note: string } | null;
}

export interface DictionaryPageData {
  entries: ConversionEntry[];
  words: SegmentationWord[];
  taiwanPhrases: boolean;
  version: string;
}



function DirectionSelect({ ctx, name, value, form }: { ctx: AdminPageContext; name: string; value: string; form?: string }) {
  return (
    <select name={name} form={form} aria-label={dictText(ctx.lang, 'direction')}>
      {DIRECTIONS.map((d) => (
        <option value={d} selected={d === value}>
          {directionLabel(ctx.lang, d)}
        </option>
      ))}
    </select>
  );
}

function TagSelect({ ctx, name, value, form }: { ctx: AdminPageContext; name: string; value: string; form?: string }) {
  return (
    <select name={name} form={form} aria-label={dictText(ctx.lang, 'tag')}>
      {WORD_TAGS.map((tag) => (
        <option value={tag} selected={tag === value}>
          {tagLabel(ctx.lang, tag)}
        </option>
      ))}
    </select>
  );
}

function EntryRow({ ctx, entry }: { ctx: AdminPageContext; entry: ConversionEntry }) {
  const l = ctx.lang;
  const form = `entry-${entry.id}`;
  return (
    <tr id={`entry-row-${entry.id}`}>
      <td>
        <input name="source" value={entry.source} form={form} required maxLength={40} size={10} aria-label={dictText(l, 'source')} lang="zh" />
      </td>
      <td>
        <input name="target" value={entry.target} form={form} required maxLength={40} size={10} aria-label={dictText(l, 'target')} lang="zh" />
      </td>
      <td>
        <DirectionSelect ctx={ctx} name="direction" value={entry.direction} form={form} />
      </td>
      <td>
        <input type="checkbox" name="phrasesOnly" value="on" checked={entry.phrasesOnly} form={form} aria-label={dictText(l, 'phrasesOnly')} />
      </td>
      <td>
        <input name="note" value={entry.note ?? ''} form={form} maxLength={200} aria-label={dictText(l, 'note')} />
      </td>
      <td>
        <form id={form} method="post" action={`/admin/dictionary/entries/${entry.id}`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button">
            {dictText(l, 'save')}
          </button>
        </form>
        <form method="post" action={`/admin/dictionary/entries/${entry.id}/delete`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button button-danger">
            {dictText(l, 'delete')}
          </button>
        </form>
      </td>
    </tr>
  );
}

function WordRow({ ctx, word }: { ctx: AdminPageContext; word: SegmentationWord }) {
  const l = ctx.lang;
  const form = `word-${word.id}`;
  return (
    <tr id={`word-row-${word.id}`}>
      <td>
        <input name="word" value={word.word} form={form} required maxLength={20} size={10} aria-label={dictText(l, 'word')} lang="zh-Hans" />
      </td>
      <td>
        <TagSelect ctx={ctx} name="tag" value={word.tag} form={form} />
      </td>
      <td>
        <input name="freq" type="number" min="1" max="1000000" step="1" value={word.freq === null ? '' : String(word.freq)} form={form} aria-label={dictText(l, 'freq')} />
      </td>
      <td>
        <input name="note" value={word.note ?? ''} form={form} maxLength={200} aria-label={dictText(l, 'note')} />
      </td>
      <td>
        <form id={form} method="post" action={`/admin/dictionary/words/${word.id}`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button">
            {dictText(l, 'save')}
          </button>
        </form>
        <form method="post" action={`/admin/dictionary/words/${word.id}/delete`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button button-danger">
            {dictText(l, 'delete')}
          </button>
        </form>
      </td>
    </tr>
  );
}

/** The sentence in both scripts. */
function Conversion({ ctx, traditional, simplified }: { ctx: AdminPageContext; traditional: string; simplified: string }) {
  return (
    <dl class="conversion-result" id="conversion-result">
      <dt>{dictText(ctx.lang, 'traditional')}</dt>
      <dd lang="zh-Hant" data-script="traditional">
        {traditional}
      </dd>
      <dt>{dictText(ctx.lang, 'simplified')}</dt>
      <dd lang="zh-Hans" data-script="simplified">
        {simplified}
      </dd>
    </dl>
  );
}

/**
 * /admin/dictionary: try a sentence, the Taiwan-phrases switch, the conversion entries and the
 * segmentation words (each row its own form). Plain forms: works without JavaScript.
 */
export function DictionaryPage({ ctx, data, state }: { ctx: AdminPageContext; data: DictionaryPageData; state: DictionaryPageState }) {
  const l = ctx.lang;
  const entryDraft = state.entryDraft ?? { source: '', target: '', direction: 's2t', phrasesOnly: false, note: '' };
  const wordDraft = state.wordDraft ?? { word: '', tag: 'nr', freq: '', note: '' };
  return (
    <AdminLayout ctx={ctx} title={dictText(l, 'title')} page="dictionary" needsJs={false}>
      <h1 class="page-title">{dictText(l, 'title')}</h1>
      <p class="hint">{dictText(l, 'intro')}</p>
      <p class="hint">{dictText(l, 'version', { v: data.version })}</p>
      <FormNotices notice={state.notice} problem={state.problem} />
      <section class="panel" aria-labelledby="preview-h">
        <h2 id="preview-h">{dictText(l, 'previewHeading')}</h2>
        <form method="post" action="/admin/dictionary/preview">
          <CsrfField token={ctx.csrfToken} />
          <textarea name="text" rows={3} cols={80} required maxLength={2000} aria-label={dictText(l, 'previewHeading')}>
            {state.preview?.text ?? ''}
          </textarea>
          <p class="hint">{dictText(l, 'previewHelp')}</p>
          <button type="submit" class="button button-primary">
            {dictText(l, 'previewButton')}
          </button>
        </form>
        {state.preview && <Conversion ctx={ctx} traditional={state.preview.traditional} simplified={state.preview.simplified} />}
      </section>
      <section class="panel" aria-labelledby="phrases-h">
        <h2 id="phrases-h">{dictText(l, 'phrasesHeading')}</h2>
        <p class="hint">{dictText(l, 'phrasesHelp')}</p>
        <form method="post" action="/admin/dictionary/settings">
          <CsrfField token={ctx.csrfToken} />
          <p id="taiwan-phrases-state">{dictText(l, data.taiwanPhrases ? 'phrasesOn' : 'phrasesOff')}</p>
          <input type="hidden" name="taiwanPhrases" value={data.taiwanPhrases ? 'off' : 'on'} />
          <button type="submit" class="button">
            {dictText(l, data.taiwanPhrases ? 'turnOff' : 'turnOn')}
          </button>
        </form>
      </section>
      <section class="panel panel-wide" aria-labelledby="add-entry-h">
        <h2 id="add-entry-h">{dictText(l, 'addEntryHeading')}</h2>
        <form method="post" action="/admin/dictionary/entries" class="filters">
          <CsrfField token={ctx.csrfToken} />
          <label>
            {dictText(l, 'source')} <input name="source" value={entryDraft.source} required maxLength={40} lang="zh" />
          </label>
          <label>
            {dictText(l, 'target')} <input name="target" value={entryDraft.target} required maxLength={40} lang="zh" />
          </label>
          <label>
            {dictText(l, 'direction')} <DirectionSelect ctx={ctx} name="direction" value={entryDraft.direction} />
          </label>
          <label>
            <input type="checkbox" name="phrasesOnly" value="on" checked={entryDraft.phrasesOnly} /> {dictText(l, 'phrasesOnly')}
          </label>
          <label>
            {dictText(l, 'note')} <input name="note" value={entryDraft.note} maxLength={200} />
          </label>
          <button type="submit" class="button button-primary">
            {dictText(l, 'add')}
          </button>
        </form>
      </section>
      <section class="panel panel-wide" aria-labelledby="entries-h">
        <h2 id="entries-h">{dictText(l, 'entriesHeading')}</h2>
        <p class="hint">{dictText(l, 'entriesHelp')}</p>
        <p class="hint">{dictText(l, 'count', { n: data.entries.length })}</p>
        <table class="list-table" id="dictionary-entries">
          <thead>
            <tr>
              <th>{dictText(l, 'source')}</th>
              <th>{dictText(l, 'target')}</th>
              <th>{dictText(l, 'direction')}</th>
              <th>{dictText(l, 'phrasesOnly')}</th>
              <th>{dictText(l, 'note')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.entries.map((entry) => (
              <EntryRow ctx={ctx} entry={entry} />
            ))}
          </tbody>
        </table>
      </section>
      <section class="panel panel-wide" aria-labelledby="add-word-h">
        <h2 id="add-word-h">{dictText(l, 'addWordHeading')}</h2>
        <form method="post" action="/admin/dictionary/words" class="filters">
          <CsrfField token={ctx.csrfToken} />
          <label>
            {dictText(l, 'word')} <input name="word" value={wordDraft.word} required minLength={2} maxLength={20} lang="zh" />
          </label>
          <label>
            {dictText(l, 'tag')} <TagSelect ctx={ctx} name="tag" value={wordDraft.tag} />
          </label>
          <label>
            {dictText(l, 'freq')} <input name="freq" type="number" min="1" max="1000000" step="1" value={wordDraft.freq} />
          </label>
          <label>
            {dictText(l, 'note')} <input name="note" value={wordDraft.note} maxLength={200} />
          </label>
          <button type="submit" class="button button-primary">
            {dictText(l, 'add')}
          </button>
        </form>
      </section>
      <section class="panel panel-wide" aria-labelledby="words-h">
        <h2 id="words-h">{dictText(l, 'wordsHeading')}</h2>
        <p class="hint">{dictText(l, 'wordsHelp')}</p>
        <p class="hint">{dictText(l, 'count', { n: data.words.length })}</p>
        <table class="list-table" id="dictionary-words">
          <thead>
            <tr>
              <th>{dictText(l, 'word')}</th>
              <th>{dictText(l, 'tag')}</th>
              <th>{dictText(l, 'freq')}</th>
              <th>{dictText(l, 'note')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.words.map((word) => (
              <WordRow ctx={ctx} word={word} />
            ))}
          </tbody>
        </table>
      </section>
    </AdminLayout>
  );
}

/** Blank rows offered under an article's overrides for new ones. */
export const BLANK_OVERRIDE_ROWS = 5;

/** One row of the overrides form as typed (a refused save keeps what was typed, valid or not). */
export interface OverrideRow {
  source: string;
  target: string;
  direction: string;
}

/** What the overrides page shows for one article. */
export interface OverridesPageData {
  article: { id: number; title: string; summary: string | null };
  /** The rows to show: the saved list, or what was typed when a save was refused. */
  rows: OverrideRow[];
  /** Title and summary in both scripts with the article's converter. */
  preview: { traditional: string; simplified: string };
  maxRows: number;
}

/**
 * /admin/articles/:id/conversion: the article's override list as one plain form (each row
 * source, result, direction; empty rows are ignored), and its title and summary converted with it.
 */
export function OverridesPage({ ctx, data, notice, problem }: { ctx: AdminPageContext; data: OverridesPageData; notice: string | null; problem: FormProblem | null }) {
  const l = ctx.lang;
  const rows: OverrideRow[] = [...data.rows];
  const blanks = Math.max(0, Math.min(BLANK_OVERRIDE_ROWS, data.maxRows - rows.length));
  for (let i = 0; i < blanks; i++) rows.push({ source: '', target: '', direction: 's2t' });
  return (
    <AdminLayout ctx={ctx} title={dictText(l, 'overridesTitle')} page="conversion-overrides" needsJs={false}>
      <h1 class="page-title">{dictText(l, 'overridesTitle')}</h1>
      <p class="article-title" lang="zh">
        {data.article.title}
      </p>
      <p class="hint">{dictText(l, 'overridesHelp')}</p>
      <p class="links">
        <a href={`/admin/articles/${data.article.id}`}>{dictText(l, 'backToEditor')}</a> · <a href="/admin/dictionary">{dictText(l, 'title')}</a>
      </p>
      <FormNotices notice={notice} problem={problem} />
      <section class="panel panel-wide" aria-labelledby="overrides-h">
        <h2 id="overrides-h">{dictText(l, 'overridesNav')}</h2>
        <form method="post" action={`/admin/articles/${data.article.id}/conversion`}>
          <CsrfField token={ctx.csrfToken} />
          <table class="list-table" id="conversion-overrides">
            <thead>
              <tr>
                <th>{dictText(l, 'source')}</th>
                <th>{dictText(l, 'target')}</th>
                <th>{dictText(l, 'direction')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr>
                  <td>
                    <input name={`source-${i}`} value={row.source} maxLength={40} size={10} aria-label={`${dictText(l, 'source')} ${i + 1}`} lang="zh" />
                  </td>
                  <td>
                    <input name={`target-${i}`} value={row.target} maxLength={40} size={10} aria-label={`${dictText(l, 'target')} ${i + 1}`} lang="zh" />
                  </td>
                  <td>
                    <DirectionSelect ctx={ctx} name={`direction-${i}`} value={row.direction} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" class="button button-primary">
            {dictText(l, 'saveAll')}
          </button>
        </form>
      </section>
      <section class="panel panel-wide" aria-labelledby="overrides-preview-h">
        <h2 id="overrides-preview-h">{dictText(l, 'overridesPreview')}</h2>
        <Conversion ctx={ctx} traditional={data.preview.traditional} simplified={data.preview.simplified} />
      </section>
    </AdminLayout>
  );
}
