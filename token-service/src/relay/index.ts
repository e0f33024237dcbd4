/** The relay: a ChatBotKit JSONL completion stream in, the answer's text and end into the answer log, as it arrives. */
export type { AnswerEnd, AnswerSink, RelayOptions, RelayOutcome } from './pump.js';
export { Pump } from './pump.js';
export { errorData, sseEvent } from './translate.js';
