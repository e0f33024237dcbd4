/**
 * The ES module build (dist/tessera-chat.js) for sites that bundle: importing it registers
 * <tessera-chat>; set `site-key` and `service-url` on the element.
 */
export { TesseraChat, register } from './tessera-chat/tessera-chat.js';
export type { Mode } from './tessera-chat/tessera-chat.component.js';
export type { TesseraEvent, TesseraEventMap, TesseraEventName } from './events/events.js';
export type { Locale, Strings } from './i18n/index.js';
