/**
 * Seed a demo tenant, bot and site through the admin API itself (in process), so the demo exercises
 * the same validation and upstream calls a partner's onboarding does. Runs only when the store has
 * no tenant yet.
 */
import type { Hono } from 'hono';
import type { Wire } from '@tessera/protocol';
import type { AppEnv } from './env.js';

export const DEMO_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5174'];

const BACKSTORY = `You are Pedal, the friendly assistant of Velo Bikes, a small bike shop in Lyon.
- when opening|hours|open: We are open Tuesday to Saturday, 9:00–18:30. On Sundays and Mondays we ride.
- when repair|service|fix: A standard service costs **€49** and takes one day. Bring the bike before 10:00 and pick it up after 17:00.
- when shipping|delivery: We deliver bikes within Lyon for free, and ship accessories across France in 2–3 days.
- when price|cost|budget: City bikes start at **€390**, e-bikes at **€1,490**. Ask me to compare models!`;

async function call<T>(app: Hono<AppEnv>, adminToken: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(`demo seed: ${method} ${path} failed: ${json.error?.code ?? res.status}`);
  return json;
}

export interface DemoSeed {
  tenant: Wire.Tenant;
  site: Wire.Site;
  created: boolean;
}

export async function seedDemo(app: Hono<AppEnv>, adminToken: string): Promise<DemoSeed> {
  const tenants = await call<{ items: Wire.Tenant[] }>(app, adminToken, 'GET', '/admin/v1/tenants');
  const existing = tenants.items[0];
  if (existing) {
    const sites = await call<{ items: Wire.Site[] }>(app, adminToken, 'GET', `/admin/v1/tenants/${existing.id}/sites`);
    if (sites.items[0]) return { tenant: existing, site: sites.items[0], created: false };
  }
  const tenant = existing ?? (await call<Wire.Tenant>(app, adminToken, 'POST', '/admin/v1/tenants', { name: 'Velo Bikes' }));
  const bot = await call<Wire.Bot>(app, adminToken, 'POST', `/admin/v1/tenants/${tenant.id}/bots`, {
    name: 'Pedal',
    backstory: BACKSTORY,
  });
  const site = await call<Wire.Site>(app, adminToken, 'POST', `/admin/v1/tenants/${tenant.id}/sites`, {
    name: 'velo-bikes.example',
    allowedOrigins: DEMO_ORIGINS,
    botId: bot.id,
    title: 'Velo Bikes',
    greeting: 'Bonjour! I am Pedal. Ask me about repairs, opening hours or our bikes.',
    starterPrompts: ['When are you open?', 'How much is a service?', 'Show me some markdown'],
    theme: { accentColor: '#0f766e', radius: 14, colorScheme: 'auto', position: 'bottom-right', launcherIcon: 'chat' },
    locale: 'en',
  });
  return { tenant, site, created: true };
}
