import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTestStaff, TEST_PASSWORD } from '../newsroom/auth/admin-api.testing.js';
import type { DialectName } from '../platform/db/dialect.js';
import { createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { freePort, startInstance, type Instance } from './instances.js';
import { localProductionConfig, startNginx, type NginxProcess } from './nginx.js';

/** One thing the check looked at. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface NginxCheckOptions {
  dialect?: DialectName;
  /** Each result as it is known (the script prints them). */
  onResult?: (result: CheckResult) => void;
}

const ADMIN_EMAIL = 'nginx-check@example.org';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/**
 * Runs deploy/nginx/xinwen.conf with Debian's nginx in front of two `xinwen serve` instances
 * on a fresh database with the demo newsroom, and checks what the configuration promises:
 * pages cached (second request a HIT), the newsroom, POSTs and the tip channel never cached
 * (and tips never in the access log), both instances used, a publish shown at once after a
 * refresh from this machine, and pages still served when an instance stops.
 */
export async function checkNginxDeployment(options: NginxCheckOptions = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = (name: string, ok: boolean, detail: string) => {
    const result = { name, ok, detail };
    results.push(result);
    options.onResult?.(result);
  };
  const work = mkdtempSync(join(tmpdir(), 'xinwen-nginx-check-'));
  const dataDir = join(work, 'data');
  const stops: (() => Promise<void>)[] = [];
  let database: TestDatabase | null = null;
  try {
    database = await createTestDatabase(options.dialect ?? 'sqlite');
    const env = { XINWEN_PUBLIC_URL: 'http://news.example.org' };
    const first: Instance = await startInstance({ databaseUrl: database.url, dataDir, env, args: ['--seed-demo-if-empty'] });
    stops.push(first.stop);
    const second: Instance = await startInstance({ databaseUrl: database.url, dataDir, env });
    stops.push(second.stop);
    await addTestStaff(database.db, { email: ADMIN_EMAIL, name: '检查', role: 'admin' });
    const port = await freePort();
    const cacheDir = join(work, 'nginx-cache');
    const nginx: NginxProcess = await startNginx({
      prefix: join(work, 'nginx'),
      port,
      http: localProductionConfig({ upstreamPorts: [first.port, second.port], port, cacheDir, showUpstream: true }),
    });
    stops.push(nginx.stop);

    const get = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${nginx.url}${path}`, { headers, redirect: 'manual' });
      return { status: response.status, cache: response.headers.get('x-cache-status'), upstream: response.headers.get('x-upstream'), headers: response.headers, text: await response.text() };
    };

    // Pages: the first request goes to an instance, the second comes from nginx's cache.
    const article = await database.db.selectFrom('articles').select(['id']).where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
    for (const path of ['/zh-hans/', '/zh-hans/section/china']) {
      const one = await get(path);
      const two = await get(path);
      check(`${path} through nginx answers 200`, one.status === 200, `status ${one.status}, X-Cache-Status ${one.cache}`);
      check(`${path} again is a cache HIT with the same page`, two.status === 200 && two.cache === 'HIT' && two.text === one.text, `X-Cache-Status ${two.cache}`);
    }
    const articleRedirect = await get(`/zh-hans/article/${article.id}`);
    const articlePath = articleRedirect.headers.get('location') ?? '';
    const articleOne = await get(articlePath);
    const articleTwo = await get(articlePath);
    check('an article page through nginx answers 200, then a HIT', articleOne.status === 200 && articleTwo.cache === 'HIT', `${articlePath}: ${articleOne.status} ${articleOne.cache}, then ${articleTwo.cache}`);
    const shared = await get(`${articlePath}?from=timeline&isappinstalled=0&utm_source=wechat`);
    check('the same article shared with tracking parameters is that cached page', shared.cache === 'HIT' && shared.text === articleOne.text, `X-Cache-Status ${shared.cache}`);
    const searchOne = await get('/zh-hans/search?from=2000-01-01');
    const searchTwo = await get('/zh-hans/search?from=2099-01-01');
    check("the search page's from is not taken for tracking", searchOne.status === 200 && searchTwo.cache !== 'HIT', `${searchOne.status}, then ${searchTwo.cache}`);

    // Never cached: the newsroom, the tip channel, POSTs.
    for (const path of ['/admin/login', '/zh-hans/tips']) {
      const one = await get(path);
      const two = await get(path);
      check(`${path} is never taken from the cache`, one.status === 200 && two.status === 200 && one.cache !== 'HIT' && two.cache !== 'HIT', `${one.status} ${one.cache}, then ${two.status} ${two.cache}`);
    }
    const beacon = async () => {
      const response = await fetch(`${nginx.url}/api/views/${article.id}`, { method: 'POST', headers: { 'user-agent': BROWSER, 'sec-fetch-site': 'same-origin' } });
      await response.arrayBuffer();
      return { status: response.status, cache: response.headers.get('x-cache-status'), upstream: response.headers.get('x-upstream') };
    };
    const beacons = [await beacon(), await beacon(), await beacon()];
    // A request answered from the cache has no upstream address: each beacon must name one.
    check(
      'POST /api/views is never cached',
      beacons.every((b) => b.status === 200 && b.cache !== 'HIT' && Boolean(b.upstream)),
      beacons.map((b) => `${b.status} from ${b.upstream} (${b.cache ?? 'not cacheable'})`).join('; '),
    );

    // Both instances serve.
    const upstreams = new Set<string>();
    for (let i = 0; i < 10; i++) upstreams.add((await get('/healthz')).upstream ?? '');
    check('requests are shared between the two instances', upstreams.size === 2, [...upstreams].join(', '));

    // A publish: nginx keeps its copy until s-maxage runs out (no purge in nginx OSS); a
    // refresh from this machine replaces it at once.
    const login = await fetch(`${nginx.url}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: TEST_PASSWORD }),
    });
    const session = login.headers.getSetCookie().find((c) => c.startsWith('xinwen_session='))?.split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken?: string };
    check('signing in through nginx works (Set-Cookie passes)', login.status === 200 && session !== '' && typeof csrfToken === 'string', `status ${login.status}`);
    const admin = async (path: string, body: unknown) => {
      const response = await fetch(`${nginx.url}/api/admin${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session, 'x-csrf-token': csrfToken ?? '' },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as { id?: number } };
    };
    const title = `夜间公交新增三条线路${Date.now() % 100_000}`;
    const created = await admin('/articles', { title, text: '市交通部门宣布，夜间公交新增三条线路。', section: 'china' });
    const published = created.json.id === undefined ? { status: 0 } : await admin(`/articles/${created.json.id}/publish`, {});
    const writeFailure = created.status === 201 && published.status === 200 ? '' : `\nthe instances printed:\n${first.output().slice(-2000)}\n${second.output().slice(-2000)}`;
    check('an article is published through nginx', writeFailure === '', `create ${created.status}, publish ${published.status}${writeFailure}`);
    const stale = await get('/zh-hans/');
    check('the cached home page is served until it expires (nginx has no purge)', stale.cache === 'HIT' && !stale.text.includes(title), `X-Cache-Status ${stale.cache}`);
    let refreshed = await get('/zh-hans/', { 'x-xinwen-refresh': '1' });
    // Each instance may keep its own copy briefly; ask until both have seen the publish.
    for (let i = 0; i < 20 && !refreshed.text.includes(title); i++) {
      await new Promise((r) => setTimeout(r, 250));
      refreshed = await get('/zh-hans/', { 'x-xinwen-refresh': '1' });
    }
    check('X-Xinwen-Refresh from this machine fetches the page again', refreshed.cache === 'BYPASS' && refreshed.text.includes(title), `X-Cache-Status ${refreshed.cache}`);
    const after = await get('/zh-hans/');
    check('and the refreshed page is what the cache serves next', after.cache === 'HIT' && after.text.includes(title), `X-Cache-Status ${after.cache}`);

    const log = join(cacheDir, 'access.log');
    const logged = existsSync(log) ? readFileSync(log, 'utf8') : '';
    check('the access log has pages but no tip-channel request', logged.includes('/zh-hans/section/china') && !logged.includes('/tips'), `${logged.split('\n').length - 1} lines`);

    // One instance stops: nginx sends everything to the other.
    await second.stop();
    const statuses = [];
    for (const path of ['/zh-hans/section/world', '/zh-hans/section/tech', '/zh-hans/section/business', '/healthz']) statuses.push((await get(path)).status);
    check('pages keep coming when one instance stops', statuses.every((s) => s === 200), statuses.join(', '));
    return results;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}
