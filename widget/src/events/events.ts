/**
 * The widget's DOM events: prefixed `tessera-`, bubbling, composed (they leave the shadow root), each
 * with a typed `detail`. Listen on the element, or on `document` for the script-tag build.
 */
import type { DoneEvent } from '@tessera/protocol/types';
import type { WidgetErrorCode } from '../api/errors.js';

export interface TesseraEventMap {
  'tessera-open': Record<string, never>;
  'tessera-close': Record<string, never>;
  /** The visitor's message was handed to the service. */
  'tessera-message-sent': { text: string; conversationId: string | null };
  /** A bot answer finished streaming. */
  'tessera-message-received': {
    text: string;
    messageId: string | null;
    conversationId: string | null;
    /** Why the answer ended, as the service says (`stop`, `length`, … or `unknown`). */
    finishReason: DoneEvent['finishReason'];
  };
  /**
   * Something the visitor sees as an error: a protocol error code, a widget-local one (`offline`,
   * `network`, `too_long`, `bad_response`), or, from a newer service, one this build does not know.
   * `retryAfter` in seconds, when known.
   */
  'tessera-error': { code: WidgetErrorCode | (string & {}); message: string; retryable: boolean; retryAfter?: number };
}

export type TesseraEventName = keyof TesseraEventMap;
export type TesseraEvent<K extends TesseraEventName> = CustomEvent<TesseraEventMap[K]>;

declare global {
  interface HTMLElementEventMap {
    'tessera-open': TesseraEvent<'tessera-open'>;
    'tessera-close': TesseraEvent<'tessera-close'>;
    'tessera-message-sent': TesseraEvent<'tessera-message-sent'>;
    'tessera-message-received': TesseraEvent<'tessera-message-received'>;
    'tessera-error': TesseraEvent<'tessera-error'>;
  }
  interface DocumentEventMap {
    'tessera-open': TesseraEvent<'tessera-open'>;
    'tessera-close': TesseraEvent<'tessera-close'>;
    'tessera-message-sent': TesseraEvent<'tessera-message-sent'>;
    'tessera-message-received': TesseraEvent<'tessera-message-received'>;
    'tessera-error': TesseraEvent<'tessera-error'>;
  }
}

export function emit<K extends TesseraEventName>(target: EventTarget, type: K, detail: TesseraEventMap[K]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
