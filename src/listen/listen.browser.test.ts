/**
 * The 收听 player in a real Chromium, through the real server.
 *
 * Headless Chromium has NO speech voices, so the browser-speech path is tested with a scripted
 * speech engine injected into every page before its scripts run (`context.addInitScript` with
 * FAKE_SPEECH below): it replaces `window.speechSynthesis` and `SpeechSynthesisUtterance` with a
 * deterministic fake that lists its voices after a `voiceschanged` event, records every utterance
 * spoken (text, lang, rate, voice) and every pause/resume/cancel call, fires `onstart` when an
 * utterance starts and `onend` only when the test calls `__speech.finish()`; optionally it refuses
 * (`not-allowed`) to speak before the reader has clicked on the page, as Chrome may. Nothing here is
 * timed: the test advances speech one sentence at a time.
 * The audio-file path is real: the article's audio is rendered on the server and played by the
 * page's <audio> element after a click on 收听.
 *
 * Run: TEST_DIALECTS=sqlite,postgres node --import tsx --test src/listen/listen.browser.test.ts
 * Needs Chromium (CHROMIUM_PATH overrides /usr/bin/chromium); screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { BodyBlock } from '../articles/model.js';
import { join } from 'node:path';
import { outletSettings } from '../articles/outlet.service.js';
import { previewPageData } from '../articles/reader.service.js';
import { seedDemo } from '../demo/seed.js';
import { storeImage } from '../media/media.service.js';
import { smallImage } from '../media/test-images.testing.js';
import { createLocalFileStore } from '../platform/files/local/local-file-store.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { editionReadableBlocks } from './speech-script.js';
import { MAX_UTTERANCE, splitUtterances } from './utterances.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

interface FakeVoice {
  name: string;
  lang: string;
}

const CHINESE_VOICES: FakeVoice[] = [
  { name: 'Fake English', lang: 'en-US' },
  { name: 'Fake 粤语', lang: 'zh-HK' },
  { name: 'Fake 国语', lang: 'zh-TW' },
  { name: 'Fake 普通话', lang: 'zh-CN' },
];

/** The scripted speech engine (see the comment at the top), as page script text. */
function fakeSpeech(voices: FakeVoice[], requireActivation = false): string {
  return `(() => {
  const requireActivation = ${JSON.stringify(requireActivation)};
  const voiceList = ${JSON.stringify(voices)}.map((v) => ({ ...v, default: false, localService: true, voiceURI: v.name }));
  let listed = [];
  let current = null;
  let paused = false;
  const listeners = new Set();
  const log = [];
  const calls = [];
  class FakeUtterance {
    constructor(text = '') {
      this.text = text; this.lang = ''; this.rate = 1; this.pitch = 1; this.volume = 1; this.voice = null;
      this.onstart = null; this.onend = null; this.onerror = null;
    }
  }
  const synth = {
    get speaking() { return current !== null; },
    get pending() { return false; },
    get paused() { return paused; },
    onvoiceschanged: null,
    getVoices() { return listed.slice(); },
    speak(u) {
      // Like Chrome, optionally: no speech before the reader has clicked on this page.
      if (requireActivation && !navigator.userActivation.hasBeenActive) {
        calls.push('refused');
        setTimeout(() => { if (u.onerror) u.onerror({ utterance: u, error: 'not-allowed' }); }, 0);
        return;
      }
      log.push({ text: u.text, lang: u.lang, rate: u.rate, voice: u.voice ? u.voice.name : null });
      current = u;
      setTimeout(() => { if (current === u && u.onstart) u.onstart({ utterance: u }); }, 0);
    },
    cancel() {
      calls.push('cancel');
      const u = current;
      current = null;
      if (u && u.onerror) u.onerror({ utterance: u, error: 'interrupted' });
    },
    pause() { calls.push('pause'); paused = true; },
    resume() { calls.push('resume'); paused = false; },
    addEventListener(type, fn) { if (type === 'voiceschanged') listeners.add(fn); },
    removeEventListener(type, fn) { listeners.delete(fn); },
  };
  // Like Chrome, the voices arrive after the page has started.
  setTimeout(() => {
    listed = voiceList;
    for (const fn of [...listeners]) fn(new Event('voiceschanged'));
    if (synth.onvoiceschanged) synth.onvoiceschanged(new Event('voiceschanged'));
  }, 30);
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true, writable: true });
  Object.defineProperty(window, '__speech', { value: {
    log, calls,
    get current() { return current ? current.text : null; },
    get paused() { return paused; },
    finish() { const u = current; if (!u) return false; current = null; if (u.onend) u.onend({ utterance: u }); return true; },
  } });
})();`;
}

