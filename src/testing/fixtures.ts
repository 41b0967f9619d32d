import { saveArticle } from '../articles/article.service.js';
import type { ArticleInput } from '../articles/model.js';
import { changeOutlet, saveSection } from '../articles/outlet.service.js';
import { publishBus } from '../articles/publish-events.js';
import type { Db } from '../platform/db/database.js';

let counter = 0;

/** A valid, published article input; override any field. */
export function articleInput(overrides: Partial<ArticleInput> = {}): ArticleInput {
  counter += 1;
  return {
    sourceKey: `test-${counter}-${Date.now()}`,
    title: `测试新闻标题${counter}`,
    subtitle: null,
    summary: '这是一则测试新闻的摘要。',
    body: [
      { type: 'paragraph', text: '第一段正文，介绍事件的基本情况。' },
      { type: 'subheading', text: '事件经过' },
      { type: 'paragraph', text: '第二段正文，说明事件的来龙去脉。' },
    ],
    section: 'china',
    tags: ['测试'],
    dateline: { source: '本网', date: '2025-03-18', place: null, kind: '讯' },
    byline: { reporters: ['张明'], reportType: '报导', place: null },
    editor: '李华',
    status: 'published',
    publishedAt: '2025-03-18T09:30:00+08:00',
    updatedAt: null,
    sourceScript: 'zh-Hans',
    related: [],
    ...overrides,
  };
}

/** Sections 要闻 (top, the default) and 中国 (china), and the outlet named 本网. */
export async function setUpNewsroom(db: Db): Promise<void> {
  await saveSection(db, { slug: 'top', name: '要闻', position: 0 });
  await saveSection(db, { slug: 'china', name: '中国', position: 1 });
  await changeOutlet(db, { name: '本网', shortName: '本网', defaultSectionSlug: 'top' });
}

/**
 * Saves an article built from `overrides` and returns its id once the publish pipeline (when
 * attached, as in a test server) has finished with it, so pages show settled derived data
 * (search index, related news) and two requests see the same page.
 */
export async function createArticle(db: Db, overrides: Partial<ArticleInput> = {}): Promise<number> {
  const { id } = await saveArticle(db, articleInput(overrides));
  await publishBus(db).idle();
  return id;
}
