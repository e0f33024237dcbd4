/**
 * The process's shutdown state, shared by the routes: once draining, readiness is false and new
 * requests are refused with `shutting_down`; open answer streams keep going until `stopStreams()`,
 * which ends each with a terminal event telling the widget to reconnect.
 */
export class Lifecycle {
  private drainingSince: number | null = null;
  private readonly streamStop = new AbortController();

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /** Aborted when open streams must end now. */
  get streamSignal(): AbortSignal {
    return this.streamStop.signal;
  }

  startDrain(): void {
    this.drainingSince ??= Date.now();
  }

  stopStreams(): void {
    this.streamStop.abort();
  }
}
