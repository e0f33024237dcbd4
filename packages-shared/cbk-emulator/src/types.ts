/**
 * Public types of the emulator: its options, the handle returned by createEmulator, the records it
 * keeps for inspection and the fault switches. Kept in one place because other packages import
 * them by name; the behaviour lives elsewhere.
 */
import type { Hono } from 'hono';

export interface EmulatorOptions {
  /** Secret keys ('sk-...') of partner (owner) accounts; each is its own owner account. */
  partnerTokens?: string[];
  /** Delay between streamed tokens in ms; default 0. */
  tokenDelayMs?: number;
  /** Interval of 'ping' stream events while a completion runs; default 10000. */
  pingIntervalMs?: number;
  /** Load state from this JSON file at start (if it exists) and save it after each mutation. */
  stateFile?: string;
  /** Clock (epoch ms); default Date.now. */
  now?: () => number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON, raw text when not JSON, or null when there was no body. */
  body: unknown;
  at: number;
}

export type CompletionMode = 'json' | 'jsonl' | 'sse';

export type CompletionOutcome =
  | 'running'
  | 'completed'
  | 'client-closed'
  | 'fault-closed'
  | 'fault-stalled'
  /** An in-band error event / error response, or the emulator shut down while it ran. */
  | 'error';

export interface CompletionRecord {
  conversationId: string;
  userId: string;
  mode: CompletionMode;
  startedAt: number;
  endedAt: number | null;
  outcome: CompletionOutcome;
  tokensSent: number;
}

export type Fault =
  | { kind: 'status'; status: number; code?: string }
  | { kind: 'echo-headers'; status?: number }
  | { kind: 'stall-before-headers' }
  | { kind: 'stall-mid-stream'; afterTokens: number }
  | { kind: 'close-mid-stream'; afterTokens: number }
  | { kind: 'slow-tokens'; delayMs: number }
  | { kind: 'redirect'; location: string; status?: number }
  | { kind: 'error-event'; afterTokens: number; code?: string };

export type FaultKind = Fault['kind'];

export interface FaultRule {
  fault: Fault;
  /** Regex source matched against the path without the /api prefix, e.g. '/complete$'. */
  path?: string;
  method?: string;
  /** How many matching requests the rule applies to; default unlimited. */
  times?: number;
}

/** A rule as listed by the controller: the rule plus its id and how often it was applied. */
export interface ActiveFaultRule extends FaultRule {
  id: string;
  used: number;
}

export interface FaultController {
  add(rule: FaultRule): string;
  /** Remove one rule; true when it existed. */
  remove(id: string): boolean;
  clear(): void;
  list(): ActiveFaultRule[];
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An account: partner (owner) accounts have parentId null, partner users ("child users") a parent. */
export interface UserRecord {
  id: string;
  parentId: string | null;
  createdAt: number;
  updatedAt: number;
  alias: string | null;
  name: string | null;
  description: string | null;
  meta: JsonObject | null;
  image: string | null;
  email: string | null;
  limits: JsonObject | null;
}

/** A secret key. Partner tokens are given by options; others come from partner/user/{id}/token/create. */
export interface TokenRecord {
  id: string;
  secret: string;
  userId: string;
  partner: boolean;
  createdAt: number;
  updatedAt: number;
  name: string | null;
  description: string | null;
  meta: JsonObject | null;
  config: JsonObject | null;
}

export type BotVisibility = 'private' | 'protected' | 'public';

export interface BotRecord {
  id: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
  alias: string | null;
  name: string | null;
  description: string | null;
  meta: JsonObject | null;
  model: string | null;
  backstory: string | null;
  datasetId: string | null;
  skillsetId: string | null;
  privacy: boolean | null;
  moderation: boolean | null;
  blueprintId: string | null;
  visibility: BotVisibility;
}

export interface ConversationRecord {
  id: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
  name: string | null;
  description: string | null;
  meta: JsonObject | null;
  botId: string | null;
  model: string | null;
  backstory: string | null;
  datasetId: string | null;
  skillsetId: string | null;
  privacy: boolean | null;
  moderation: boolean | null;
  contactId: string | null;
  taskId: string | null;
  spaceId: string | null;
  expiresAt: number | null;
}

/**
 * A contact of an account (an end user of its bots). A contact ensured with a fingerprint is
 * "trusted" and has verifiedAt set; one ensured without gets a fingerprint derived from its fields.
 */
export interface ContactRecord {
  id: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
  name: string | null;
  description: string | null;
  fingerprint: string | null;
  email: string | null;
  phone: string | null;
  nick: string | null;
  preferences: string | null;
  verifiedAt: number | null;
  meta: JsonObject | null;
}

export const MESSAGE_TYPES = [
  'user',
  'bot',
  'reasoning',
  'context',
  'instruction',
  'backstory',
  'activity',
  'checkpoint',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface MessageRecord {
  id: string;
  conversationId: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
  type: MessageType;
  text: string;
  meta: JsonObject | null;
  name: string | null;
  description: string | null;
  entities: Json[];
  /** The last vote on the message (upvote: +value, downvote: -value), when one was given. */
  vote?: number;
}

/** Read-only view of everything the emulator stores. */
export interface EmulatorState {
  readonly tokens: ReadonlyMap<string, TokenRecord>;
  readonly users: ReadonlyMap<string, UserRecord>;
  readonly bots: ReadonlyMap<string, BotRecord>;
  readonly conversations: ReadonlyMap<string, ConversationRecord>;
  readonly messages: ReadonlyMap<string, MessageRecord>;
  readonly contacts: ReadonlyMap<string, ContactRecord>;
}

export interface Emulator {
  app: Hono;
  /** The first partner token. */
  partnerToken: string;
  faults: FaultController;
  /** Every API request received (not /_emulator/* control calls), in order. */
  requests: RecordedRequest[];
  /** Every complete call, in order. */
  completions: CompletionRecord[];
  state: EmulatorState;
  /** Forget everything except partner tokens; clear faults, requests and completions. */
  reset(): void;
  /** Write the state file now (if stateFile). */
  flush(): Promise<void>;
  /** Current runtime settings (changeable over POST /_emulator/config). */
  readonly config: EmulatorConfig;
  /** End every open stream and stall (used by startEmulator's close()). */
  shutdown(): void;
}

export interface EmulatorConfig {
  tokenDelayMs: number;
  pingIntervalMs: number;
}
