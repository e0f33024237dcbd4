/**
 * The widget's DOM events: prefixed `tessera-`, bubbling, composed (they leave the shadow root), each
 * with a typed `detail`. Listen on the element, or on `document` for the script-tag build.
 */

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
    finishReason: string;
  };
  /** Something the visitor sees as an error. `retryAfter` in seconds, when known. */
  'tessera-error': { code: string; message: string; retryable: boolean; retryAfter?: number };
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
