/**
 * Benchmark processes: the emulator and the service each in a process of their own, so the load
 * generator (this process) and the two servers do not share an event loop. Each prints one JSON
 * line when ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const HERE = import.meta.dirname;

export interface Proc<T> {
  info: T;
  child: ChildProcess;
  /** Resident set size now, bytes (from /proc). */
  rss(): number;
  stop(): Promise<void>;
}

export async function spawnReady<T>(script: string, env: Record<string, string>): Promise<Proc<T>> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(HERE, script)], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<T>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)) as T);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    info,
    child,
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
