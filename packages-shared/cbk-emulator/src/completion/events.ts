/**
 * Stream event shapes and their wire encodings (doc §8.2): JSONL is JSON.stringify(event) + "\n"
 * with `createdAt` on engine events and none on keep-alives; SSE is "event: <type>\ndata: <json of
 * data>\n\n" without createdAt. An in-band failure is one {"type":"error","data":{code,message}}.
 */
export interface StreamEvent {
  type: string;
  data: unknown;
  createdAt?: number;
}

export type StreamMode = 'jsonl' | 'sse';

const encoder = new TextEncoder();

export function encodeEvent(event: StreamEvent, mode: StreamMode): Uint8Array {
  if (mode === 'sse') return encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
  return encoder.encode(`${JSON.stringify(event)}\n`);
}

export const pingEvent = (): StreamEvent => ({ type: 'ping', data: {} });

export const errorEvent = (code: string, message: string): StreamEvent => ({
  type: 'error',
  data: { code, message },
});
