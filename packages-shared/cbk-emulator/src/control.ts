/**
 * The loopback control API under /_emulator (no auth - a local test tool): fault switches, the
 * request and completion logs, reset and runtime config. These calls are never recorded and never
 * hit by faults.
 */
import { Hono } from 'hono';
import { describeInvalidRule } from './faults/registry.js';
import type { Core } from './core.js';
import type { FaultRule } from './types.js';

export interface ControlHooks {
  reset(): void;
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return (await request.json()) as unknown;
  } catch {
    return undefined;
  }
}

export function controlRoutes(core: Core, hooks: ControlHooks): Hono {
  const control = new Hono();
  const bad = (message: string): Response => Response.json({ message, code: 'BAD_REQUEST' }, { status: 400 });

  control.get('/health', (c) => c.json({ ok: true }));

  control.get('/faults', (c) => c.json({ items: core.faults.list() }));
  control.post('/faults', async (c) => {
    const rule = await jsonBody(c.req.raw);
    const problem = describeInvalidRule(rule);
    if (problem) return bad(problem);
    return c.json({ id: core.faults.add(rule as FaultRule) });
  });
  control.delete('/faults', (c) => {
    core.faults.clear();
    return c.json({});
  });
  control.delete('/faults/:id', (c) =>
    core.faults.remove(c.req.param('id')) ? c.json({}) : c.json({ message: 'Fault not found', code: 'NOT_FOUND' }, 404),
  );

  control.get('/requests', (c) => c.json({ items: core.requests }));
  control.delete('/requests', (c) => {
    core.requests.length = 0;
    return c.json({});
  });
  control.get('/completions', (c) => c.json({ items: core.completions }));

  control.post('/reset', (c) => {
    hooks.reset();
    return c.json({});
  });

  control.get('/config', (c) => c.json(core.config));
  control.post('/config', async (c) => {
    const body = await jsonBody(c.req.raw);
    if (typeof body !== 'object' || body === null) return bad('body must be an object');
    const { tokenDelayMs, pingIntervalMs } = body as Record<string, unknown>;
    for (const [name, value] of [
      ['tokenDelayMs', tokenDelayMs],
      ['pingIntervalMs', pingIntervalMs],
    ] as const) {
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        return bad(`"${name}" must be a non-negative number`);
      }
    }
    if (typeof tokenDelayMs === 'number') core.config.tokenDelayMs = tokenDelayMs;
    if (typeof pingIntervalMs === 'number') core.config.pingIntervalMs = pingIntervalMs;
    return c.json(core.config);
  });

  control.all('*', (c) => c.json({ message: 'Not found', code: 'NOT_FOUND' }, 404));
  return control;
}