interface SpokenEntry {
  text: string;
  lang: string;
  rate: number;
  voice: string | null;
}
interface FakeSpeechHandle {
  log: SpokenEntry[];
  calls: string[];
  current: string | null;
  paused: boolean;
  finish(): boolean;
}
type FakeWindow = Window & { __speech?: FakeSpeechHandle };

/** The article with something of everything the player reads and skips. */
const MAIN_BODY: BodyBlock[] = [
  { type: 'paragraph', text: '城东新建的三座公园本周陆续开放，市民可以免费入园。园区设有儿童游乐区、健身步道和湿地观鸟台，周末还将举办草坪音乐会，主办方提醒游客提前预约入场时段，错峰出行。' },
  {
    type: 'paragraph',
    text: '园林部门表示，今年共种植乔木两千余株。详细名录已在官网公布。',
    spans: [
      { text: '园林部门表示，今年共种植乔木两千余株。' },
      { text: '详细名录', href: 'https://example.org/trees', bold: true },
      { text: '已在官网公布。' },
    ],
  },
  { type: 'subheading', text: '入园须知' },
  { type: 'list', ordered: false, items: ['每日六时开园，二十二时闭园。', '园内禁止燃放烟花。'] },
  { type: 'quote', text: '我们希望公园成为居民家门口的客厅。', cite: '园林部门负责人' },
  { type: 'paragraph', text: '记者在现场看到，不少家长带着孩子在湿地边观察水鸟。' },
];

interface Sentence {
  text: string;
}

/** What the page's `[data-speak]` elements say, cut by the shared splitter: what must be spoken. */
async function expectedUtterances(page: Page): Promise<Sentence[]> {
  const texts = await page.locator('[data-speak]').allTextContents();
  return texts.flatMap((t) => splitUtterances(t).map((u) => ({ text: u.text })));
}

type SpeechSnapshot = Omit<FakeSpeechHandle, 'finish'>;

/** What the fake has recorded so far. (No functions inside: tsx would name them for a page that has no `__name`.) */
async function speech(page: Page): Promise<SpeechSnapshot> {
  return page.evaluate(() => {
    const s = (window as FakeWindow).__speech;
    if (!s) throw new Error('no fake speech engine');
    return { log: s.log, calls: s.calls, current: s.current, paused: s.paused };
  });
}

async function waitForSpoken(page: Page, count: number): Promise<SpokenEntry> {
  await page.waitForFunction((n) => ((window as FakeWindow).__speech?.log.length ?? 0) >= n, count);
  const { log } = await speech(page);
  const entry = log[count - 1];
  assert.ok(entry);
  return entry;
}

async function finishSentence(page: Page): Promise<void> {
  assert.equal(await page.evaluate(() => (window as FakeWindow).__speech?.finish() ?? false), true, 'a sentence was being spoken');
}

/** The text the highlight covers now (Highlight API), or the block with the fallback class. */
async function highlighted(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const highlight = CSS.highlights.get('listen-sentence');
    if (highlight) return [...highlight].map((r) => r.toString()).join('');
    return document.querySelector('.listen-current')?.textContent ?? null;
  });
}

