import { NotFoundError } from '../platform/errors.js';
import type { Db } from '../platform/db/database.js';
import type { FileStore } from '../platform/files/file-store.js';
import { encodeMp3 } from './audio-encode.js';
import {
  claimNextAudio,
  deleteAudioRow,
  failAudio,
  finishAudio,
  forceClaimAudio,
  getAudioRow,
  upsertAudioRow,
  type AudioRow,
  type AudioStatus,
} from './audio.store.js';
import { articleSpeechScript, type SpeechScript } from './speech-script.js';
import { pcmDurationMs, silence, SpeechEngineMissingError, type Pcm, type SpeechEngine } from './speech-engine.js';

/** Attempts of one rendering before it is 'failed'. */
export const MAX_ATTEMPTS = 3;
/** A row left 'rendering' longer than this was left by a process that died: it is queued again. */
export const STALE_RENDER_MS = 10 * 60_000;
/** Delay before the second attempt; it doubles for each later one. */
export const RETRY_DELAY_MS = 60_000;
/** Silence after an utterance that ends a clause (，：) and after one that ends a sentence. */
const CLAUSE_PAUSE_MS = 150;
const SENTENCE_PAUSE_MS = 400;
const CLAUSE_END = /[，,：:、]$/u;

// ---------------------------------------------------------------- the queue's wake-up call

type Listener = () => void;
const listeners = new WeakMap<Db, Set<Listener>>();

/** Calls `listener` whenever audio is queued on this database handle (the worker wakes at once); returns its removal. */
export function onAudioQueued(db: Db, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(listener);
  return () => void set.delete(listener);
}

function announceQueued(db: Db): void {
  for (const listener of listeners.get(db) ?? []) listener();
}

// ---------------------------------------------------------------- queueing

/** The file of an article's audio for a script hash: the name changes with the content, so it can be cached for ever. */
export function audioFileKey(articleId: number, hash: string): string {
  return `audio/${articleId}-${hash16(hash)}.mp3`;
}

function hash16(hash: string): string {
  const clean = hash.toLowerCase().replace(/[^0-9a-z]/g, '');
  if (clean.length < 16) throw new Error(`speech script hash too short: ${JSON.stringify(hash)}`);
  return clean.slice(0, 16);
}

export interface QueueAudioOptions {
  /** Where the audio files are: given, an unpublished article's file is deleted at once. */
  files?: FileStore;
  /** Queue even when the stored audio was made from the same script (the admin's 重新生成). */
  force?: boolean;
  now?: Date;
}

export type QueueOutcome = 'queued' | 'unchanged' | 'removed' | 'absent';

/**
 * The publish pipeline's audio subscriber, for every event: an article that is not published
 * loses its audio (row and file); a published one is queued unless its audio was made (or is
 * being made) from the same speech script, so an unchanged article is never rendered twice.
 */
export async function queueAudio(db: Db, articleId: number, options: QueueAudioOptions = {}): Promise<QueueOutcome> {
  const script = await articleSpeechScript(db, articleId);
  const row = await getAudioRow(db, articleId);
  if (!script) {
    if (!row) return 'absent';
    await deleteAudioRow(db, articleId);
    if (row.file_key && options.files) await options.files.delete(row.file_key);
    return 'removed';
  }
  const current = row && (row.status === 'ready' || row.status === 'queued' || row.status === 'rendering');
  if (!options.force && current && row.content_hash === script.hash) return 'unchanged';
  await upsertAudioRow(db, articleId, script.hash, 'queued', (options.now ?? new Date()).toISOString());
  announceQueued(db);
  return 'queued';
}

/** The admin's 重新生成: queues a published article's audio again even when it is unchanged. */
export async function requestRerender(db: Db, articleId: number, now = new Date()): Promise<AudioState> {
  const outcome = await queueAudio(db, articleId, { force: true, now });
  if (outcome !== 'queued') throw new NotFoundError('这篇稿件不存在或没有发布。');
  return audioState(db, articleId);
}

// ---------------------------------------------------------------- rendering

/** What one rendering took, by stage (for the benchmark and the log). */
export interface RenderTimings {
  scriptMs: number;
  engineMs: number;
  encodeMs: number;
}

export interface RenderedAudio {
  articleId: number;
  fileKey: string;
  bytes: number;
  durationMs: number;
  timings: [number, number][];
  characters: number;
  stages: RenderTimings;
}

export interface RenderOptions {
  now?: () => Date;
  /** Told about each stage's time (the benchmark). */
  onStages?: (stages: RenderTimings) => void;
}

