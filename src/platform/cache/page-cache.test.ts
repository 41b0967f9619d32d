import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { acceptedEncodings, buildPageEntry, createPageCache, createPageEntry, encodingFor, matchesEntry, type PageEntry, type PageEntryInput } from './page-cache.js';
import { createLocalPurgeChannel } from './purge-channel.js';

/** What a fill of about `kb` KB of text, keyed `keys`, supplies. */
function input(keys: string[], options: { kb?: number; createdAt?: number; maxAgeMs?: number; seed?: string } = {}): PageEntryInput {
  // Varied text, so the compressed copies are not tiny and the bound is exercised.
  let body = '';
  for (let i = 0; body.length < (options.kb ?? 4) * 1024; i++) body += `<p>${options.seed ?? ''}第${i}段${(i * 7919) % 104729}</p>`;
  return {
    body,
    contentType: 'text/html; charset=utf-8',
    keys,
    headers: { 'cache-control': 'public, max-age=60', 'content-security-policy': "default-src 'self'", 'content-length': 5, 'set-cookie': 'a=b' },
    createdAt: options.createdAt ?? Date.now(),
    ...(options.maxAgeMs !== undefined && { maxAgeMs: options.maxAgeMs }),
  };
}

/** An entry with every encoding made. */
const entry = (keys: string[], options: Parameters<typeof input>[1] = {}): Promise<PageEntry> => buildPageEntry(input(keys, options));

