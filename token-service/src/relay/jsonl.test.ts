/** JsonlDecoder: lines cut anywhere (mid-line, mid-character), CRLF, blank lines and non-objects. */
import { describe, expect, it } from 'vitest';
import { JsonlDecoder } from './jsonl.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('JsonlDecoder', () => {
  it('decodes whole lines', () => {
    const d = new JsonlDecoder();
    expect(d.push(bytes('{"a":1}\n{"b":2}\n'))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(d.end()).toEqual([]);
  });

  it('joins a line split across chunks at every possible byte', () => {
    const text = '{"type":"token","data":{"token":"Grüße 👋 日本"}}\n{"type":"result","data":{}}\n';
    const all = bytes(text);
    for (let cut = 1; cut < all.length; cut++) {
      const d = new JsonlDecoder();
      const out = [...d.push(all.slice(0, cut)), ...d.push(all.slice(cut)), ...d.end()];
      expect(out, `cut at ${cut}`).toEqual([
        { type: 'token', data: { token: 'Grüße 👋 日本' } },
        { type: 'result', data: {} },
      ]);
    }
  });

  it('survives one byte at a time', () => {
    const all = bytes('{"t":"é👋"}\n\n{"t":2}');
    const d = new JsonlDecoder();
    const out: unknown[] = [];
    for (const b of all) out.push(...d.push(Uint8Array.of(b)));
    out.push(...d.end());
    expect(out).toEqual([{ t: 'é👋' }, { t: 2 }]);
  });

  it('skips blank lines and CRLF endings; marks non-objects as undefined', () => {
    const d = new JsonlDecoder();
    expect(d.push(bytes('\n  \n{"a":1}\r\nnot json\n[1]\n"s"\n'))).toEqual([{ a: 1 }, undefined, undefined, undefined]);
  });
});
