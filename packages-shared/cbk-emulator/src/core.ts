/**
 * The emulator's shared internals, passed explicitly to every route and stream (no module-level
 * singletons): the store, fault registry, runtime config, recorders and the lifecycle registry
 * that lets close() end open streams and stalls so the process can exit.
 */
import type { FaultRegistry } from './faults/registry.js';
import type { Store } from './store/store.js';
import type { CompletionRecord, EmulatorConfig, RecordedRequest } from './types.js';

export interface Lifecycle {
  /** Register something to end on shutdown; returns the unregister function. */
  track(end: () => void): () => void;
  /** End everything tracked; later registrations end immediately. */
  shutdown(): void;
  readonly closed: boolean;
}

export interface Core {
  store: Store;
  faults: FaultRegistry;
  config: EmulatorConfig;
  now: () => number;
  requests: RecordedRequest[];
  completions: CompletionRecord[];
  lifecycle: Lifecycle;
}

export function createLifecycle(): Lifecycle {
  const open = new Set<() => void>();
  let closed = false;
  return {
    track(end) {
      if (closed) {
        queueMicrotask(end);
        return () => {};
      }
      open.add(end);
      return () => open.delete(end);
    },
    shutdown() {
      closed = true;
      for (const end of [...open]) {
        open.delete(end);
        end();
      }
    },
    get closed() {
      return closed;
    },
  };
}

/** A sleep that a cancel can cut short; resolves true when it ran to the end. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal?.aborted);
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
