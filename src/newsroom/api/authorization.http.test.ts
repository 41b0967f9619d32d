import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uploadTestImage } from '../../media/media-api.testing.js';
import { smallImage } from '../../media/test-images.testing.js';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff } from '../auth/admin-api.testing.js';
import { scopesForRole, type Scope } from '../auth/scopes.js';
import type { StaffRole } from '../staff/actor.js';
import { ADMIN_API } from './openapi.routes.js';

const ROLES: StaffRole[] = ['moderator', 'reporter', 'editor', 'admin'];

for (const dialect of TEST_DIALECTS) {
  describe(`admin API authorization matrix (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      for (const role of ROLES) await addTestStaff(server.database.db, { email: `${role}@matrix.test`, name: `矩阵${role}`, role });
      api = adminClient(server.url);
    });
    after(async () => {
      await server.close();
    });

    it('documents only routes that exist', () => {
      for (const op of ADMIN_API) {
        const url = op.path.replace(/\{(\w+)\}/g, ':$1');
        assert.ok(server.app.hasRoute({ method: op.method.toUpperCase() as 'GET', url }), `${op.method} ${op.path}`);
      }
    });

    it('walks the spam list routes (editors and admins only) with the rest', () => {
      const spam = ADMIN_API.filter((op) => op.path.startsWith('/api/admin/spam/terms'));
      assert.deepEqual(spam.map((op) => op.method).sort(), ['delete', 'get', 'patch', 'post']);
      assert.ok(spam.every((op) => op.scope === 'articles:publish'));
    });

    it('answers every operation x every role as its scope says, and anonymous with 401', async () => {
      for (const op of ADMIN_API) {
        // Ids that exist nowhere: an allowed caller gets 404 or 400, never 401/403.
        const path = op.path.replace('/api/admin', '').replace('{id}', '999999').replace('{version}', '1');
        const method = op.method.toUpperCase();
        const body = op.method === 'get' || op.method === 'delete' ? undefined : {};
        const anonymous = await api.call(method, path, { ...(body && { body }) });
        const label = `${method} ${op.path}`;
        if (op.anonymous) assert.notEqual(anonymous.status, 401, `${label} is open`);
        else assert.equal(anonymous.status, 401, `${label} anonymous`);
        for (const role of ROLES) {
          // A fresh session each time: logout and logout-everywhere end the ones before.
          const session = await api.session(`${role}@matrix.test`);
          const { status } = await api.call(method, path, { session, ...(body && { body }) });
          const allowed = op.scope === undefined || scopesForRole(role).includes(op.scope as Scope);
          if (allowed) assert.ok(status !== 401 && status !== 403, `${label} as ${role}: ${status}`);
          else assert.equal(status, 403, `${label} as ${role}`);
        }
      }
    });

    it('lets only the uploader, editors and admins delete an upload (DELETE /api/admin/media/{id})', async () => {
      await addTestStaff(server.database.db, { email: 'uploader@matrix.test', name: '矩阵上传者', role: 'reporter' });
      const uploader = await api.session('uploader@matrix.test');
      let width = 20;
      const upload = async () => (await uploadTestImage(server, uploader, await smallImage('png', (width += 1), 20))).media.id;
      const expected: Record<StaffRole | 'uploader', number> = { moderator: 403, reporter: 403, uploader: 204, editor: 204, admin: 204 };
      for (const [who, status] of Object.entries(expected)) {
        const session = who === 'uploader' ? uploader : await api.session(`${who}@matrix.test`);
        const id = await upload();
        assert.equal((await api.call('DELETE', `/media/${id}`, { session })).status, status, who);
      }
    });
  });
}
