/** A customer for tests and demos: tenant, bot and site in one onboarding call through the admin API. */
import type { Wire } from '@tessera/protocol';
import type { TestJson } from './json.js';

export interface CustomerOptions {
  name?: string;
  origins?: string[];
  backstory?: string;
  /** The tenant's daily message quota (null: none). */
  quota?: number | null;
  /** More site settings (title, greeting, theme, …). */
  site?: Omit<Partial<Wire.CreateSiteRequest>, 'botId' | 'allowedOrigins'>;
  botName?: string;
}

export type AdminCall = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; json: TestJson; text: string }>;

export async function seedCustomer(admin: AdminCall, opts: CustomerOptions = {}): Promise<Wire.Onboarding> {
  const name = opts.name ?? `Tenant ${Math.random().toString(36).slice(2, 8)}`;
  const res = await admin('POST', '/onboardings', {
    tenant: { name, ...(opts.quota !== undefined ? { quotas: { messagesPerDay: opts.quota } } : {}) },
    bot: { name: opts.botName ?? 'Helper', backstory: opts.backstory ?? 'You help.\n- when hours|open: We are open 9 to 5.' },
    site: {
      name: 'shop.example',
      allowedOrigins: opts.origins ?? ['https://shop.example'],
      title: 'Shop help',
      greeting: 'Hi!',
      starterPrompts: ['When are you open?'],
      ...opts.site,
    },
  });
  if (res.status !== 201) throw new Error(`onboarding failed: ${res.status} ${res.text}`);
  return res.json as Wire.Onboarding;
}
