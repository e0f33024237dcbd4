/**
 * Real processes for the scale-out tests: service replicas (main.ts), nginx in front of them, a
 * private redis-server and a private PostgreSQL cluster that tests may stop and start. Everything
 * is torn down in `stopAll()`.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const SERVICE_DIR = join(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const cleanups: (() => void)[] = [];

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Replica {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVICE_DIR,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let port = 0;
  await Promise.race([
    waitFor(
      () => {
        const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(out);
        if (m) port = Number(m[1]);
        return port > 0;
      },
      30_000,
      'a replica to listen',
    ),
    exited.then(() => {
      throw new Error(`replica exited:\n${out}`);
    }),
  ]);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** nginx, round-robin over the replicas, configured as docs/deployment.md describes. */
export async function startNginx(replicaPorts: number[]): Promise<{ url: string; config: string }> {
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  if (!nginx) throw new Error('nginx is not installed: run ./scripts/setup.sh --test');
  const dir = await mkdtemp(join(tmpdir(), 'tessera-nginx-'));
  const port = await freePort();
  const config = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream tessera {
${replicaPorts.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://tessera;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Answers stream: pass every chunk on at once.
      proxy_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  await writeFile(file, config);
  const child = spawn(nginx, ['-c', file, '-p', dir], { stdio: 'ignore' });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok === true, 10_000, 'nginx');
  return { url, config };
}

/** A redis-server of our own, which a test may stop and start again on the same port. */
export async function privateRedis() {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    children.push(child);
    await waitFor(
      () => {
        try {
          return (
            execFileSync('redis-cli', ['-p', String(port), 'ping'])
              .toString()
              .trim() === 'PONG'
          );
        } catch {
          return false;
        }
      },
      10_000,
      'redis to start',
    );
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

/**
 * A PostgreSQL cluster of our own (Debian's pg_createcluster), which a test may stop and start.
 * Needs root, as on the machines this project runs on.
 */
export async function privatePostgres() {
  const version = execFileSync('ls', ['/usr/lib/postgresql']).toString().trim().split('\n').pop()!;
  const name = `tessera${process.pid}`;
  const port = await freePort();
  execFileSync(
    'pg_createcluster',
    [version, name, '-p', String(port), '--start', '--', '--auth-local=trust', '--auth-host=trust'],
    {
      stdio: 'ignore',
    },
  );
  cleanups.push(() => {
    try {
      execFileSync('pg_dropcluster', [version, name, '--stop'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop: () => execFileSync('pg_ctlcluster', [version, name, 'stop', '-m', 'fast'], { stdio: 'ignore' }),
    start: () => execFileSync('pg_ctlcluster', [version, name, 'start'], { stdio: 'ignore' }),
  };
}

/** A fresh, empty database on a server; dropped by stopAll(). */
export async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `tessera_scale_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(() => {
    try {
      execFileSync('psql', [serverUrl, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'ignore' });
    } catch {
      // the server may be gone
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function stopAll() {
  for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  for (const cleanup of cleanups.reverse()) cleanup();
}
