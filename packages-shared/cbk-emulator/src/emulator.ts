/**
 * createEmulator: wires store, persistence, faults, recorders and the app into the Emulator handle.
 * Partner tokens come from the options, else from the state file, else one random token is made;
 * tokens given in the options are added to the ones loaded from the file.
 */
import { createApp } from './app.js';
import { createLifecycle } from './core.js';
import { FaultRegistry } from './faults/registry.js';
import { newSecret } from './ids.js';
import { createPersistence, loadSnapshot } from './store/persist.js';
import { Store } from './store/store.js';
import type { Core } from './core.js';
import type { Persistence } from './store/persist.js';
import type { CompletionRecord, Emulator, EmulatorOptions, RecordedRequest } from './types.js';

export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  const now = opts.now ?? Date.now;
  let persistence: Persistence | null = null;
  const store = new Store(now, () => persistence?.schedule());

  const snapshot = opts.stateFile ? loadSnapshot(opts.stateFile) : null;
  if (snapshot) store.load(snapshot);
  if (opts.stateFile) persistence = createPersistence(opts.stateFile, () => store.snapshot());

  for (const token of opts.partnerTokens ?? []) {
    if (!token.startsWith('sk-')) throw new TypeError(`cbk-emulator: partner token must start with 'sk-'`);
    store.addPartnerToken(token);
  }
  if (store.partnerTokens().length === 0) store.addPartnerToken(newSecret());
  const partnerToken = opts.partnerTokens?.[0] ?? store.partnerTokens()[0]?.secret;
  if (!partnerToken) throw new Error('cbk-emulator: no partner token');

  const requests: RecordedRequest[] = [];
  const completions: CompletionRecord[] = [];
  const faults = new FaultRegistry();
  const core: Core = {
    store,
    faults,
    config: { tokenDelayMs: opts.tokenDelayMs ?? 0, pingIntervalMs: opts.pingIntervalMs ?? 10_000 },
    now,
    requests,
    completions,
    lifecycle: createLifecycle(),
  };

  function reset(): void {
    store.resetKeepingPartners();
    faults.clear();
    requests.length = 0;
    completions.length = 0;
  }

  return {
    app: createApp(core, { reset }),
    partnerToken,
    faults,
    requests,
    completions,
    state: store,
    reset,
    flush: async () => {
      await persistence?.flush();
    },
    config: core.config,
    shutdown: () => core.lifecycle.shutdown(),
  };
}
