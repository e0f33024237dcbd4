/** The relay: a ChatBotKit JSONL completion stream in, the widget's SSE stream out, as it arrives. */
export type { RelayOptions, RelayOutcome } from './pump.js';
export { relayCompletion, relayToResponse } from './sinks.js';
export { errorEvent, sseEvent } from './translate.js';
