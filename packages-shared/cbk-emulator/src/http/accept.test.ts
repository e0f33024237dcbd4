/** Accept negotiation of the stream wrapper. */
import { describe, expect, it } from 'vitest';
import { negotiate } from './accept.js';

describe('negotiate', () => {
  it('uses only the first media type, lower-cased', () => {
    expect(negotiate(undefined, false)).toBe('json');
    expect(negotiate('', false)).toBe('json');
    expect(negotiate('*/*', false)).toBe('json');
    expect(negotiate('application/json, text/html', false)).toBe('json');
    expect(negotiate('Application/JSONL; charset=utf-8', false)).toBe('jsonl');
    expect(negotiate('text/event-stream', false)).toBe('sse');
    expect(negotiate('text/csv', true)).toBe('csv');
  });

  it('rejects anything else with 400 "Unsupported accept header"', () => {
    for (const accept of ['text/html,*/*', 'text/csv', 'application/xml', 'application/jsonl-ish']) {
      expect(() => negotiate(accept, false)).toThrow('Unsupported accept header');
    }
  });
});
