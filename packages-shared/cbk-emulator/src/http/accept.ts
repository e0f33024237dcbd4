/**
 * Accept negotiation of the server's stream wrapper (doc §8.1): only the first media type counts
 * (before ',' and ';'), lower-cased; empty or '*\/*' means JSON. Anything unknown is a 400, which is
 * why a relay must not forward a browser's Accept header.
 */
import { badRequest } from './errors.js';

export type AcceptMode = 'json' | 'jsonl' | 'sse' | 'csv';

export function firstMediaType(accept: string | undefined): string {
  return (accept ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Negotiate a mode; `csv` is only offered by list routes. Throws 400 when unsupported. */
export function negotiate(accept: string | undefined, allowCsv: boolean): AcceptMode {
  const type = firstMediaType(accept);
  if (type === '' || type === '*/*' || type === 'application/json') return 'json';
  if (type === 'application/jsonl') return 'jsonl';
  if (type === 'text/event-stream') return 'sse';
  if (type === 'text/csv' && allowCsv) return 'csv';
  throw badRequest('Unsupported accept header');
}
