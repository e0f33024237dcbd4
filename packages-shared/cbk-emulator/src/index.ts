/**
 * @tessera/cbk-emulator: a local emulator of the ChatBotKit API subset Tessera relays to (partner
 * users, bots, conversations, messages, contacts, complete with JSON/JSONL/SSE), with a deterministic bot and
 * fault switches for testing a relay. See README.md.
 */
export { createEmulator } from './emulator.js';
export { startEmulator } from './server.js';
export type { RunningEmulator, StartOptions } from './server.js';
export { tokenize } from './bot/tokenize.js';
export { answerFor } from './bot/answer.js';
export type {
  ActiveFaultRule,
  BotRecord,
  CompletionMode,
  CompletionOutcome,
  CompletionRecord,
  ContactRecord,
  ConversationRecord,
  Emulator,
  EmulatorConfig,
  EmulatorOptions,
  EmulatorState,
  Fault,
  FaultController,
  FaultKind,
  FaultRule,
  Json,
  JsonObject,
  MessageRecord,
  MessageType,
  RecordedRequest,
  TokenRecord,
  UserRecord,
} from './types.js';
