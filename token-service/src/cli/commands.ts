/**
 * The CLI's commands: one table entry per `<group> <action>`, each a thin mapping from flags to an
 * admin API call. Output is a readable summary, or the raw JSON with --json.
 */
import { readFile } from 'node:fs/promises';
import { normalizeOrigin, type Wire } from '@tessera/protocol';
import type { AdminClient } from './client.js';

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  /** Positional arguments, in order. */
  args: string[];
  /** Flags this command takes: name -> kind. */
  flags: Record<string, 'string' | 'boolean' | 'multiple'>;
  summary: string;
  run(api: AdminClient, args: string[], flags: Flags): Promise<unknown>;
}

const str = (f: Flags, name: string) => (typeof f[name] === 'string' ? (f[name] as string) : undefined);
const list = (f: Flags, name: string) => (Array.isArray(f[name]) ? (f[name] as string[]) : undefined);

function quota(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('--messages-per-day must be a whole number or "none"');
  return n;
}

function theme(value: string | undefined): Wire.Theme | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as Wire.Theme;
  } catch {
    throw new UsageError('--theme must be JSON, e.g. \'{"accentColor":"#0f766e","radius":12}\'');
  }
}

async function backstory(f: Flags): Promise<string | undefined> {
  const file = str(f, 'backstory-file');
  return file ? readFile(file, 'utf8') : str(f, 'backstory');
}

export class UsageError extends Error {
  override name = 'UsageError';
}

function siteFields(f: Flags): Wire.UpdateSiteRequest {
  const out: Wire.UpdateSiteRequest = {};
  const name = str(f, 'name');
  if (name !== undefined) out.name = name;
  const origins = list(f, 'origin');
  if (origins) out.allowedOrigins = origins;
  const bot = str(f, 'bot');
  if (bot !== undefined) out.botId = bot;
  const title = str(f, 'title');
  if (title !== undefined) out.title = title;
  const greeting = str(f, 'greeting');
  if (greeting !== undefined) out.greeting = greeting === 'none' ? null : greeting;
  const prompts = list(f, 'prompt');
  if (prompts) out.starterPrompts = prompts;
  const locale = str(f, 'locale');
  if (locale !== undefined) out.locale = locale === 'none' ? null : locale;
  const t = theme(str(f, 'theme'));
  if (t) out.theme = t;
  return out;
}

const SITE_FLAGS = {
  name: 'string',
  origin: 'multiple',
  bot: 'string',
  title: 'string',
  greeting: 'string',
  prompt: 'multiple',
  locale: 'string',
  theme: 'string',
} as const;

