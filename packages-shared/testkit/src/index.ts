/** @tessera/testkit (dev only): a real stack on loopback, a seeded customer, and the secret scan. */
export { type AdminCall, type CustomerOptions, seedCustomer } from './customer.js';
export type { TestJson } from './json.js';
export { loadTemplate, makeTemplate } from './pglite-template.js';
export { type ChildServer, type StartProcessOptions, startProcess, untilStopped } from './process.js';
export { parseSse, parseSseWithIds } from './sse.js';
export { type Captured, RELAXED_ENV, Stack, type StackOptions } from './stack.js';
export { randomAdminToken } from './tokens.js';
export { PortalPerson } from './portal.js';
