/** Fault rule matching and bookkeeping. */
import { describe, expect, it } from 'vitest';
import { FaultRegistry, describeInvalidRule } from './registry.js';

describe('FaultRegistry', () => {
  it('matches by method and path regex, honours times, and reports use', () => {
    const faults = new FaultRegistry();
    const id = faults.add({ fault: { kind: 'status', status: 500 }, path: '/complete$', method: 'post', times: 2 });
    expect(faults.takeEntry('GET', '/v1/conversation/c1/complete')).toBeNull();
    expect(faults.takeEntry('POST', '/v1/bot/list')).toBeNull();
    expect(faults.takeEntry('POST', '/v1/conversation/c1/complete')).toEqual({ kind: 'status', status: 500 });
    expect(faults.takeEntry('POST', '/v1/conversation/c1/complete')).not.toBeNull();
    expect(faults.takeEntry('POST', '/v1/conversation/c1/complete')).toBeNull();
    expect(faults.list()).toEqual([expect.objectContaining({ id, used: 2, times: 2 })]);
    expect(faults.remove(id)).toBe(true);
    expect(faults.remove(id)).toBe(false);
  });

  it('keeps entry and stream faults apart', () => {
    const faults = new FaultRegistry();
    faults.add({ fault: { kind: 'close-mid-stream', afterTokens: 1 }, times: 1 });
    faults.add({ fault: { kind: 'slow-tokens', delayMs: 5 } });
    expect(faults.takeEntry('POST', '/v1/conversation/c/complete')).toBeNull();
    expect(faults.takeStream('POST', '/v1/conversation/c/complete')).toEqual({
      terminal: { kind: 'close-mid-stream', afterTokens: 1 },
      tokenDelayMs: 5,
    });
    expect(faults.takeStream('POST', '/v1/conversation/c/complete')).toEqual({ terminal: null, tokenDelayMs: 5 });
  });

  it('validates rules', () => {
    expect(describeInvalidRule({ fault: { kind: 'nope' } })).toMatch(/fault.kind/);
    expect(describeInvalidRule({ fault: { kind: 'status' } })).toMatch(/fault.status/);
    expect(describeInvalidRule({ fault: { kind: 'redirect', location: 'x' }, path: '(' })).toMatch(/regular expression/);
    expect(describeInvalidRule({ fault: { kind: 'stall-before-headers' }, times: 1 })).toBeNull();
    expect(() => new FaultRegistry().add({ fault: { kind: 'slow-tokens', delayMs: -1 } })).toThrow(TypeError);
  });
});
