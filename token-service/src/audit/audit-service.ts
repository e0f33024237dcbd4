/**
 * The audit log: who did what to which object, when, from which IP. Every change made through the
 * admin API, the CLI (which calls the admin API) or the portal is recorded by the HTTP layer after
 * it succeeds (http/middleware/audit-trail.ts); sign-ins are recorded the same way.
 */
import type { Wire } from '@tessera/protocol';
import type { Clock } from '../platform/clock.js';
import type { AuditInput, AuditStore } from './store.js';

export interface AuditServiceDeps {
  store: AuditStore;
  clock: Clock;
}

export class AuditService {
  constructor(private readonly deps: AuditServiceDeps) {}

  async record(entry: Omit<AuditInput, 'at'>): Promise<void> {
    await this.deps.store.append({ ...entry, at: this.deps.clock.now() });
  }

  async list(q: {
    actor?: string | undefined;
    action?: string | undefined;
    tenantId?: string | undefined;
    before?: string | undefined;
    limit: number;
  }): Promise<Wire.AuditPage> {
    const before = q.before !== undefined && /^\d{1,18}$/.test(q.before) ? Number(q.before) : undefined;
    const items = await this.deps.store.list({
      ...(q.actor ? { actor: q.actor.toLowerCase() } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.tenantId ? { tenantId: q.tenantId } : {}),
      ...(before !== undefined ? { before } : {}),
      limit: q.limit + 1,
    });
    const more = items.length > q.limit;
    const page = more ? items.slice(0, q.limit) : items;
    return { items: page, next: more ? page[page.length - 1]!.id : null };
  }
}
