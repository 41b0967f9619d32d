import type { ArticleInput, BodyBlock } from '../articles/model.js';
import { localDate } from '../platform/time.js';
import { toTraditional } from '../zh/script.js';
import {
  CHINA_PLACES,
  COMMON_SENTENCES,
  EDITORS,
  GIVEN_CHARS,
  NEIGHBOURHOODS,
  REPORTERS,
  REPORT_TYPES,
  SECTIONS,
  SUBHEADINGS,
  SURNAMES,
  WIRE_SOURCES,
  WORLD_PLACES,
  type CorpusSection,
} from './corpus-words.js';

/** A deterministic pseudo-random source: `next()` in [0, 1). */
export interface Rng {
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast and good enough for text; the same seed always gives the same stream. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('createRng.pick: no items');
      return item;
    },
  };
}

/** The seed of article `index` of corpus `seed`: each article is independent of batch sizes and order. */
function articleSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

/** An invented person: a surname and a one- or two-character given name. */
export function inventName(rng: Rng): string {
  const given = rng.next() < 0.3 ? rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS);
  return rng.pick(SURNAMES) + given;
}

/** What one article keeps constant: its main place, topic, body and person. */
interface Story {
  section: CorpusSection;
  place: string;
  neighbourhood: string;
  topic: string;
  org: string;
  person: string;
  role: string;
  year: number;
  /** Templates already used, so a story rarely repeats a sentence. */
  used: Set<string>;
}

function bigNumber(rng: Rng): string {
  const n = rng.int(1, 999);
  return rng.next() < 0.5 ? `${n}万` : rng.next() < 0.5 ? `${n}亿` : String(rng.int(1_000, 99_999));
}

/**
 * Fills a template's slots. {place} {topic} {org} {person} {role} {neighbourhood} are the
 * story's own; {place2} {topic2} {org2} {person2} draw others; {num} {day} {month} {year}
 * {pct} {big} {count} {goal} are numbers.
 */
function fill(template: string, story: Story, rng: Rng): string {
  return template.replace(/\{(\w+)\}/g, (_match, slot: string) => {
    switch (slot) {
      case 'place': return story.place;
      case 'place2': return rng.pick(story.section.slug === 'world' ? WORLD_PLACES : CHINA_PLACES);
      case 'neighbourhood': return story.neighbourhood;
      case 'topic': return story.topic;
      case 'topic2': return rng.pick(story.section.topics);
      case 'org': return story.org;
      case 'org2': return rng.pick(story.section.orgs);
      case 'person': return story.person;
      case 'person2': return inventName(rng);
      case 'role': return story.role;
      case 'num': return String(rng.int(2, 60));
      case 'goal': return String(rng.int(0, 5));
      case 'day': return String(rng.int(1, 28));
      case 'month': return String(rng.int(1, 12));
      case 'year': return String(story.year);
      case 'pct': return `${rng.int(1, 40)}.${rng.int(0, 9)}%`;
      case 'big': return bigNumber(rng);
      case 'count': return String(rng.int(10, 9_999));
      default: throw new Error(`corpus template: unknown slot {${slot}}`);
    }
  });
}

/** A sentence this story has not used yet (after a few tries, one it has). */
function sentence(story: Story, rng: Rng): string {
  let template = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    template = rng.next() < 0.5 ? rng.pick(story.section.sentences) : rng.pick(COMMON_SENTENCES);
    if (!story.used.has(template)) break;
  }
  story.used.add(template);
  return fill(template, story, rng);
}

function paragraph(story: Story, rng: Rng): string {
  const count = rng.int(2, 5);
  let text = '';
  for (let i = 0; i < count; i++) text += sentence(story, rng);
  return text;
}

function body(story: Story, rng: Rng): BodyBlock[] {
  const blocks: BodyBlock[] = [{ type: 'paragraph', text: paragraph(story, rng) }];
  const paragraphs = rng.int(4, 9);
  const headingAt = new Set([rng.int(1, paragraphs - 1), rng.int(1, paragraphs - 1)]);
  for (let i = 1; i <= paragraphs; i++) {
    if (headingAt.has(i)) blocks.push({ type: 'subheading', text: rng.pick(SUBHEADINGS) });
    if (i === 2 && rng.next() < 0.3) {
      blocks.push({ type: 'quote', text: fill('“{topic}不是一天能做好的事，我们要有耐心，也要有办法。”', story, rng), cite: `${story.org}${story.role}${story.person}` });
    } else {
      blocks.push({ type: 'paragraph', text: paragraph(story, rng) });
    }
  }
  return blocks;
}