/** The whole script as one PCM stream with each utterance's [startMs, endMs] (speech only, pauses between). */
async function synthesizeScript(engine: SpeechEngine, script: SpeechScript): Promise<{ pcm: Pcm; timings: [number, number][] }> {
  const parts: Buffer[] = [];
  const timings: [number, number][] = [];
  let sampleRate = 0;
  let samples = 0;
  for (const utterance of script.utterances) {
    if (utterance.pinyin.trim() === '') {
      // Nothing to say (a piece of symbols): an empty slot keeps one timing per utterance.
      const at = sampleRate === 0 ? 0 : Math.round((samples / sampleRate) * 1000);
      timings.push([at, at]);
      continue;
    }
    const pcm = await engine.synthesize(utterance);
    if (sampleRate === 0) sampleRate = pcm.sampleRate;
    if (pcm.sampleRate !== sampleRate) throw new Error(`engine changed sample rate mid-article: ${pcm.sampleRate} after ${sampleRate}`);
    const start = (samples / sampleRate) * 1000;
    parts.push(pcm.samples);
    samples += pcm.samples.length / 2;
    timings.push([Math.round(start), Math.round(start + pcmDurationMs(pcm))]);
    const pause = silence(sampleRate, CLAUSE_END.test(utterance.text) ? CLAUSE_PAUSE_MS : SENTENCE_PAUSE_MS);
    parts.push(pause);
    samples += pause.length / 2;
  }
  if (sampleRate === 0) throw new Error('speech script has no utterances');
  return { pcm: { sampleRate, samples: Buffer.concat(parts) }, timings };
}

/**
 * Renders the script under the claim `startedIso` and records it; the claim's row must already
 * be 'rendering'. Deletes the file it replaces, or its own file when the claim was lost.
 */
async function renderClaimed(db: Db, files: FileStore, engine: SpeechEngine, script: SpeechScript, startedIso: string, scriptMs: number, options: RenderOptions): Promise<RenderedAudio | null> {
  const now = options.now ?? (() => new Date());
  const t0 = performance.now();
  const { pcm, timings } = await synthesizeScript(engine, script);
  const t1 = performance.now();
  const mp3 = await encodeMp3(pcm);
  const t2 = performance.now();
  const stages = { scriptMs, engineMs: t1 - t0, encodeMs: t2 - t1 };
  options.onStages?.(stages);
  const durationMs = Math.round(pcmDurationMs(pcm));
  const fileKey = audioFileKey(script.articleId, script.hash);
  await files.put(fileKey, mp3);
  const finished = await finishAudio(db, script.articleId, startedIso, {
    hash: script.hash,
    fileKey,
    bytes: mp3.length,
    durationMs,
    timings,
    engine: engine.id,
    renderedIso: now().toISOString(),
  });
  if (!finished) {
    // Re-queued (edited) or taken over meanwhile. The file stays when it is the article's file or
    // the one still wanted: another render of the same script writes the same bytes under this name.
    const row = await getAudioRow(db, script.articleId);
    const wanted = row !== undefined && (row.file_key === fileKey || isCurrentFile(row.article_id, row.content_hash, fileKey));
    if (!wanted) await files.delete(fileKey);
    return null;
  }
  if (finished.previousKey && finished.previousKey !== fileKey) await files.delete(finished.previousKey);
  return { articleId: script.articleId, fileKey, bytes: mp3.length, durationMs, timings, characters: script.characters, stages };
}

/** Records a failed attempt: retried with backoff, then 'failed'; a missing engine is 'unavailable' at once. */
async function recordFailure(db: Db, row: Pick<AudioRow, 'article_id' | 'attempts'>, startedIso: string, error: unknown, now: Date): Promise<AudioStatus> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SpeechEngineMissingError) {
    await failAudio(db, row.article_id, startedIso, message, { status: 'unavailable' });
    return 'unavailable';
  }
  if (row.attempts >= MAX_ATTEMPTS) {
    await failAudio(db, row.article_id, startedIso, message, { status: 'failed' });
    return 'failed';
  }
  const retryIso = new Date(now.getTime() + RETRY_DELAY_MS * 2 ** (row.attempts - 1)).toISOString();
  await failAudio(db, row.article_id, startedIso, message, { status: 'queued', retryIso });
  return 'queued';
}

/**
 * Renders one published article now, whatever its queue state and even when unchanged (the CLI):
 * speech script → engine → MP3 in the file store under `audio/{id}-{hash16}.mp3`, the previous
 * file deleted, duration and timings recorded. Throws NotFoundError for an unknown or unpublished
 * article and SpeechEngineMissingError when espeak-ng or ffmpeg is missing (the row is then
 * 'unavailable'); another failure is recorded on the row and thrown.
 */
export async function renderArticleAudio(db: Db, files: FileStore, engine: SpeechEngine, articleId: number, options: RenderOptions = {}): Promise<RenderedAudio> {
  const now = options.now ?? (() => new Date());
  const s0 = performance.now();
  const script = await articleSpeechScript(db, articleId);
  const scriptMs = performance.now() - s0;
  if (!script) throw new NotFoundError('这篇稿件不存在或没有发布。');
  const startedIso = now().toISOString();
  await forceClaimAudio(db, articleId, script.hash, startedIso);
  try {
    if (!(await engine.available())) throw new SpeechEngineMissingError('服务器没有安装 espeak-ng，无法生成音频（请安装 Debian 的 espeak-ng 软件包）。');
    const rendered = await renderClaimed(db, files, engine, script, startedIso, scriptMs, options);
    if (!rendered) throw new Error('生成期间稿件又有改动，已重新排队。');
    return rendered;
  } catch (error) {
    await recordFailure(db, { article_id: articleId, attempts: MAX_ATTEMPTS }, startedIso, error, now());
    throw error;
  }
}

