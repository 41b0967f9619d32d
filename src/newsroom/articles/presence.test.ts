import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryPresenceStore } from './presence.js';

describe('presence', () => {
  const t0 = new Date('2025-03-18T01:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('tells each editor who else has the article open', () => {
    const store = createMemoryPresenceStore();
    assert.deepEqual(store.beat(1, { id: 10, name: '甲' }, t0), []);
    const others = store.beat(1, { id: 20, name: '乙' }, at(1000));
    assert.deepEqual(others.map((p) => p.name), ['甲']);
    assert.deepEqual(store.beat(1, { id: 10, name: '甲' }, at(2000)).map((p) => p.name), ['乙']);
    assert.deepEqual(store.beat(2, { id: 10, name: '甲' }, at(2000)), [], 'other articles are separate');
  });

  it('forgets editors who left or stopped beating', () => {
    const store = createMemoryPresenceStore(60_000);
    store.beat(1, { id: 10, name: '甲' }, t0);
    store.beat(1, { id: 20, name: '乙' }, t0);
    store.leave(1, 20);
    assert.deepEqual(store.beat(1, { id: 10, name: '甲' }, at(1000)), []);
    store.beat(1, { id: 30, name: '丙' }, at(1000));
    assert.deepEqual(store.beat(1, { id: 10, name: '甲' }, at(30_000)).map((p) => p.name), ['丙']);
    assert.deepEqual(store.beat(1, { id: 10, name: '甲' }, at(62_000)), [], '丙 timed out');
  });

  it('keeps when someone first opened the article', () => {
    const store = createMemoryPresenceStore();
    store.beat(1, { id: 10, name: '甲' }, t0);
    const [seen] = store.beat(1, { id: 20, name: '乙' }, at(5000));
    store.beat(1, { id: 10, name: '甲' }, at(9000));
    const [again] = store.beat(1, { id: 20, name: '乙' }, at(10_000));
    assert.equal(seen?.since, t0.toISOString());
    assert.equal(again?.since, t0.toISOString());
    assert.equal(again?.lastSeen, at(9000).toISOString());
  });
});
