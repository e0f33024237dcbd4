/**
 * One completion run as a sequence of steps, produced lazily and paced by the caller: the user turn
 * (sendResult), the engine events (completeBegin, token x N, usage, completeEnd), the bot message
 * whose text is exactly the joined tokens, then receiveResult and result. Stream faults cut in
 * after the configured number of tokens. The run keeps its CompletionRecord up to date and stores
 * the bot message only when the answer was delivered in full.
 */
import { sleep } from '../core.js';
import { defaultMessageForCode } from '../http/errors.js';
import { addMessage } from '../routes/messages.js';
import { tokenize } from '../bot/tokenize.js';
import { errorEvent } from './events.js';
import type { StreamEvent } from './events.js';
import type { Core } from '../core.js';
import type { StreamFaults } from '../faults/registry.js';
import type { CompletionOutcome, CompletionRecord, ConversationRecord, MessageRecord } from '../types.js';

export type RunStep =
  | { kind: 'event'; event: StreamEvent }
  | { kind: 'done'; result: StreamEvent['data'] }
  | { kind: 'error'; event: StreamEvent; code: string; message: string }
  | { kind: 'stall' }
  | { kind: 'close' }
  | { kind: 'cancelled' };

export interface RunInput {
  core: Core;
  conversation: ConversationRecord;
  /** The stored user message of this turn, or null when continuing without new text. */
  userMessage: MessageRecord | null;
  answer: string;
  model: string;
  faults: StreamFaults;
  record: CompletionRecord;
}

type Action = { kind: 'emit'; make: () => StreamEvent; token?: boolean } | { kind: 'fault' } | { kind: 'finish' };

export class CompletionRun {
  readonly #input: RunInput;
  readonly #tokens: string[];
  readonly #actions: Generator<Action>;
  readonly #abort = new AbortController();
  #result: StreamEvent['data'] = null;

  constructor(input: RunInput) {
    this.#input = input;
    this.#tokens = tokenize(input.answer);
    this.#actions = this.#plan();
  }

  get record(): CompletionRecord {
    return this.#input.record;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  #event(type: string, data: unknown): StreamEvent {
    return { type, data, createdAt: this.#input.core.now() };
  }

  *#plan(): Generator<Action> {
    const { userMessage, faults } = this.#input;
    const text = this.#tokens.join('');
    const inputTokens = userMessage ? tokenize(userMessage.text).length : 0;
    const usage = { token: inputTokens + this.#tokens.length };
    const iteration = { instance: 'emulator', iteration: 1 };
    const faultAt = faults.terminal ? Math.min(faults.terminal.afterTokens, this.#tokens.length) : -1;

    if (userMessage) {
      yield {
        kind: 'emit',
        make: () => this.#event('sendResult', { id: userMessage.id, text: userMessage.text, entities: [], usage: { token: 0 } }),
      };
    }
    yield { kind: 'emit', make: () => this.#event('completeBegin', iteration) };
    for (let i = 0; i < this.#tokens.length; i++) {
      if (i === faultAt) yield { kind: 'fault' };
      const token = this.#tokens[i] ?? '';
      yield { kind: 'emit', token: true, make: () => this.#event('token', { token }) };
    }
    if (faultAt === this.#tokens.length) yield { kind: 'fault' };
    yield {
      kind: 'emit',
      make: () =>
        this.#event('usage', { model: this.#input.model, inputTokensUsed: inputTokens, outputTokensUsed: this.#tokens.length }),
    };
    yield { kind: 'emit', make: () => this.#event('completeEnd', iteration) };
    let botMessageId = '';
    yield {
      kind: 'emit',
      make: () => {
        const { core, conversation } = this.#input;
        botMessageId = addMessage(core.store, conversation, { type: 'bot', text, meta: null }).id;
        return this.#event('message', { type: 'bot', text });
      },
    };
    const result = (): object => ({ id: botMessageId, text, usage, end: { reason: 'stop' } });
    yield { kind: 'emit', make: () => this.#event('receiveResult', result()) };
    yield {
      kind: 'emit',
      make: () => {
        this.#result = result();
        return this.#event('result', this.#result);
      },
    };
    yield { kind: 'finish' };
  }

  /** Produce the next step, waiting the token delay before tokens. */
  async next(): Promise<RunStep> {
    if (this.#abort.signal.aborted) return { kind: 'cancelled' };
    const step = this.#actions.next();
    if (step.done) return { kind: 'cancelled' };
    const action = step.value;
    switch (action.kind) {
      case 'finish':
        this.#end('completed');
        return { kind: 'done', result: this.#result };
      case 'fault':
        return this.#fault();
      case 'emit': {
        if (action.token) {
          const delay = this.#input.faults.tokenDelayMs ?? this.#input.core.config.tokenDelayMs;
          if (!(await sleep(delay, this.#abort.signal))) return { kind: 'cancelled' };
          if (this.#abort.signal.aborted) return { kind: 'cancelled' };
        }
        const event = action.make();
        if (action.token) this.#input.record.tokensSent += 1;
        return { kind: 'event', event };
      }
    }
  }

  #fault(): RunStep {
    const fault = this.#input.faults.terminal;
    switch (fault?.kind) {
      case 'stall-mid-stream':
        this.#input.record.outcome = 'fault-stalled';
        return { kind: 'stall' };
      case 'close-mid-stream':
        this.#end('fault-closed');
        return { kind: 'close' };
      case 'error-event': {
        const code = fault.code ?? 'GENERIC_ERROR';
        const message = defaultMessageForCode(code);
        this.#end('error');
        return { kind: 'error', event: errorEvent(code, message), code, message };
      }
      default:
        return { kind: 'cancelled' };
    }
  }

  #end(outcome: CompletionOutcome): void {
    const { record, core } = this.#input;
    if (record.endedAt === null) {
      if (record.outcome === 'running') record.outcome = outcome;
      record.endedAt = core.now();
    }
    this.#abort.abort();
  }

  /** The client went away: stop at once. */
  cancelByClient(): void {
    this.#end('client-closed');
  }

  /** The emulator shuts down while this run is open. */
  shutdown(): void {
    this.#end('error');
  }
}
