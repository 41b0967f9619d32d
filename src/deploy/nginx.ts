import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's nginx (nginx-light). */
export const NGINX_BIN = '/usr/sbin/nginx';

/** The production configuration, for /etc/nginx/conf.d/. */
export const PRODUCTION_CONFIG = fileURLToPath(new URL('../../deploy/nginx/xinwen.conf', import.meta.url));

/** Whether Debian's nginx is installed here. */
export const hasNginx = (): boolean => existsSync(NGINX_BIN);

/** A running nginx in its own prefix directory. */
export interface NginxProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  prefix: string;
  /** Its error log so far. */
  errors(): string;
  stop(): Promise<void>;
}

export interface StartNginxOptions {
  /** Directory for the configuration, pid, logs and temporary files; created if missing. */
  prefix: string;
  /** What goes inside `http { … }` (server blocks, upstreams, caches). */
  http: string;
  /** The port the configuration listens on (to wait for). */
  port: number;
  /** Worker processes; default 1. */
  workers?: number;
}

/**
 * Starts nginx in the foreground with a configuration of its own under `prefix`: every path
 * Debian's build would use (pid, logs, temporary files) points inside it, so it runs as any
 * user next to a system nginx. Resolves once `port` accepts connections.
 */
export async function startNginx(options: StartNginxOptions): Promise<NginxProcess> {
  const { prefix, port } = options;
  mkdirSync(join(prefix, 'conf'), { recursive: true });
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  mkdirSync(join(prefix, 'temp'), { recursive: true });
  const temp = (name: string) => join(prefix, 'temp', name);
  // Run as root (CI), nginx would hand its workers to nobody, who cannot read the 0700
  // temporary directories this runs in; this nginx is a local check, so they stay root.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  const conf = `${user}worker_processes ${options.workers ?? 1};
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')} warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  access_log off;
${options.http}
}
`;
  const confPath = join(prefix, 'conf', 'nginx.conf');
  writeFileSync(confPath, conf);
  const errorLog = join(prefix, 'logs', 'error.log');
  const child = spawn(NGINX_BIN, ['-p', prefix, '-c', confPath, '-e', errorLog, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(child, 'exit');
  const errors = () => `${output}${existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // QUIT: a graceful stop (TERM would also do; QUIT waits for open requests).
    child.kill('SIGQUIT');
    await exited;
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`nginx exited (code ${child.exitCode}):\n${errors()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not listen on ${port}:\n${errors()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (child.pid === undefined) throw new Error('nginx has no pid');
  return { child, pid: child.pid, port, url: `http://127.0.0.1:${port}`, prefix, errors, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface LocalProductionConfig {
  /** Ports of the instances behind it. */
  upstreamPorts: number[];
  /** Port nginx listens on (127.0.0.1 only). */
  port: number;
  /** Cache directory (instead of /var/cache/nginx/xinwen). */
  cacheDir: string;
  /** Adds `X-Upstream: host:port` to every answer, so a check can see which instance served it. */
  showUpstream?: boolean;
}

/**
 * deploy/nginx/xinwen.conf as it would run here: its upstream servers replaced by
 * `upstreamPorts`, listening on 127.0.0.1:`port`, its cache and access log in `cacheDir`.
 * Everything else (cache rules, headers, the private paths) is the production file's own.
 */
export function localProductionConfig(options: LocalProductionConfig): string {
  const source = readFileSync(PRODUCTION_CONFIG, 'utf8');
  const replaceOnce = (text: string, pattern: RegExp, replacement: string) => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx/xinwen.conf no longer matches ${pattern}: update localProductionConfig`);
    return text.replace(pattern, replacement);
  };
  mkdirSync(options.cacheDir, { recursive: true });
  const servers = options.upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`).join('\n');
  let conf = replaceOnce(source, /(    server 127\.0\.0\.1:\d+ [^\n]*\n)+/, `${servers}\n`);
  conf = replaceOnce(conf, /proxy_cache_path \/var\/cache\/nginx\/xinwen/, `proxy_cache_path ${join(options.cacheDir, 'cache')}`);
  conf = replaceOnce(conf, /access_log \/var\/log\/nginx\/xinwen\.access\.log/, `access_log ${join(options.cacheDir, 'access.log')}`);
  conf = replaceOnce(conf, /    listen 80;\n    listen \[::\]:80;\n/, `    listen 127.0.0.1:${options.port};\n`);
  if (options.showUpstream) conf = replaceOnce(conf, /(    add_header X-Cache-Status [^\n]*\n)/, `$1    add_header X-Upstream $upstream_addr always;\n`);
  return conf;
}
