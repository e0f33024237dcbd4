/**
 * Servers in processes of their own (the benchmarks keep the emulator and the service off the load
 * generator's event loop; the widget's browser tests run a whole stack beside the test runner).
 * `startProcess` is the parent's side: it runs a TypeScript entry with tsx and waits for the one
 * JSON line the entry prints once it is ready. `untilStopped` is the entry's side: it stops on
 * SIGTERM, SIGINT, or when its stdin closes, so it never outlives the process that spawned it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ChildServer<T> {
  /** What the entry printed on its first line. */
  info: T;
  child: ChildProcess;
  /** Resident set size now, bytes (from /proc: Linux only). */
  rss(): number;
  /** Close its stdin and SIGTERM it; resolves when it has exited. */
  stop(): Promise<void>;
}

export interface StartProcessOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Node flags before the entry (e.g. --expose-gc). */
  nodeArgs?: string[];
  args?: string[];
  /** A command the entry runs under (e.g. valgrind and its flags): it must exec Node in the same process. */
  wrapper?: string[];
  /** How long the entry may take to print its line (default 90 s: a PGlite initdb is slow on two cores). */
  timeoutMs?: number;
}

export async function startProcess<T>(entry: string, opts: StartProcessOptions = {}): Promise<ChildServer<T>> {
  const [command, ...wrapped] = [...(opts.wrapper ?? []), process.execPath];
  const child = spawn(command!, [...wrapped, ...(opts.nodeArgs ?? []), '--import', 'tsx', entry, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin!.end();
      child.kill('SIGTERM');
    }
    await exited;
  };
  const lines = createInterface({ input: child.stdout! });
  try {
    const info = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${entry} was not ready within ${opts.timeoutMs ?? 90_000} ms`)),
        opts.timeoutMs ?? 90_000,
      );
      child.once('exit', (code, signal) =>
        reject(new Error(`${entry} exited before it was ready (${signal ?? `code ${code}`})`)),
      );
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as T);
        } catch {
          reject(new Error(`${entry} printed ${JSON.stringify(line.slice(0, 200))} instead of its JSON line`));
        }
      });
    });
    // Later output is the entry's own business; keep draining it so the pipe never fills.
    child.stdout!.resume();
    return {
      info,
      child,
      rss() {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** In the entry: run `stop` once on SIGTERM, SIGINT or the end of stdin, then exit. */
export function untilStopped(stop: () => Promise<void>): void {
  let stopping = false;
  const end = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  process.stdin.on('end', end);
  process.stdin.resume();
}