describe('page entries', () => {
  it('hold the body in three encodings that decode to the same bytes, with one strong ETag each', async () => {
    const e = await entry(['article:1', 'home']);
    const { gzip, br } = e.bodies;
    const { gzip: gzipHeaders, br: brHeaders } = e.headers;
    assert.ok(gzip && br && gzipHeaders && brHeaders);
    assert.deepEqual(gunzipSync(gzip), e.bodies.identity);
    assert.deepEqual(brotliDecompressSync(br), e.bodies.identity);
    assert.ok(br.length < e.bodies.identity.length / 2);
    assert.match(e.etag, /^"[\w-]+"$/);
    assert.deepEqual([e.headers.identity.etag, gzipHeaders.etag, brHeaders.etag], [e.etag, e.etag.replace(/"$/, '-gz"'), e.etag.replace(/"$/, '-br"')]);
    assert.equal(brHeaders['content-encoding'], 'br');
    assert.equal(gzipHeaders['content-length'], gzip.length);
    assert.equal(e.headers.identity['content-encoding'], undefined);
    assert.equal(e.headers.identity.vary, 'Accept-Encoding');
    assert.equal(e.headers.identity['x-cache'], 'HIT');
    assert.equal(e.headers.identity['content-security-policy'], "default-src 'self'", 'the response headers are kept');
    assert.equal(e.headers.identity['set-cookie'], undefined, 'a cookie is never copied into an entry');
    assert.equal(e.notModifiedHeaders['content-type'], undefined);
  });

  it('are told apart by their bytes', async () => {
    assert.notEqual((await entry(['a'], { seed: '甲' })).etag, (await entry(['a'], { seed: '乙' })).etag);
    assert.equal((await entry(['a'], { seed: '甲' })).etag, (await entry(['b'], { seed: '甲' })).etag);
  });

  it('match If-None-Match by any of their ETags, weak or strong, in a list or as *', async () => {
    const e = await entry(['a']);
    assert.ok(matchesEntry(e.etag, e));
    assert.ok(matchesEntry(`"other", W/${e.etag.replace(/"$/, '-br"')}`, e));
    assert.ok(matchesEntry('*', e));
    assert.ok(!matchesEntry('"other"', e));
    assert.ok(!matchesEntry(undefined, e));
  });
});

describe('entries as filled', () => {
  it('hold the rendered bytes only, under the same ETag, and answer If-None-Match for every encoding to come', async () => {
    const filled = createPageEntry(input(['a']));
    const full = await entry(['a']);
    assert.deepEqual(Object.keys(filled.bodies), ['identity']);
    assert.deepEqual(Object.keys(filled.wireHeaders), ['identity']);
    assert.equal(filled.etag, full.etag);
    assert.deepEqual(filled.headers.identity, full.headers.identity);
    assert.ok(matchesEntry(full.etag.replace(/"$/, '-br"'), filled), 'a reader holding the brotli copy of an earlier fill');
    assert.ok(filled.size < full.size);
    assert.equal(encodingFor(filled, acceptedEncodings('gzip, br')), 'identity');
    assert.equal(encodingFor(full, acceptedEncodings('gzip, br')), 'br');
  });
});

describe('acceptedEncodings', () => {
  it('puts br first, then gzip, honours q=0, and falls back to identity', () => {
    assert.equal(acceptedEncodings(undefined)[0], 'identity');
    assert.equal(acceptedEncodings('gzip, deflate, br, zstd')[0], 'br');
    assert.equal(acceptedEncodings('gzip, deflate')[0], 'gzip');
    assert.equal(acceptedEncodings('br;q=0, gzip;q=0.5')[0], 'gzip');
    assert.equal(acceptedEncodings('gzip;q=0')[0], 'identity');
    assert.equal(acceptedEncodings('*')[0], 'br');
    assert.equal(acceptedEncodings('deflate')[0], 'identity');
    assert.equal(acceptedEncodings('BR')[0], 'br');
  });

  it('lists every accepted encoding best first, identity last', () => {
    assert.deepEqual(acceptedEncodings('gzip, deflate, br'), ['br', 'gzip', 'identity']);
    assert.deepEqual(acceptedEncodings('gzip'), ['gzip', 'identity']);
    assert.deepEqual(acceptedEncodings('br, gzip;q=0'), ['br', 'identity']);
    assert.deepEqual(acceptedEncodings(undefined), ['identity']);
  });
});

describe('createPageCache', () => {
  it('keeps entries within its byte bound, the least recently used leaving first', async () => {
    const sample = await entry(['x']);
    const cache = createPageCache({ maxBytes: sample.size * 3 + 100 });
    for (let i = 0; i < 3; i++) assert.ok(cache.set(`/p${i}`, await entry([`article:${i}`]), cache.epoch()));
    assert.ok(cache.get('/p0'), 'p0 used: p1 is now the least recently used');
    assert.ok(cache.set('/p3', await entry(['article:3']), cache.epoch()));
    assert.equal(cache.get('/p1'), undefined);
    assert.ok(cache.get('/p0') && cache.get('/p2') && cache.get('/p3'));
    const stats = cache.stats();
    assert.equal(stats.entries, 3);
    assert.ok(stats.bytes <= sample.size * 3 + 100);
  });

  it('drops what an evicted entry put in the purge index', async () => {
    const sample = await entry(['x']);
    const cache = createPageCache({ maxBytes: sample.size * 2 + 100 });
    for (let i = 0; i < 50; i++) cache.set(`/p${i}`, await entry([`article:${i}`, 'home']), cache.epoch());
    assert.equal(cache.stats().entries, 2);
    assert.equal(cache.stats().indexedKeys, 3, 'home and the two articles still held');
    assert.equal(cache.purge(['article:0']), 0);
    assert.equal(cache.purge(['home']), 2);
    assert.equal(cache.stats().indexedKeys, 0);
  });

  it('refuses an entry bigger than the whole bound', async () => {
    const cache = createPageCache({ maxBytes: 1024 });
    assert.equal(cache.set('/big', await entry(['a'], { kb: 8 }), cache.epoch()), false);
    assert.equal(cache.stats().entries, 0);
    assert.equal(cache.stats().indexedKeys, 0);
  });

  it('purges by surrogate key only the entries carrying it, never the rest', async () => {
    const cache = createPageCache();
    cache.set('/zh-hans/a', await entry(['article:1', 'section:2']), cache.epoch());
    cache.set('/zh-hant/a', await entry(['article:1', 'section:2']), cache.epoch());
    cache.set('/zh-hans/section/two', await entry(['section:2', 'article:1', 'article:3']), cache.epoch());
    cache.set('/zh-hans/section/five', await entry(['section:5', 'article:4']), cache.epoch());
    assert.equal(cache.purge(['article:1']), 3);
    assert.equal(cache.get('/zh-hans/a'), undefined);
    assert.equal(cache.get('/zh-hant/a'), undefined);
    assert.equal(cache.get('/zh-hans/section/two'), undefined);
    assert.ok(cache.get('/zh-hans/section/five'));
    assert.equal(cache.purge(['nothing']), 0);
    assert.equal(cache.stats().purged, 3);
    assert.equal(cache.stats().indexedKeys, 2);
  });

  it('forgets every entry after a gap in its purges, and stores no render begun before it', async () => {
    const cache = createPageCache();
    cache.set('/zh-hans/a', await entry(['article:1']), cache.epoch());
    cache.set('/zh-hans/section/five', await entry(['section:5']), cache.epoch());
    const before = cache.epoch();
    const rendered = await entry(['article:2']);
    assert.equal(cache.forgetAll(), 2);
    assert.equal(cache.get('/zh-hans/a'), undefined);
    assert.equal(cache.get('/zh-hans/section/five'), undefined);
    assert.equal(cache.set('/p', rendered, before), false);
    assert.deepEqual([cache.stats().entries, cache.stats().indexedKeys], [0, 0]);
  });

  it('replacing an entry reindexes it under its new keys', async () => {
    const cache = createPageCache();
    cache.set('/p', await entry(['article:1', 'home']), cache.epoch());
    cache.set('/p', await entry(['article:2', 'home']), cache.epoch());
    assert.equal(cache.purge(['article:1']), 0);
    assert.equal(cache.stats().indexedKeys, 2);
    assert.equal(cache.purge(['article:2']), 1);
    assert.equal(cache.stats().indexedKeys, 0);
  });

  it('will not store a render that a purge may have overtaken', async () => {
    const cache = createPageCache();
    const before = cache.epoch();
    const rendered = await entry(['article:1']);
    cache.purge(['article:1']);
    assert.equal(cache.set('/p', rendered, before), false);
    assert.equal(cache.get('/p'), undefined);
    assert.ok(cache.set('/p', rendered, cache.epoch()));
  });

  it('serves an entry until its TTL, or its own shorter max age', async () => {
    let now = 1_000_000;
    const cache = createPageCache({ ttlMs: 10_000, now: () => now });
    cache.set('/long', await entry(['a'], { createdAt: now }), cache.epoch());
    cache.set('/short', await entry(['a'], { createdAt: now, maxAgeMs: 3_000 }), cache.epoch());
    now += 2_999;
    assert.ok(cache.get('/long') && cache.get('/short'));
    now += 1;
    assert.equal(cache.get('/short'), undefined);
    assert.ok(cache.get('/long'));
    now += 7_000;
    assert.equal(cache.get('/long'), undefined);
    assert.equal(cache.stats().entries, 0, 'expired entries leave on the read that finds them stale');
    assert.equal(cache.stats().indexedKeys, 0);
  });

  it('adds a compressed copy off the request path to the entry it was made for, counted against the bound', async () => {
    const cache = createPageCache();
    const filled = createPageEntry(input(['article:1']));
    assert.ok(cache.set('/p', filled, cache.epoch()));
    const identityBytes = cache.stats().bytes;
    cache.encode('/p', filled, 'br');
    cache.encode('/p', filled, 'br');
    cache.encode('/p', filled, 'gzip');
    assert.deepEqual(Object.keys(filled.bodies), ['identity'], 'nothing is compressed on the caller\'s turn');
    await cache.settled();
    const hit = cache.get('/p');
    assert.equal(hit, filled);
    const { br, gzip } = filled.bodies;
    const { br: brHeaders, gzip: gzipHeaders } = filled.headers;
    assert.ok(br && gzip && brHeaders && gzipHeaders);
    assert.deepEqual(brotliDecompressSync(br), filled.bodies.identity);
    assert.deepEqual(gunzipSync(gzip), filled.bodies.identity);
    assert.deepEqual([brHeaders['content-encoding'], brHeaders['content-length'], brHeaders.etag, brHeaders.vary], ['br', br.length, filled.etag.replace(/"$/, '-br"'), 'Accept-Encoding']);
    assert.deepEqual([gzipHeaders['content-encoding'], gzipHeaders['content-length'], gzipHeaders.etag], ['gzip', gzip.length, filled.etag.replace(/"$/, '-gz"')]);
    assert.equal(filled.headers.identity['content-encoding'], undefined);
    assert.equal(filled.etag, `"${/^"(.*)-br"$/.exec(String(brHeaders.etag))?.[1]}"`, 'the ETag stays the identity\'s');
    assert.ok(cache.stats().bytes > identityBytes + br.length + gzip.length - 1);
    assert.equal(cache.stats().fills, 1);
    assert.equal(cache.purge(['article:1']), 1);
    assert.deepEqual([cache.stats().entries, cache.stats().bytes, cache.stats().indexedKeys], [0, 0, 0]);
  });

  it('does not bring back an entry purged, forgotten or replaced while its copy was being made', async () => {
    const cache = createPageCache();
    const purged = createPageEntry(input(['article:1']));
    cache.set('/purged', purged, cache.epoch());
    cache.encode('/purged', purged, 'br');
    cache.purge(['article:1']);
    const forgotten = createPageEntry(input(['article:2']));
    cache.set('/forgotten', forgotten, cache.epoch());
    cache.encode('/forgotten', forgotten, 'gzip');
    cache.forgetAll();
    const old = createPageEntry(input(['article:3'], { seed: '旧' }));
    cache.set('/replaced', old, cache.epoch());
    cache.encode('/replaced', old, 'br');
    const fresh = createPageEntry(input(['article:3'], { seed: '新' }));
    cache.set('/replaced', fresh, cache.epoch());
    await cache.settled();
    assert.equal(cache.get('/purged'), undefined);
    assert.equal(cache.get('/forgotten'), undefined);
    assert.equal(cache.get('/replaced'), fresh);
    assert.deepEqual(Object.keys(fresh.bodies), ['identity'], 'the old page\'s copy is not the new one\'s');
    assert.deepEqual([cache.stats().entries, cache.stats().indexedKeys], [1, 1]);
    assert.equal(cache.stats().bytes, fresh.size);
  });

  it('counts hits, misses and fills', async () => {
    const cache = createPageCache();
    cache.get('/p');
    cache.set('/p', await entry(['a']), cache.epoch());
    cache.get('/p');
    cache.get('/p');
    assert.deepEqual({ ...cache.stats(), bytes: 0 }, { entries: 1, bytes: 0, hits: 2, misses: 1, fills: 1, purged: 0, indexedKeys: 1 });
  });
});

describe('createLocalPurgeChannel', () => {
  it('hands published keys to each subscriber until it unsubscribes', async () => {
    const channel = createLocalPurgeChannel();
    const first: string[][] = [];
    const second: string[][] = [];
    const stopFirst = await channel.subscribe((keys) => first.push(keys));
    await channel.subscribe((keys) => second.push(keys));
    await channel.publish(['article:1', 'home']);
    await stopFirst();
    await channel.publish(['feeds']);
    await channel.publish([]);
    assert.deepEqual(first, [['article:1', 'home']]);
    assert.deepEqual(second, [['article:1', 'home'], ['feeds']]);
  });
});
