/**
 * Customers as the partner's console shows them: the table (search, sort, page; messages today
 * against the quota, last activity, a 14-day trend) and a customer's page (its tenant, sites,
 * members and usage). Reads only: changes go through the tenant, site and member services.
 */
import type { Wire } from '@tessera/protocol';
import type { MemberService } from '../members/member-service.js';
import { type Clock, utcDay } from '../platform/clock.js';
import type { SiteService } from '../sites/site-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { UsageService } from '../usage/usage-service.js';
import type { CustomerSort, CustomerStore } from './store.js';

const DAY_MS = 24 * 3600 * 1000;
export const TREND_DAYS = 14;

export interface CustomerServiceDeps {
  store: CustomerStore;
  tenants: Pick<TenantService, 'get'>;
  sites: Pick<SiteService, 'list'>;
  members: Pick<MemberService, 'list'>;
  usage: Pick<UsageService, 'flush'>;
  clock: Clock;
}

export class CustomerService {
  constructor(private readonly deps: CustomerServiceDeps) {}

  async page(q: {
    q?: string | undefined;
    sort: CustomerSort;
    dir: 'asc' | 'desc';
    page: number;
    pageSize: number;
  }): Promise<Wire.CustomersPage> {
    await this.deps.usage.flush();
    const now = this.deps.clock.now();
    const rows = await this.deps.store.page({
      search: (q.q ?? '').trim(),
      sort: q.sort,
      dir: q.dir,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
      today: utcDay(now),
    });
    const trends = await this.trends(
      rows.map((r) => r.id),
      now,
    );
    return {
      items: rows.map(({ total: _total, ...r }) => ({ ...r, id: r.id as Wire.CustomerRow['id'], daily: trends.get(r.id)! })),
      total: rows[0]?.total ?? (q.page > 1 ? await this.total(q) : 0),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async detail(tenantId: string): Promise<Wire.CustomerDetail> {
    await this.deps.usage.flush();
    const tenant = await this.deps.tenants.get(tenantId);
    const [sites, members, trends] = await Promise.all([
      this.deps.sites.list(tenantId),
      this.deps.members.list(tenantId),
      this.trends([tenantId], this.deps.clock.now()),
    ]);
    const daily = trends.get(tenantId)!;
    return { tenant, sites, members, messagesToday: daily[daily.length - 1] ?? 0, daily };
  }

  /** Messages per day, the last 14 days, oldest first, for each tenant (zeros where none). */
  private async trends(tenantIds: string[], now: number): Promise<Map<string, number[]>> {
    const days = Array.from({ length: TREND_DAYS }, (_, i) => utcDay(now - (TREND_DAYS - 1 - i) * DAY_MS));
    const index = new Map(days.map((d, i) => [d, i]));
    const out = new Map(tenantIds.map((id) => [id, new Array<number>(TREND_DAYS).fill(0)]));
    for (const r of await this.deps.store.daily(tenantIds, days[0]!)) {
      const i = index.get(r.day);
      if (i !== undefined) out.get(r.tenantId)![i] = r.messages;
    }
    return out;
  }

  /** A page past the end has no rows to carry the count. */
  private async total(q: { q?: string | undefined; sort: CustomerSort; dir: 'asc' | 'desc' }): Promise<number> {
    const [first] = await this.deps.store.page({
      search: (q.q ?? '').trim(),
      sort: q.sort,
      dir: q.dir,
      limit: 1,
      offset: 0,
      today: utcDay(this.deps.clock.now()),
    });
    return first?.total ?? 0;
  }
}
