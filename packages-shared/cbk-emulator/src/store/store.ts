/**
 * The emulator's in-memory database: accounts (owners and partner users), secret keys, bots,
 * conversations, messages and contacts, each a Map by id (tokens by secret). Every mutation goes through a
 * method here so persistence can be triggered in one place and cascades stay consistent.
 */
import { newId } from '../ids.js';
import type {
  BotRecord,
  ContactRecord,
  ConversationRecord,
  EmulatorState,
  MessageRecord,
  TokenRecord,
  UserRecord,
} from '../types.js';

export interface Snapshot {
  version: 1;
  tokens: TokenRecord[];
  users: UserRecord[];
  bots: BotRecord[];
  conversations: ConversationRecord[];
  messages: MessageRecord[];
  /** Absent in state files written before contacts were emulated. */
  contacts?: ContactRecord[];
}

export function emptyUser(id: string, parentId: string | null, at: number): UserRecord {
  return {
    id,
    parentId,
    createdAt: at,
    updatedAt: at,
    alias: null,
    name: null,
    description: null,
    meta: null,
    image: null,
    email: null,
    limits: null,
  };
}

export class Store implements EmulatorState {
  readonly tokens = new Map<string, TokenRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly bots = new Map<string, BotRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly contacts = new Map<string, ContactRecord>();

  constructor(
    readonly now: () => number,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Tell persistence that something changed. */
  changed(): void {
    this.onChange();
  }

  newId(): string {
    return newId(this.now());
  }

  /** Register a partner token with its own owner account (idempotent). */
  addPartnerToken(secret: string): TokenRecord {
    const existing = this.tokens.get(secret);
    if (existing) return existing;
    const at = this.now();
    const owner = emptyUser(this.newId(), null, at);
    this.users.set(owner.id, owner);
    const token: TokenRecord = {
      id: this.newId(),
      secret,
      userId: owner.id,
      partner: true,
      createdAt: at,
      updatedAt: at,
      name: 'Partner token',
      description: null,
      meta: null,
      config: null,
    };
    this.tokens.set(secret, token);
    this.changed();
    return token;
  }

  partnerTokens(): TokenRecord[] {
    return [...this.tokens.values()].filter((token) => token.partner);
  }

  childrenOf(parentId: string): UserRecord[] {
    return [...this.users.values()].filter((user) => user.parentId === parentId);
  }

  /** Delete a conversation and its messages. */
  deleteConversation(id: string): void {
    this.conversations.delete(id);
    for (const message of [...this.messages.values()]) {
      if (message.conversationId === id) this.messages.delete(message.id);
    }
    this.changed();
  }

  /** Delete a contact; its conversations stay, without a contact (the live cascade is unconfirmed). */
  deleteContact(id: string): void {
    this.contacts.delete(id);
    for (const conversation of this.conversations.values()) {
      if (conversation.contactId === id) conversation.contactId = null;
    }
    this.changed();
  }

  /**
   * Delete an account with everything it owns, including its own partner users (the live cascade
   * is unconfirmed; cascading keeps the emulator free of orphans that nobody can reach).
   */
  deleteUser(id: string): void {
    for (const child of this.childrenOf(id)) this.deleteUser(child.id);
    for (const token of [...this.tokens.values()]) {
      if (token.userId === id && !token.partner) this.tokens.delete(token.secret);
    }
    for (const bot of [...this.bots.values()]) if (bot.userId === id) this.bots.delete(bot.id);
    for (const contact of [...this.contacts.values()]) if (contact.userId === id) this.contacts.delete(contact.id);
    for (const conversation of [...this.conversations.values()]) {
      if (conversation.userId === id) this.deleteConversation(conversation.id);
    }
    this.users.delete(id);
    this.changed();
  }

  /** Forget everything except partner tokens and their owner accounts. */
  resetKeepingPartners(): void {
    const partners = this.partnerTokens();
    const owners = partners.map((token) => this.users.get(token.userId));
    this.tokens.clear();
    this.users.clear();
    this.bots.clear();
    this.conversations.clear();
    this.messages.clear();
    this.contacts.clear();
    for (const token of partners) this.tokens.set(token.secret, token);
    for (const owner of owners) if (owner) this.users.set(owner.id, { ...owner });
    this.changed();
  }

  snapshot(): Snapshot {
    return {
      version: 1,
      tokens: [...this.tokens.values()],
      users: [...this.users.values()],
      bots: [...this.bots.values()],
      conversations: [...this.conversations.values()],
      messages: [...this.messages.values()],
      contacts: [...this.contacts.values()],
    };
  }

  /** Replace the contents with a snapshot (used when loading the state file). */
  load(snapshot: Snapshot): void {
    this.tokens.clear();
    this.users.clear();
    this.bots.clear();
    this.conversations.clear();
    this.messages.clear();
    this.contacts.clear();
    for (const token of snapshot.tokens) this.tokens.set(token.secret, token);
    for (const user of snapshot.users) this.users.set(user.id, user);
    for (const bot of snapshot.bots) this.bots.set(bot.id, bot);
    for (const conversation of snapshot.conversations) {
      this.conversations.set(conversation.id, conversation);
    }
    for (const message of snapshot.messages) this.messages.set(message.id, message);
    for (const contact of snapshot.contacts ?? []) this.contacts.set(contact.id, contact);
  }
}
