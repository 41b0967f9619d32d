import { bodyMediaIds, recordBodyMedia } from '../media/media-usage.service.js';
import type { Db } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { zonedTimeToInstant } from '../platform/time.js';
import { assertBodyImagesExist, resolveSection } from './article.service.js';
import type { ArticleFields } from './article.store.js';
import {
  existingSourceKeys,
  findPeopleIdsByNames,
  findTagIdsByNames,
  insertArticleRows,
  insertContributors,
  insertReporterLinks,
  insertTagLinks,
  insertTags,
} from './bulk-insert.store.js';
import { validateArticleInput } from './article.schema.js';
import type { ArticleInput } from './model.js';
import { getOutlet } from './outlet.store.js';

/**
 * Writes many new published articles in one transaction, a few statements per few hundred
 * articles instead of `saveArticle`'s dozen round trips each: for loading large archives and
 * benchmark corpora. Every input is validated like `saveArticle`'s, sections are resolved by
 * slug (else the outlet default), reporters and editors by display name (unknown names become
 * contributors), tags by name, and `publishedAt` defaults the same way (dateline date at 00:00
 * in the outlet timezone, else `now`).
 *
 * Differences from `saveArticle`, on purpose: only new articles (a taken `sourceKey` is a
 * ValidationError naming it, and nothing is written), only `published` ones, no related
 * headlines, and nothing is announced on the publish bus — derived data such as the search
 * index must be rebuilt afterwards (`xinwen reindex`). Returns the new ids in input order.
 */
export async function insertPublishedArticlesBulk(db: Db, raw: readonly ArticleInput[], now: Date = new Date()): Promise<number[]> {
  const inputs = raw.map((r, i) => {
    try {
      return validateArticleInput(r);
    } catch (error) {
      // Name the article in the batch as well as the field.
      if (error instanceof ValidationError) throw new ValidationError(`第 ${i + 1} 篇稿件内容无效`, error.details.map((d) => `${i}.${d}`));
      throw error;
    }
  });
  const details: string[] = [];
  const keys = new Set<string>();
  inputs.forEach((input, i) => {
    if (input.status !== 'published') details.push(`${i}.status: 批量写入只接受已发布（published）的稿件`);
    if (input.related.length > 0) details.push(`${i}.related: 批量写入不处理相关新闻标题，请改用逐篇保存`);
    if (keys.has(input.sourceKey)) details.push(`${i}.sourceKey: 「${input.sourceKey}」在本批中重复`);
    keys.add(input.sourceKey);
  });
  if (details.length > 0) throw new ValidationError('批量写入的稿件无效', details);
  if (inputs.length === 0) return [];

  const nowIso = now.toISOString();
  return db.transaction().execute(async (tx) => {
    const taken = await existingSourceKeys(tx, [...keys]);
    if (taken.size > 0) {
      throw new ValidationError('稿件已存在，批量写入只能新建', [...taken].slice(0, 20).map((k) => `sourceKey: 「${k}」已存在`));
    }
    await assertBodyImagesExist(tx, inputs.flatMap((input) => input.body));
    const outlet = await getOutlet(tx);

    const sectionIds = new Map<string | null, number>();
    const sectionOf = (input: ArticleInput) => input.section ?? outlet.defaultSectionSlug;
    for (const slug of new Set(inputs.map(sectionOf))) sectionIds.set(slug, (await resolveSection(tx, slug)).id);

    const names = [...new Set(inputs.flatMap((input) => [...input.byline.reporters, ...(input.editor ? [input.editor] : [])]))];
    await insertContributors(tx, names, nowIso);
    const personIds = await findPeopleIdsByNames(tx, names);
    const tagNames = [...new Set(inputs.flatMap((input) => input.tags))];
    await insertTags(tx, tagNames);
    const tagIds = await findTagIdsByNames(tx, tagNames);
    const idOf = <K>(map: Map<K, number>, key: K) => {
      const id = map.get(key);
      if (id === undefined) throw new Error(`insertPublishedArticlesBulk: "${String(key)}" was not written`);
      return id;
    };

    const rows = inputs.map((input): ArticleFields & { sourceKey: string } => {
      const publishedAt =
        input.publishedAt ?? (input.dateline ? zonedTimeToInstant(input.dateline.date, '00:00', outlet.timezone) : nowIso);
      return {
        sourceKey: input.sourceKey,
        title: input.title,
        subtitle: input.subtitle,
        summary: input.summary,
        body: input.body,
        sectionId: idOf(sectionIds, sectionOf(input)),
        status: 'published',
        datelineSource: input.dateline?.source ?? null,
        datelineDate: input.dateline?.date ?? null,
        datelinePlace: input.dateline?.place ?? null,
        datelineKind: input.dateline?.kind ?? null,
        reportType: input.byline.reportType,
        bylinePlace: input.byline.place,
        editorId: input.editor ? idOf(personIds, input.editor) : null,
        sourceScript: input.sourceScript,
        publishedAt,
        updatedAt: input.updatedAt ?? publishedAt,
      };
    });
    const articleIds = await insertArticleRows(tx, rows, nowIso);
    const written = inputs.map((input) => ({ input, id: idOf(articleIds, input.sourceKey) }));

    await insertReporterLinks(
      tx,
      written.flatMap(({ input, id }) =>
        [...new Set(input.byline.reporters)].map((name, position) => ({ article_id: id, person_id: idOf(personIds, name), position })),
      ),
    );
    await insertTagLinks(
      tx,
      written.flatMap(({ input, id }) => [...new Set(input.tags)].map((name, position) => ({ article_id: id, tag_id: idOf(tagIds, name), position }))),
    );
    for (const { input, id } of written) {
      if (bodyMediaIds(input.body).length > 0) await recordBodyMedia(tx, id, input.body);
    }
    return written.map((w) => w.id);
  });
}
