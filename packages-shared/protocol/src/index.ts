/** @tessera/protocol: the zod schemas that are the single source of truth for every wire shape. */
export * from './codes.js';
export * from './limits.js';
export * from './ids.js';
export * from './text.js';
export * from './theme.js';
export * from './origin.js';
export * from './translations.js';
export * from './site.js';
export * from './session.js';
export * from './conversation.js';
export * from './stream.js';
export * from './error.js';
export * from './admin.js';
export * from './portal.js';
export * from './customer.js';
export * from './identity.js';
export type * as Wire from './types.js';
