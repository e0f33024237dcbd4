/**
 * The process's shutdown state, shared by the routes: once draining, readiness is false and new
 * requests are refused with `shutting_down`; open answer streams keep going until `stopStreams()`,
 * which ends each with a terminal event telling the widget to reconnect.
 */
export class Lifecycle {
  private drainingSince: number | null = null;
  // A Set, not an AbortSignal: thousands of held streams each register here, and EventTarget's
  // addEventListener scans its list on every add.
  private readonly streams = new Set<() => void>();
  private stopped = false;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /** Register a stream's stop callback (called by stopStreams); returns the unregister function. */
  onShutdown = (stop: () => void): (() => void) => {
    if (this.stopped) {
      queueMicrotask(stop);
      return () => {};
    }
    this.streams.add(stop);
    return () => this.streams.delete(stop);
  };

  startDrain(): void {
    this.drainingSince ??= Date.now();
  }

  stopStreams(): void {
    this.stopped = true;
    for (const stop of [...this.streams]) stop();
    this.streams.clear();
  }
}
