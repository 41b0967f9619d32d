/**
 * Checks deploy/nginx/xinwen.conf on this machine: Debian's nginx with that configuration
 * (ports and paths moved into a temporary directory) in front of two `xinwen serve` instances
 * on a fresh SQLite database with the demo newsroom. Prints each check; exits 1 if one fails.
 *
 *   node --import tsx deploy/check-nginx.ts [--dialect postgres]
 *
 * Needs /usr/sbin/nginx (apt-get install nginx-light). The same checks run in the test suite
 * (src/deploy/nginx.process.test.ts).
 */
import { parseArgs } from 'node:util';
import { checkNginxDeployment } from '../src/deploy/nginx-check.js';
import { hasNginx } from '../src/deploy/nginx.js';

const { values } = parseArgs({ options: { dialect: { type: 'string', default: 'sqlite' } } });
if (values.dialect !== 'sqlite' && values.dialect !== 'postgres') throw new Error('--dialect is sqlite or postgres');
if (!hasNginx()) {
  console.error('nginx is not installed: apt-get install nginx-light');
  process.exit(1);
}
try {
  const results = await checkNginxDeployment({
    dialect: values.dialect,
    onResult: (r) => console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name} (${r.detail})`),
  });
  const failed = results.filter((r) => !r.ok).length;
  console.log(failed === 0 ? `\nall ${results.length} checks passed` : `\n${failed} of ${results.length} checks failed`);
  process.exitCode = failed === 0 ? 0 : 1;
} catch (error) {
  console.error(`the check could not run: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
}
