/** Admin: usage per tenant per UTC day, and the service's signing keys. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Wire } from '@tessera/protocol';
import type { AppDeps, AppEnv } from '../../env.js';
import { ServiceError } from '../../errors.js';
import { utcDay } from '../../lib/clock.js';
import { readUsage } from '../../store/usage.js';
import { KeyringError } from '../../signing/keyring.js';
import { loadTenant } from './tenants.js';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(d)));
const UsageQuery = z.strictObject({ from: Day.optional(), to: Day.optional() });
const DAY_MS = 86_400_000;

export function usageRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/:tenantId/usage', async (c) => {
    const tenant = await loadTenant(deps, c.req.param('tenantId'));
    const query = UsageQuery.safeParse(c.req.query());
    if (!query.success) throw new ServiceError('invalid_request', { message: 'from and to must be dates like 2026-11-25.' });
    // Counted in memory for a few seconds before they are written: include them.
    await deps.usage.flush();
    const now = deps.clock.now();
    const to = query.data.to ?? utcDay(now);
    const from = query.data.from ?? utcDay(Date.parse(to) - 29 * DAY_MS);
    if (from > to) throw new ServiceError('invalid_request', { message: 'from must not be after to.' });
    const days = await readUsage(deps.db, tenant.id, from, to);
    const totals = days.reduce(
      (t, d) => ({
        sessions: t.sessions + d.sessions,
        conversations: t.conversations + d.conversations,
        messages: t.messages + d.messages,
      }),
      { sessions: 0, conversations: 0, messages: 0 },
    );
    const res: Wire.Usage = { tenantId: tenant.id, from, to, days, totals };
    return c.json(res);
  });
  return app;
}

export function signingKeyRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.json({ items: deps.keyring.list() }));
  app.post('/rotate', async (c) => {
    try {
      await deps.keyring.rotate();
      await deps.invalidate.publish({ kind: 'keys' });
    } catch (err) {
      if (err instanceof KeyringError) throw new ServiceError('conflict', { message: err.message });
      throw err;
    }
    return c.json({ items: deps.keyring.list() }, 201);
  });
  return app;
}