for (const dialect of TEST_DIALECTS) {
  describe(`listen player in a browser (${dialect})`, { skip: chromiumMissing }, () => {
    let server: TestServer;
    let browser: Browser;
    let mainPath = '';
    let nextTitle = '';
    const errors: string[] = [];
    const contexts: BrowserContext[] = [];

    before(async () => {
      mkdirSync(RESULTS_DIR, { recursive: true });
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      nextTitle = '老城区雨污分流改造完工';
      await createArticle(db, {
        title: nextTitle,
        body: [{ type: 'paragraph', text: '历时八个月的老城区雨污分流改造工程昨天完工。' }],
        section: 'china',
        tags: ['市政'],
        publishedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      });
      const id = await createArticle(db, {
        title: '城东三座新公园本周开放',
        subtitle: '副标题不读',
        summary: '摘要不读。',
        body: MAIN_BODY,
        section: 'china',
        tags: ['公园'],
        publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      mainPath = new URL((await fetch(`${server.url}/article/${id}`)).url).pathname;
      assert.match(mainPath, /^\/zh-hans\/.+\.html$/);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'] });
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      assert.deepEqual(errors, [], 'no script errors on any page');
    });

    async function newPage(options: { voices?: FakeVoice[]; userAgent?: string; width?: number; dark?: boolean; requireActivation?: boolean } = {}): Promise<Page> {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1200, height: 900 },
        locale: 'zh-CN',
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        colorScheme: options.dark ? 'dark' : 'light',
      });
      contexts.push(context);
      await context.addInitScript({ content: fakeSpeech(options.voices ?? CHINESE_VOICES, options.requireActivation) });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
      });
      return page;
    }

    it('reads every block in short utterances, one at a time, with the highlight following', async () => {
      const page = await newPage();
      await page.goto(`${server.url}${mainPath}`);
      const player = page.getByRole('group', { name: '收听本文' });
      await player.waitFor();
      const expected = await expectedUtterances(page);
      assert.ok(expected.length >= 8, 'the fixture has many sentences');
      // What is read: the headline and the body, never the subtitle, summary, cite or TOC.
      const spoken = expected.map((s) => s.text).join('');
      assert.ok(spoken.startsWith('城东三座新公园本周开放'));
      for (const skipped of ['副标题不读', '摘要不读', '园林部门负责人', '责任编辑']) assert.ok(!spoken.includes(skipped), skipped);
      assert.ok(spoken.includes('入园须知') && !spoken.includes('#'), 'the subheading text, not its anchor');

      await page.getByRole('button', { name: '收听' }).click();
      for (let i = 0; i < expected.length; i += 1) {
        const entry = await waitForSpoken(page, i + 1);
        assert.equal(entry.text, expected[i]?.text, `utterance ${i + 1}`);
        // Within the limit, unless it is one clause with nowhere to cut (a long dateline and byline).
        assert.ok(entry.text.length <= MAX_UTTERANCE || !/[，,：:、]/u.test(entry.text.slice(0, -1)), `utterance ${i + 1} is short: ${entry.text}`);
        assert.equal(entry.lang, 'zh-CN');
        assert.equal(entry.voice, 'Fake 普通话');
        assert.equal(await highlighted(page), expected[i]?.text, `highlight on utterance ${i + 1}`);
        assert.equal(await page.locator('[data-listen-progress]').textContent(), `第 ${i + 1} / ${expected.length} 句`);
        if (i === 1) await page.screenshot({ path: `${RESULTS_DIR}listen-speaking.png` });
        await finishSentence(page);
      }
      assert.equal((await speech(page)).log.length, expected.length, 'nothing spoken twice');
      assert.equal(await highlighted(page), null, 'no highlight after the end');
      assert.match((await page.getByRole('status').filter({ hasText: '读完' }).textContent()) ?? '', new RegExp(`本文已读完。下一篇：${nextTitle}`));
      assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('xinwen:listen:position:')).length), 0, 'position cleared at the end');

      // 继续收听下一篇: the first of 更多…新闻 opens and starts reading by itself.
      const nextPath = await page.locator('.more-news a.teaser-title').first().getAttribute('href');
      await page.getByRole('button', { name: '继续收听下一篇' }).click();
      await page.waitForURL((url) => url.pathname === nextPath);
      const first = await waitForSpoken(page, 1);
      assert.equal(first.text, nextTitle);
      assert.equal(await page.getByRole('button', { name: '暂停' }).count(), 1);
    });

    it('asks for a click when the browser refuses to start speaking on arrival from the previous article', async () => {
      const page = await newPage({ requireActivation: true });
      await page.goto(`${server.url}${mainPath}`);
      // The player has started (and looked for a request to continue) before one is planted.
      await page.getByRole('group', { name: '收听本文' }).waitFor();
      const nextPath = await page.locator('.more-news a.teaser-title').first().getAttribute('href');
      assert.ok(nextPath);
      // As 继续收听下一篇 leaves it, then arrive without having clicked anything on the new page.
      await page.evaluate((path) => sessionStorage.setItem('xinwen:listen:continue', path), nextPath);
      await page.goto(`${server.url}${nextPath}`);
      await page.getByRole('status').filter({ hasText: '浏览器没有允许自动播放，请点击播放按钮开始收听。' }).waitFor();
      assert.deepEqual((await speech(page)).log, []);
      assert.ok((await speech(page)).calls.includes('refused'));
      await page.getByRole('button', { name: '收听' }).click();
      assert.equal((await waitForSpoken(page, 1)).text, nextTitle);
    });

    it('pauses and resumes where it was (speechSynthesis.pause on desktop)', async () => {
      const page = await newPage();
      await page.goto(`${server.url}${mainPath}`);
      const expected = await expectedUtterances(page);
      await page.getByRole('button', { name: '收听' }).click();
      await waitForSpoken(page, 1);
      await finishSentence(page);
      await waitForSpoken(page, 2);
      await page.getByRole('button', { name: '暂停' }).click();
      assert.equal((await speech(page)).paused, true);
      assert.ok((await speech(page)).calls.includes('pause'));
      await page.getByRole('button', { name: '继续' }).click();
      await page.getByRole('button', { name: '暂停' }).waitFor();
      const after = await speech(page);
      assert.equal(after.paused, false);
      assert.ok(after.calls.includes('resume'));
      assert.equal(after.log.length, 2, 'resumed the same utterance, not a new one');
      assert.equal(await highlighted(page), expected[1]?.text);
    });

    it('on Android, pausing cancels and resuming speaks the current sentence again', async () => {
      const page = await newPage({ userAgent: ANDROID_UA, width: 360 });
      await page.goto(`${server.url}${mainPath}`);
      const expected = await expectedUtterances(page);
      await page.getByRole('button', { name: '收听' }).click();
      await waitForSpoken(page, 1);
      await finishSentence(page);
      await waitForSpoken(page, 2);
      const cancelsBefore = (await speech(page)).calls.filter((c) => c === 'cancel').length;
      await page.getByRole('button', { name: '暂停' }).click();
      const paused = await speech(page);
      assert.ok(!paused.calls.includes('pause'), 'speechSynthesis.pause is not used on Android');
      assert.ok(paused.calls.filter((c) => c === 'cancel').length > cancelsBefore, 'pause cancels');
      assert.equal(paused.current, null);
      await page.getByRole('button', { name: '继续' }).click();
      const again = await waitForSpoken(page, 3);
      assert.equal(again.text, expected[1]?.text, 'the interrupted sentence starts again');
      assert.equal(await highlighted(page), expected[1]?.text);
      // At 360 px the player fits: nothing sticks out sideways.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scrolling at 360 px');
      await page.screenshot({ path: `${RESULTS_DIR}listen-android-360.png` });
    });

    it('changes speed by restarting the current sentence, and skips back and forward a sentence', async () => {
      const page = await newPage();
      await page.goto(`${server.url}${mainPath}`);
      const expected = await expectedUtterances(page);
      await page.getByRole('button', { name: '收听' }).click();
      await waitForSpoken(page, 1);
      await finishSentence(page);
      assert.equal((await waitForSpoken(page, 2)).rate, 1);
      await page.getByLabel('语速').selectOption('1.5');
      const faster = await waitForSpoken(page, 3);
      assert.deepEqual([faster.text, faster.rate], [expected[1]?.text, 1.5]);
      await page.getByRole('button', { name: '下一句' }).click();
      const forward = await waitForSpoken(page, 4);
      assert.deepEqual([forward.text, forward.rate], [expected[2]?.text, 1.5]);
      assert.equal(await highlighted(page), expected[2]?.text);
      await page.getByRole('button', { name: '上一句' }).click();
      assert.equal((await waitForSpoken(page, 5)).text, expected[1]?.text);
      assert.equal(await highlighted(page), expected[1]?.text);
      // Paused, skipping moves the place without speaking.
      await page.getByRole('button', { name: '暂停' }).click();
      await page.getByRole('button', { name: '下一句' }).click();
      assert.equal(await highlighted(page), expected[2]?.text);
      assert.equal((await speech(page)).log.length, 5);
      await page.getByRole('button', { name: '继续' }).click();
      assert.equal((await waitForSpoken(page, 6)).text, expected[2]?.text);
      // The speed is remembered for the next page.
      await page.reload();
      assert.equal(await page.getByLabel('语速').inputValue(), '1.5');
    });

    it('resumes after a reload where the reader left off', async () => {
      const page = await newPage();
      await page.goto(`${server.url}${mainPath}`);
      const expected = await expectedUtterances(page);
      await page.getByRole('button', { name: '收听' }).click();
      for (let i = 1; i <= 3; i += 1) {
        await waitForSpoken(page, i);
        await finishSentence(page);
      }
      await waitForSpoken(page, 4);
      await page.reload();
      await page.getByRole('status').filter({ hasText: '上次听到第 4 句' }).waitFor();
      assert.equal(await highlighted(page), expected[3]?.text);
      await page.getByRole('button', { name: '继续' }).click();
      assert.equal((await waitForSpoken(page, 1)).text, expected[3]?.text);
    });

    it('scrolls an off-screen sentence into view, floats the controls meanwhile, and marks the whole block without the Highlight API', async () => {
      const context = await browser.newContext({ viewport: { width: 800, height: 420 }, locale: 'zh-CN', reducedMotion: 'reduce' });
      contexts.push(context);
      await context.addInitScript({ content: fakeSpeech(CHINESE_VOICES) });
      // A browser without the CSS Custom Highlight API.
      await context.addInitScript({ content: 'delete window.Highlight;' });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}${mainPath}`);
      const expected = await expectedUtterances(page);
      await page.getByRole('button', { name: '收听' }).click();
      await waitForSpoken(page, 1);
      assert.equal(await page.locator('.listen-current').textContent(), '城东三座新公园本周开放', 'the headline block is marked');
      assert.equal(await page.evaluate(() => window.scrollY), 0);
      const forward = page.getByRole('button', { name: '下一句' });
      for (let i = 2; i <= expected.length; i += 1) {
        await forward.click();
        await waitForSpoken(page, i);
      }
      const last = expected[expected.length - 1]?.text ?? '';
      assert.equal(await page.locator('.listen-current').count(), 1, 'one block at a time');
      assert.equal(await page.locator('.listen-current').textContent(), last);
      const box = await page.locator('.listen-current').evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, scrolled: window.scrollY };
      });
      // The player is scrolled away: its panel floats on screen, clear of the sentence, and still works.
      const panel = await page.locator('.listen-panel').boundingBox();
      assert.ok(panel && panel.y >= 0 && panel.y + panel.height <= 420, 'the floating controls are on screen');
      assert.ok(box.scrolled > 0, 'the page scrolled');
      assert.ok(box.top >= 0 && box.bottom <= panel.y, `the last block is on screen above the controls (${box.top}–${box.bottom}, controls at ${panel.y})`);
      await page.screenshot({ path: `${RESULTS_DIR}listen-floating.png` });
      await page.getByRole('button', { name: '暂停' }).click();
      assert.equal((await speech(page)).paused, true);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForFunction(() => !document.querySelector('.listen-floating'));
    });

    it('says so when the browser has no Chinese voice', async () => {
      const page = await newPage({ voices: [{ name: 'Fake English', lang: 'en-US' }], dark: true });
      await page.goto(`${server.url}${mainPath}`);
      await page.getByRole('status').filter({ hasText: '您的浏览器没有中文语音，无法朗读。' }).waitFor();
      assert.equal(await page.getByRole('button', { name: '收听' }).isDisabled(), true);
      assert.equal((await speech(page)).log.length, 0);
      await page.screenshot({ path: `${RESULTS_DIR}listen-no-voice-dark.png` });
    });

    it('reads the Traditional edition with a zh-TW voice and Traditional labels', async () => {
      const page = await newPage({ voices: CHINESE_VOICES });
      await page.goto(`${server.url}${mainPath.replace(/^\/zh-hans\//, '/zh-hant/')}`);
      const expected = await expectedUtterances(page);
      assert.equal(expected[0]?.text, '城東三座新公園本週開放');
      await page.getByRole('button', { name: '收聽' }).click();
      const first = await waitForSpoken(page, 1);
      assert.deepEqual([first.text, first.lang, first.voice], [expected[0]?.text, 'zh-TW', 'Fake 国语']);
      assert.equal(await highlighted(page), expected[0]?.text);
    });

    it('stays hidden without JavaScript', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${server.url}${mainPath}`);
      assert.equal(await page.locator('[data-listen-player]').count(), 1);
      assert.equal(await page.locator('[data-listen-player]').isHidden(), true);
    });
  });
}

interface ListenAnswer {
  audio: { url: string; type: string; duration: number; timings: [number, number][] } | null;
}

/** The article's audio once the server's render job has made it (espeak-ng and ffmpeg take a few seconds). */
async function renderedAudio(server: TestServer, id: number): Promise<NonNullable<ListenAnswer['audio']>> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const answer = (await (await fetch(`${server.url}/api/articles/${id}/listen`)).json()) as ListenAnswer;
    if (answer.audio) return answer.audio;
    if (Date.now() > deadline) throw new Error(`article ${id} got no audio within two minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The index of the sentence playing at `time`: the last one that has started. */
function timingIndex(timings: [number, number][], time: number): number {
  let found = 0;
  timings.forEach(([start], i) => {
    if (start <= time) found = i;
  });
  return found;
}

for (const dialect of TEST_DIALECTS) {
  describe(`listen player with rendered audio (${dialect})`, { skip: chromiumMissing }, () => {
    let server: TestServer;
    let browser: Browser;
    let path = '';
    let audio: NonNullable<ListenAnswer['audio']>;
    const errors: string[] = [];

    before(async () => {
      server = await startTestServer(dialect, { audioRender: true });
      const { db } = server.database;
      await setUpNewsroom(db);
      const id = await createArticle(db, {
        title: '湖边步道今日通行',
        body: [
          { type: 'paragraph', text: '环湖步道全长十二公里。沿途设有六处休息点。' },
          { type: 'paragraph', text: '管理处提醒市民注意安全。夜间照明到二十二时。' },
        ],
        section: 'china',
        publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      audio = await renderedAudio(server, id);
      path = new URL((await fetch(`${server.url}/article/${id}`)).url).pathname;
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'] });
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      assert.deepEqual(errors, [], 'no script errors on any page');
    });

    it('plays the rendered file, highlights by its timings, changes speed and resumes after a reload', async () => {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}${path}`);
      const expected = await expectedUtterances(page);
      assert.equal(audio.timings.length, expected.length, 'one timing per utterance on the page');
      const element = page.locator('[data-listen-player] audio');
      const currentTime = () => element.evaluate((a: HTMLAudioElement) => a.currentTime);

      await page.getByRole('button', { name: '收听' }).click();
      await page.getByRole('button', { name: '暂停' }).waitFor();
      // Playing: the clock moves into the second sentence.
      const second = audio.timings[1]?.[0] ?? 0;
      await page.waitForFunction((t) => (document.querySelector<HTMLAudioElement>('[data-listen-player] audio')?.currentTime ?? 0) > t + 0.05, second);
      await page.getByRole('button', { name: '暂停' }).click();
      const pausedAt = await currentTime();
      assert.ok(pausedAt > second);
      assert.equal(await highlighted(page), expected[timingIndex(audio.timings, pausedAt)]?.text, 'the highlight follows the timings');

      // Forward one sentence seeks to its start.
      const at = timingIndex(audio.timings, pausedAt);
      await page.getByRole('button', { name: '下一句' }).click();
      await page.waitForFunction((t) => Math.abs((document.querySelector<HTMLAudioElement>('[data-listen-player] audio')?.currentTime ?? -1) - t) < 0.01, audio.timings[at + 1]?.[0] ?? 0);
      assert.equal(await highlighted(page), expected[at + 1]?.text);

      // Lock-screen controls know what is playing.
      assert.deepEqual(await page.evaluate(() => [navigator.mediaSession.metadata?.title, navigator.mediaSession.metadata?.artist, navigator.mediaSession.metadata?.artwork.length]), [
        '湖边步道今日通行',
        '本网',
        0,
      ]);
      await page.getByLabel('语速').selectOption('1.75');
      assert.equal(await element.evaluate((a: HTMLAudioElement) => a.playbackRate), 1.75);

      // Reload: the stored position is restored and playing goes on from there.
      const stored = await currentTime();
      await page.reload();
      await page.getByRole('status').filter({ hasText: `上次听到第 ${at + 2} 句` }).waitFor();
      await page.waitForFunction((t) => Math.abs((document.querySelector<HTMLAudioElement>('[data-listen-player] audio')?.currentTime ?? -1) - t) < 0.01, stored);
      assert.equal(await element.evaluate((a: HTMLAudioElement) => a.playbackRate), 1.75, 'the speed is remembered');
      await page.getByRole('button', { name: '继续' }).click();
      await page.waitForFunction((t) => (document.querySelector<HTMLAudioElement>('[data-listen-player] audio')?.currentTime ?? 0) > t + 0.1, stored);
      assert.match((await page.locator('[data-listen-progress]').textContent()) ?? '', / · \d+:\d\d \/ \d+:\d\d$/);
      await context.close();
    });

    it('reads with the browser voice when the audio file cannot be played', async () => {
      // The file goes missing from the store (this is the describe's last test).
      const file = join(server.dataDir, 'media', audio.url.slice(1));
      assert.ok(existsSync(file), `the rendered file is at ${file}`);
      rmSync(file);
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
      await context.addInitScript({ content: fakeSpeech(CHINESE_VOICES) });
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      await page.getByRole('status').filter({ hasText: '音频文件无法播放，改用浏览器朗读。' }).waitFor();
      const expected = await expectedUtterances(page);
      await page.getByRole('button', { name: '收听' }).focus();
      await page.keyboard.press('Enter');
      const first = await waitForSpoken(page, 1);
      assert.deepEqual([first.text, first.lang], [expected[0]?.text, 'zh-CN']);
      assert.equal(await highlighted(page), expected[0]?.text);
      await context.close();
    });
  });
}

for (const dialect of TEST_DIALECTS) {
  describe(`data-speak marks what the speech script reads (${dialect})`, { skip: chromiumMissing }, () => {
    let server: TestServer;
    let browser: Browser;
    const ids: number[] = [];

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await seedDemo(db);
      const rows = await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute();
      ids.push(...rows.map((r) => r.id));
      const files = createLocalFileStore({ root: join(server.dataDir, 'media') });
      const { media } = await storeImage(db, files, { buffer: await smallImage('png', 600, 400), alt: '湿地全景', caption: '图说不读', credit: '摄影不读', uploadedBy: null });
      // A body that opens with a subheading (so the dateline and byline stand alone in p.lede-line),
      // with an image, an ordered list with a link, and a quote with its cite.
      ids.push(
        await createArticle(db, {
          title: '湿地公园扩建完成',
          body: [
            { type: 'subheading', text: '扩建概况' },
            { type: 'image', mediaId: media.id, alt: '湿地全景', caption: '图说不读', credit: '摄影不读' },
            { type: 'paragraph', text: '扩建后的湿地公园面积增加一倍。' },
            { type: 'list', ordered: true, items: ['北门新增停车场。', '南门开通公交站。'], itemSpans: [null, [{ text: '南门开通' }, { text: '公交站', href: 'https://example.org/bus' }, { text: '。' }]] },
            { type: 'quote', text: '欢迎市民来观鸟。', cite: '公园管理处' },
          ],
          section: 'china',
        }),
        // No dateline and no byline: the lede line is empty and not read.
        await createArticle(db, {
          title: '社区图书角开放',
          dateline: null,
          byline: { reporters: [], reportType: null, place: null },
          body: [{ type: 'subheading', text: '开放时间' }, { type: 'paragraph', text: '每天上午九时开放。' }],
          section: 'china',
        }),
      );
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'] });
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('matches editionReadableBlocks on every demo article (in its own edition) and on a body with a lede line, image, list and quote', async () => {
      const { db } = server.database;
      const outlet = await outletSettings(db);
      const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      assert.ok(ids.length >= 30, `the demo newsroom was loaded (${ids.length} articles)`);
      let ledeLines = 0;
      let traditional = 0;
      for (const id of ids) {
        const { article } = await previewPageData(db, id);
        const canonical = new URL((await fetch(`${server.url}/article/${id}`)).url).pathname;
        // Each article is compared in its own script's edition: the other edition is a conversion.
        if (article.sourceScript === 'zh-Hant') traditional += 1;
        const path = article.sourceScript === 'zh-Hant' ? canonical.replace(/^\/zh-hans\//, '/zh-hant/') : canonical;
        await page.goto(`${server.url}${path}`);
        const shown = await page.locator('[data-speak]').allTextContents();
        assert.deepEqual(shown, (await editionReadableBlocks(db, article, outlet.shortName)).map((b) => b.text), `article ${id} (${path})`);
        ledeLines += await page.locator('p.lede-line[data-speak]').count();
      }
      assert.equal(ledeLines, 1, 'the lede line is read when it has text, and only then');
      assert.ok(traditional > 0, 'Traditional articles were compared too');
    });
  });
}