export const COMMANDS: Record<string, Command> = {
  'tenants list': {
    args: [],
    flags: { 'include-deleted': 'boolean' },
    summary: 'List tenants',
    run: (api, _a, f) => api.listTenants(f['include-deleted'] === true),
  },
  'tenants create': {
    args: [],
    flags: { name: 'string', email: 'string', 'messages-per-day': 'string' },
    summary: 'Create a tenant (and its ChatBotKit sub-account)',
    run: (api, _a, f) => {
      const name = str(f, 'name');
      if (!name) throw new UsageError('--name is required');
      const q = quota(str(f, 'messages-per-day'));
      const email = str(f, 'email');
      return api.createTenant({
        name,
        ...(email ? { email } : {}),
        ...(q !== undefined ? { quotas: { messagesPerDay: q } } : {}),
      });
    },
  },
  'tenants get': { args: ['tenant-id'], flags: {}, summary: 'Show a tenant', run: (api, [id]) => api.getTenant(id!) },
  'tenants update': {
    args: ['tenant-id'],
    flags: { name: 'string', status: 'string', 'messages-per-day': 'string' },
    summary: 'Rename, suspend/activate, or set the daily message quota ("none" for no quota)',
    run: (api, [id], f) => {
      const body: Wire.UpdateTenantRequest = {};
      const name = str(f, 'name');
      if (name !== undefined) body.name = name;
      const status = str(f, 'status');
      if (status !== undefined) body.status = status as 'active' | 'suspended';
      const q = quota(str(f, 'messages-per-day'));
      if (q !== undefined) body.quotas = { messagesPerDay: q };
      return api.updateTenant(id!, body);
    },
  },
  'tenants suspend': {
    args: ['tenant-id'],
    flags: {},
    summary: 'Suspend a tenant: all its sites stop at once',
    run: (api, [id]) => api.updateTenant(id!, { status: 'suspended' }),
  },
  'tenants activate': {
    args: ['tenant-id'],
    flags: {},
    summary: 'Reactivate a suspended tenant',
    run: (api, [id]) => api.updateTenant(id!, { status: 'active' }),
  },
  'tenants delete': {
    args: ['tenant-id'],
    flags: { 'purge-upstream': 'boolean' },
    summary: 'Delete (suspend and hide) a tenant; --purge-upstream also deletes the sub-account',
    run: (api, [id], f) => api.deleteTenant(id!, f['purge-upstream'] === true),
  },
  'bots list': { args: ['tenant-id'], flags: {}, summary: "List a tenant's bots", run: (api, [id]) => api.listBots(id!) },
  'bots create': {
    args: ['tenant-id'],
    flags: { name: 'string', description: 'string', backstory: 'string', 'backstory-file': 'string', model: 'string' },
    summary: "Create a bot in a tenant's sub-account",
    run: async (api, [id], f) => {
      const name = str(f, 'name');
      if (!name) throw new UsageError('--name is required');
      const story = await backstory(f);
      const description = str(f, 'description');
      const model = str(f, 'model');
      return api.createBot(id!, {
        name,
        ...(story ? { backstory: story } : {}),
        ...(description ? { description } : {}),
        ...(model ? { model } : {}),
      });
    },
  },
  'sites list': { args: ['tenant-id'], flags: {}, summary: "List a tenant's sites", run: (api, [id]) => api.listSites(id!) },
  'sites create': {
    args: ['tenant-id'],
    flags: SITE_FLAGS,
    summary: 'Create a site: --name, --origin (repeat), --bot; prints the snippet to paste',
    run: (api, [id], f) => {
      const fields = siteFields(f);
      if (!fields.name || !fields.allowedOrigins || !fields.botId)
        throw new UsageError('--name, --origin and --bot are required');
      return api.createSite(id!, fields as Wire.CreateSiteRequest);
    },
  },
  'sites get': { args: ['site-id'], flags: {}, summary: 'Show a site', run: (api, [id]) => api.getSite(id!) },
  'sites update': {
    args: ['site-id'],
    flags: { ...SITE_FLAGS, status: 'string' },
    summary: 'Change origins (--origin replaces the list), bot, texts, theme (JSON) or status',
    run: (api, [id], f) => {
      const status = str(f, 'status');
      return api.updateSite(id!, { ...siteFields(f), ...(status ? { status: status as 'active' | 'suspended' } : {}) });
    },
  },
  'sites suspend': {
    args: ['site-id'],
    flags: {},
    summary: 'Suspend a site: its sessions stop at once',
    run: (api, [id]) => api.updateSite(id!, { status: 'suspended' }),
  },
  'sites activate': {
    args: ['site-id'],
    flags: {},
    summary: 'Reactivate a site',
    run: (api, [id]) => api.updateSite(id!, { status: 'active' }),
  },
  'sites rotate-key': {
    args: ['site-id'],
    flags: {},
    summary: 'Give a site a new key; the old key stops working at once',
    run: (api, [id]) => api.rotateSiteKey(id!),
  },
  'usage show': {
    args: ['tenant-id'],
    flags: { from: 'string', to: 'string' },
    summary: 'Sessions, conversations and messages per day (default: the last 30 days)',
    run: (api, [id], f) => api.usage(id!, str(f, 'from'), str(f, 'to')),
  },
  'keys list': { args: [], flags: {}, summary: 'List signing keys', run: (api) => api.listKeys() },
  'keys rotate': {
    args: [],
    flags: {},
    summary: 'Start signing with a new key; the previous one keeps verifying its tokens',
    run: (api) => api.rotateKeys(),
  },
  onboard: {
    args: [],
    flags: {
      name: 'string',
      origin: 'multiple',
      backstory: 'string',
      'backstory-file': 'string',
      title: 'string',
      greeting: 'string',
      prompt: 'multiple',
    },
    summary: 'Tenant + bot + site in one step: --name, --origin (repeat), --backstory(-file)',
    run: async (api, _a, f) => {
      const name = str(f, 'name');
      const origins = list(f, 'origin');
      if (!name || !origins) throw new UsageError('--name and --origin are required');
      // Check what can be checked here before anything is created upstream.
      const bad = origins.find((o) => normalizeOrigin(o) === null);
      if (bad) throw new UsageError(`--origin ${bad}: must be an origin like https://shop.example (no path)`);
      const tenant = await api.createTenant({ name });
      const story = await backstory(f);
      const bot = await api.createBot(tenant.id, { name: `${name} assistant`, ...(story ? { backstory: story } : {}) });
      const site = await api.createSite(tenant.id, {
        ...siteFields(f),
        name,
        allowedOrigins: origins,
        botId: bot.id,
      } as Wire.CreateSiteRequest);
      return { tenant, bot, site };
    },
  },
};
