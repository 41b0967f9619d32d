import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, addTestStaff, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import type { BodyBlock } from './model.js';

type Json = Record<string, unknown>;

/** Bold, italic and links through the admin API, onto the public page and into revision diffs. */
const body: BodyBlock[] = [
  {
    type: 'paragraph',
    text: '市政府今天宣布<script>alert(1)</script>新方案，详见官网和往期报道。',
    spans: [
      { text: '市政府' },
      { text: '今天', bold: true },
      { text: '宣布' },
      { text: '<script>alert(1)</script>', italic: true },
      { text: '新方案，详见' },
      { text: '官网', href: 'https://example.org/plan?a=1&b=2' },
      { text: '和' },
      { text: '往期报道', href: '/tag/城市更新', bold: true },
      { text: '。' },
    ],
  },
  { type: 'quote', text: '要让住户都满意。', spans: [{ text: '要让' }, { text: '住户都', italic: true }, { text: '满意。' }], cite: '某主任' },
  { type: 'list', ordered: false, items: ['第一项', '第二项'], itemSpans: [null, [{ text: '第二', bold: true }, { text: '项' }]] },
];

for (const dialect of TEST_DIALECTS) {
  describe(`inline marks end to end (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let editor: TestSession;
    let id = 0;
    let version = 0;

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'editor@x.test', name: '李编辑', role: 'editor', desks: ['china'] });
      api = adminClient(server.url);
      editor = await api.session('editor@x.test');
    });

    after(async () => {
      await server.close();
    });

    it('the API stores spans as given and refuses a javascript: link with a field error', async () => {
      const bad = await api.call('POST', '/articles', {
        session: editor,
        body: { title: '坏链接', section: 'china', body: [{ type: 'paragraph', text: '点这里', spans: [{ text: '点这里', href: 'javascript:alert(1)' }] }] },
      });
      assert.equal(bad.status, 400);
      const details = (bad.json.error as Json).details as string[];
      assert.match(details.join('\n'), /body\.0\.spans\.0\.href: 链接地址须以 https:\/\//);

      const created = await api.call('POST', '/articles', { session: editor, body: { title: '加装电梯新方案公布', section: 'china', body } });
      assert.equal(created.status, 201);
      id = created.json.id as number;
      version = created.json.version as number;
      assert.deepEqual((created.json.content as Json).body, body);
    });

    it('the public page renders <strong>, <em> and <a rel=noopener>, escaping the text inside marks', async () => {
      const published = await api.call('POST', `/articles/${id}/publish`, { session: editor, body: { version } });
      assert.equal(published.status, 200, JSON.stringify(published.json));
      version = published.json.version as number;
      const res = await fetch(`${server.url}${published.json.url as string}`);
      const html = await res.text();
      assert.match(html, /市政府<strong>今天<\/strong>宣布<em>&lt;script>alert\(1\)&lt;\/script><\/em>新方案/);
      assert.ok(!html.includes('<script>alert(1)'), 'span text stays text');
      assert.match(html, /详见<a href="https:\/\/example\.org\/plan\?a=1&amp;b=2" rel="noopener">官网<\/a>和/);
      assert.match(html, /和<a href="\/tag\/城市更新"><strong>往期报道<\/strong><\/a>。/, 'a site link needs no rel');
      assert.match(html, /<blockquote><p data-speak>要让<em>住户都<\/em>满意。<\/p>/);
      assert.match(html, /<li data-speak>第一项<\/li><li data-speak><strong>第二<\/strong>项<\/li>/);
      // Descriptions and structured data stay plain text.
      assert.ok(!/"articleBody"[^}]*<strong>/.test(html));
    });

    it('a revision diff shows a word made bold and a changed link', async () => {
      const first = body[0] as Extract<BodyBlock, { type: 'paragraph' }>;
      const edited: BodyBlock[] = [
        {
          ...first,
          spans: (first.spans ?? []).map((s) => (s.text === '官网' ? { ...s, href: 'https://example.org/other' } : s.text === '市政府' ? { ...s, bold: true } : s)),
        },
        ...body.slice(1),
      ];
      const saved = await api.call('PATCH', `/articles/${id}`, { session: editor, body: { body: edited, version } });
      assert.equal(saved.status, 200, JSON.stringify(saved.json));
      const compared = await api.call('GET', `/articles/${id}/revisions/compare?from=${version}&to=${saved.json.version as number}`, { session: editor });
      assert.equal(compared.status, 200);
      const fields = compared.json.fields as { body: { op: string; text: string }[]; changedFields: string[] };
      assert.ok(fields.changedFields.includes('body'));
      const inserted = fields.body.filter((o) => o.op === 'insert').map((o) => o.text).join('');
      const deleted = fields.body.filter((o) => o.op === 'delete').map((o) => o.text).join('');
      assert.match(inserted, /\*\*/, 'the new bold shows');
      assert.match(inserted, /other/, 'the new link target shows');
      assert.doesNotMatch(deleted, /市政府/, 'the words themselves did not change');
    });
  });
}