function convertBody(blocks: BodyBlock[]): BodyBlock[] {
  return blocks.map((b) => {
    if (b.type === 'paragraph' || b.type === 'subheading') return { ...b, text: toTraditional(b.text) };
    if (b.type === 'quote') return { ...b, text: toTraditional(b.text), ...(b.cite !== undefined && { cite: toTraditional(b.cite) }) };
    return b;
  });
}

/** How a benchmark corpus is laid out in time. */
export interface CorpusPlan {
  seed: number;
  /** Articles in the corpus; article i is published at about start + i/total of the span. */
  total: number;
  /** The newest article's time; the oldest is `spanDays` before. */
  end: Date;
  /** Default 3 years. */
  spanDays?: number;
  /** Share of articles written in Traditional (sourceScript zh-Hant); default 0.15. */
  traditionalShare?: number;
}

/** The source key of article `index` of the corpus with `seed`. */
export function benchSourceKey(seed: number, index: number): string {
  return `bench-${seed}-${index}`;
}

/**
 * Article `index` (0-based) of the benchmark corpus: a published news story from our own
 * word lists and templates, the same for the same seed and index. Ids follow time: article
 * i is published at about i/total of the way through the span, with a few hours' jitter.
 */
export function benchArticle(plan: CorpusPlan, index: number): ArticleInput {
  const rng = createRng(articleSeed(plan.seed, index));
  const spanMs = (plan.spanDays ?? 3 * 365) * 86_400_000;
  const step = spanMs / Math.max(plan.total, 1);
  const at = new Date(plan.end.getTime() - spanMs + index * step + rng.next() * step);
  const section = rng.pick(SECTIONS);
  const world = section.slug === 'world';
  const story: Story = {
    section,
    place: rng.pick(world ? WORLD_PLACES : CHINA_PLACES),
    neighbourhood: rng.pick(NEIGHBOURHOODS),
    topic: rng.pick(section.topics),
    org: rng.pick(section.orgs),
    person: inventName(rng),
    role: rng.pick(section.roles),
    year: at.getUTCFullYear(),
    used: new Set(),
  };
  const title = fill(rng.pick(section.titles), story, rng);
  const summary = sentence(story, rng);
  const blocks = body(story, rng);
  const wire = world && rng.next() < 0.6;
  const reporters = rng.next() < 0.3 ? [rng.pick(REPORTERS), rng.pick(REPORTERS)] : [rng.pick(REPORTERS)];
  const tags = [...new Set([story.topic, rng.pick(section.topics), ...(world ? [] : [story.place])])];
  const traditional = rng.next() < (plan.traditionalShare ?? 0.15);
  const publishedAt = at.toISOString();
  return {
    sourceKey: benchSourceKey(plan.seed, index),
    title: traditional ? toTraditional(title) : title,
    subtitle: null,
    summary: traditional ? toTraditional(summary) : summary,
    body: traditional ? convertBody(blocks) : blocks,
    section: section.slug,
    tags: traditional ? tags.map(toTraditional) : tags,
    dateline: {
      source: wire ? rng.pick(WIRE_SOURCES) : '本网',
      date: localDate(at, 'Asia/Shanghai'),
      place: story.place,
      kind: wire ? '电' : '讯',
    },
    byline: { reporters: wire ? [] : [...new Set(reporters)], reportType: wire ? null : rng.pick(REPORT_TYPES), place: wire ? null : story.place },
    editor: rng.pick(EDITORS),
    status: 'published',
    publishedAt,
    updatedAt: publishedAt,
    sourceScript: traditional ? 'zh-Hant' : 'zh-Hans',
    related: [],
  };
}

/** The benchmark newsroom's desks, in navigation order. */
export function benchSections(): { slug: string; name: string; position: number }[] {
  return SECTIONS.map((s, position) => ({ slug: s.slug, name: s.name, position }));
}