export interface RenderNextResult {
  articleId: number;
  outcome: 'ready' | AudioStatus | 'lost';
}

/**
 * Claims the next queued article (or one a dead process left 'rendering') and renders it: the
 * worker's unit of work. Safe to run in many processes at once. Returns null when nothing is due.
 */
export async function renderNextQueued(db: Db, files: FileStore, engine: SpeechEngine, options: RenderOptions = {}): Promise<RenderNextResult | null> {
  const now = options.now ?? (() => new Date());
  const at = now();
  const startedIso = at.toISOString();
  const row = await claimNextAudio(db, startedIso, new Date(at.getTime() - STALE_RENDER_MS).toISOString(), startedIso);
  if (!row) return null;
  try {
    const s0 = performance.now();
    const script = await articleSpeechScript(db, row.article_id);
    const scriptMs = performance.now() - s0;
    if (!script) {
      // Unpublished since it was queued (the pipeline removes the row too; this is the race).
      const current = await getAudioRow(db, row.article_id);
      await deleteAudioRow(db, row.article_id);
      if (current?.file_key) await files.delete(current.file_key);
      return { articleId: row.article_id, outcome: 'lost' };
    }
    if (!(await engine.available())) throw new SpeechEngineMissingError('服务器没有安装 espeak-ng，无法生成音频（请安装 Debian 的 espeak-ng 软件包）。');
    const rendered = await renderClaimed(db, files, engine, script, startedIso, scriptMs, options);
    return { articleId: row.article_id, outcome: rendered ? 'ready' : 'lost' };
  } catch (error) {
    return { articleId: row.article_id, outcome: await recordFailure(db, row, startedIso, error, now()) };
  }
}

// ---------------------------------------------------------------- reading

/** An article's audio as the admin sees it. */
export interface AudioState {
  articleId: number;
  status: AudioStatus | null;
  /** Seconds. */
  duration: number | null;
  url: string | null;
  error: string | null;
  attempts: number;
  engine: string | null;
  renderedAt: string | null;
  requestedAt: string | null;
}

/** The public path of an audio file key (`audio/12-ab….mp3` → `/audio/12-ab….mp3`). */
export function audioPath(fileKey: string): string {
  return `/${fileKey}`;
}

export async function audioState(db: Db, articleId: number): Promise<AudioState> {
  const row = await getAudioRow(db, articleId);
  return {
    articleId,
    status: (row?.status as AudioStatus | undefined) ?? null,
    duration: row?.duration_ms != null ? row.duration_ms / 1000 : null,
    url: row?.file_key ? audioPath(row.file_key) : null,
    error: row?.error ?? null,
    attempts: row?.attempts ?? 0,
    engine: row?.engine ?? null,
    renderedAt: row?.rendered_at ?? null,
    requestedAt: row?.requested_at ?? null,
  };
}

/** What the player reads: the audio's URL, duration and per-utterance [start, end] in seconds, or null. */
export interface ListenAudio {
  url: string;
  type: 'audio/mpeg';
  duration: number;
  timings: [number, number][];
}

/** True when `fileKey` was rendered from the script `hash` (the file name carries the hash). */
export function isCurrentFile(articleId: number, hash: string, fileKey: string): boolean {
  return fileKey === audioFileKey(articleId, hash);
}

/** The rendered audio of an article when it matches the article's current text; null otherwise. */
export async function listenAudio(db: Db, articleId: number): Promise<ListenAudio | null> {
  const row = await getAudioRow(db, articleId);
  if (!row?.file_key || row.duration_ms === null || row.timings === null) return null;
  // After an edit the row wants a new hash while the old file is still there: its timings
  // belong to the old text, so the player reads the new text with the browser's voices.
  if (!isCurrentFile(row.article_id, row.content_hash, row.file_key)) return null;
  const ms = JSON.parse(row.timings) as [number, number][];
  return {
    url: audioPath(row.file_key),
    type: 'audio/mpeg',
    duration: row.duration_ms / 1000,
    timings: ms.map(([a, b]) => [a / 1000, b / 1000]),
  };
}

/** The file key and size of `/audio/{name}` when it is an article's current audio file; null otherwise. */
export async function servedAudioFile(db: Db, name: string): Promise<{ key: string; bytes: number } | null> {
  const match = /^(\d{1,10})-([0-9a-z]{16})\.mp3$/.exec(name);
  if (!match) return null;
  const id = Number(match[1]);
  if (id < 1 || id > 2_147_483_647) return null;
  const row = await getAudioRow(db, id);
  const key = `audio/${name}`;
  return row?.file_key === key && row.bytes !== null ? { key, bytes: row.bytes } : null;
}
