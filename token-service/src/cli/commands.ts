/**
 * The CLI's commands: one table entry per `<group> <action>`, each a thin mapping from flags
 * (flag-values.ts) to one call of the typed admin client (@tessera/admin-client).
 */
import { type AdminClient, data, type Schemas } from '@tessera/admin-client';
import { backstory, graceSeconds, identityAlg, origins, quota, siteFields, status, str, texts } from './flag-values.js';
import { type CommandShape, type Flags, UsageError } from './parse.js';

export interface Input {
  args: string[];
  flags: Flags;
  /** The contents of the file flags given (e.g. `backstory-file`), read before any call. */
  files: Record<string, string>;
}

export interface Command extends CommandShape {
  summary: string;
  /** More lines for `pnpm tessera <command> --help`. */
  details?: string[];
  run(api: AdminClient, input: Input): Promise<unknown>;
}

const tenant = (tenantId: string) => ({ params: { path: { tenantId } } });
const site = (siteId: string) => ({ params: { path: { siteId } } });

const SITE_FLAGS = {
  name: 'string',
  origin: 'multiple',
  bot: 'string',
  title: 'string',
  subtitle: 'string',
  greeting: 'string',
  prompt: 'multiple',
  locale: 'string',
  theme: 'string',
  translations: 'string',
  'identity-required': 'string',
  'identity-adopt': 'string',
} as const;

const tenantStatus = (id: string, value: 'active' | 'suspended', api: AdminClient) =>
  data(api.PATCH('/admin/v1/tenants/{tenantId}', { ...tenant(id), body: { status: value } }));
const siteStatus = (id: string, value: 'active' | 'suspended', api: AdminClient) =>
  data(api.PATCH('/admin/v1/sites/{siteId}', { ...site(id), body: { status: value } }));

export const COMMANDS: Record<string, Command> = {
  'tenants list': {
    args: [],
    flags: { 'include-deleted': 'boolean' },
    summary: 'List tenants',
    run: (api, { flags }) =>
      data(api.GET('/admin/v1/tenants', { params: { query: flags['include-deleted'] ? { includeDeleted: 'true' } : {} } })),
  },
  'tenants create': {
    args: [],
    flags: { name: 'string', email: 'string', 'messages-per-day': 'string' },
    summary: 'Create a tenant (and its ChatBotKit sub-account)',
    run: (api, { flags }) => {
      const name = str(flags, 'name');
      if (!name) throw new UsageError('--name is required');
      const q = quota(str(flags, 'messages-per-day'));
      const email = str(flags, 'email');
      const body = { name, ...(email ? { email } : {}), ...(q !== undefined ? { quotas: { messagesPerDay: q } } : {}) };
      return data(api.POST('/admin/v1/tenants', { body }));
    },
  },
  'tenants get': {
    args: ['tenant-id'],
    flags: {},
    summary: 'Show a tenant',
    run: (api, { args: [id] }) => data(api.GET('/admin/v1/tenants/{tenantId}', tenant(id!))),
  },
  'tenants update': {
    args: ['tenant-id'],
    flags: { name: 'string', status: 'string', 'messages-per-day': 'string' },
    summary: 'Rename, suspend/activate, or set the daily message quota ("none" for no quota)',
    run: (api, { args: [id], flags }) => {
      const name = str(flags, 'name');
      const s = status(str(flags, 'status'));
      const q = quota(str(flags, 'messages-per-day'));
      const body = {
        ...(name !== undefined ? { name } : {}),
        ...(s ? { status: s } : {}),
        ...(q !== undefined ? { quotas: { messagesPerDay: q } } : {}),
      };
      return data(api.PATCH('/admin/v1/tenants/{tenantId}', { ...tenant(id!), body }));
    },
  },
  'tenants suspend': {
    args: ['tenant-id'],
    flags: {},
    summary: 'Suspend a tenant: all its sites stop at once',
    run: (api, { args: [id] }) => tenantStatus(id!, 'suspended', api),
  },
  'tenants activate': {
    args: ['tenant-id'],
    flags: {},
    summary: 'Reactivate a suspended tenant',
    run: (api, { args: [id] }) => tenantStatus(id!, 'active', api),
  },
  'tenants delete': {
    args: ['tenant-id'],
    flags: { 'purge-upstream': 'boolean' },
    summary: 'Delete (suspend and hide) a tenant; --purge-upstream also deletes the sub-account',
    run: (api, { args: [id], flags }) =>
      data(
        api.DELETE('/admin/v1/tenants/{tenantId}', {
          params: { path: { tenantId: id! }, query: { purgeUpstream: flags['purge-upstream'] ? 'true' : 'false' } },
        }),
      ),
  },
  'bots list': {
    args: ['tenant-id'],
    flags: {},
    summary: "List a tenant's bots",
    run: (api, { args: [id] }) => data(api.GET('/admin/v1/tenants/{tenantId}/bots', tenant(id!))),
  },
  'bots create': {
    args: ['tenant-id'],
    flags: { name: 'string', description: 'string', backstory: 'string', 'backstory-file': 'file', model: 'string' },
    summary: "Create a bot in a tenant's sub-account",
    run: (api, input) => {
      const { flags } = input;
      const name = str(flags, 'name');
      if (!name) throw new UsageError('--name is required');
      const story = backstory(input.flags, input.files);
      const description = str(flags, 'description');
      const model = str(flags, 'model');
      const body = {
        name,
        ...(story ? { backstory: story } : {}),
        ...(description ? { description } : {}),
        ...(model ? { model } : {}),
      };
      return data(api.POST('/admin/v1/tenants/{tenantId}/bots', { ...tenant(input.args[0]!), body }));
    },
  },
  'sites list': {
    args: ['tenant-id'],
    flags: {},
    summary: "List a tenant's sites",
    run: (api, { args: [id] }) => data(api.GET('/admin/v1/tenants/{tenantId}/sites', tenant(id!))),
  },
  'sites create': {
    args: ['tenant-id'],
    flags: SITE_FLAGS,
    summary: 'Create a site: --name, --origin (repeat), --bot; prints the snippet to paste',
    run: (api, { args: [id], flags }) => {
      const { name, allowedOrigins, botId, theme: t, translations: tr, ...rest } = siteFields(flags);
      if (!name || !allowedOrigins || !botId) throw new UsageError('--name, --origin and --bot are required');
      const body = {
        name,
        allowedOrigins,
        botId,
        ...rest,
        ...(t ? { theme: t as Schemas['Theme'] } : {}),
        ...(tr ? { translations: tr as Schemas['Translations'] } : {}),
      };
      return data(api.POST('/admin/v1/tenants/{tenantId}/sites', { ...tenant(id!), body }));
    },
  },
  'sites get': {
    args: ['site-id'],
    flags: {},
    summary: 'Show a site',
    run: (api, { args: [id] }) => data(api.GET('/admin/v1/sites/{siteId}', site(id!))),
  },
  'sites update': {
    args: ['site-id'],
    flags: { ...SITE_FLAGS, status: 'string' },
    summary:
      'Change a site; only what is named changes (--theme and --translations are JSON merge patches: null removes a setting)',
    details: [
      'The change is a JSON merge patch (RFC 7396): what no flag names keeps its value.',
      '--theme takes a JSON object and changes only the settings it names:',
      `  --theme '{"accentColor":"#112233"}'  new accent color; the radius and every other setting stay`,
      `  --theme '{"radius":null}'            null removes a setting (its default applies again)`,
      '--translations does the same for the title, subtitle, greeting and prompts per language (by language tag):',
      `  --translations '{"fr":{"greeting":"Bonjour !"}}'  the French greeting; every other text stays`,
      `  --translations '{"fr":{"title":null}}'            null removes a text (the site's own shows again)`,
      `  --translations '{"fr":null}'                      removes the language`,
      '--origin and --prompt replace their whole list (repeat the flag for each entry); --subtitle none, --greeting none and --locale none clear them.',
      "--identity-required yes|no: only signed-in visitors can chat; --identity-adopt yes|no: a conversation started before signing in becomes the user's.",
    ],
    run: (api, { args: [id], flags }) => {
      const s = status(str(flags, 'status'));
      const body = { ...siteFields(flags), ...(s ? { status: s } : {}) };
      return data(
        api.PATCH('/admin/v1/sites/{siteId}', {
          ...site(id!),
          body,
          headers: { 'content-type': 'application/merge-patch+json' },
        }),
      );
    },
  },
  'sites suspend': {
    args: ['site-id'],
    flags: {},
    summary: 'Suspend a site: its sessions stop at once',
    run: (api, { args: [id] }) => siteStatus(id!, 'suspended', api),
  },
  'sites activate': {
    args: ['site-id'],
    flags: {},
    summary: 'Reactivate a site',
    run: (api, { args: [id] }) => siteStatus(id!, 'active', api),
  },
  'sites rotate-key': {
    args: ['site-id'],
    flags: {},
    summary: 'Give a site a new key; the old key stops working at once',
    run: (api, { args: [id] }) => data(api.POST('/admin/v1/sites/{siteId}/rotate-key', site(id!))),
  },
  'sites identity-secret': {
    args: ['site-id'],
    flags: { grace: 'string' },
    summary:
      "A new secret for signing visitors' identity tokens, shown once; earlier secrets keep verifying for --grace seconds (default 86400)",
    details: [
      "The site's backend signs an HS256 JWT for its signed-in user with this secret (its text is the HMAC key): see docs/identity.md.",
      '--grace 0 stops the earlier secrets at once; at most 604800 (7 days).',
    ],
    run: (api, { args: [id], flags }) => {
      const grace = graceSeconds(str(flags, 'grace'));
      return data(
        api.POST('/admin/v1/sites/{siteId}/identity-secret', {
          ...site(id!),
          body: grace === undefined ? {} : { graceSeconds: grace },
        }),
      );
    },
  },
  'sites identity-keys': {
    args: ['site-id'],
    flags: {},
    summary: "List a site's identity keys that verify now (never a secret)",
    run: (api, { args: [id] }) => data(api.GET('/admin/v1/sites/{siteId}/identity-keys', site(id!))),
  },
  'sites identity-key-add': {
    args: ['site-id'],
    flags: { alg: 'string', 'public-key-file': 'file' },
    summary: "Register the customer's public key for identity tokens: --alg EdDSA|ES256 --public-key-file key.pem",
    details: ['The file is an SPKI PEM (-----BEGIN PUBLIC KEY-----): Ed25519 for EdDSA, P-256 for ES256.'],
    run: (api, { args: [id], flags, files }) => {
      const alg = identityAlg(str(flags, 'alg'));
      const publicKey = files['public-key-file'];
      if (!alg || publicKey === undefined) throw new UsageError('--alg and --public-key-file are required');
      return data(api.POST('/admin/v1/sites/{siteId}/identity-keys', { ...site(id!), body: { alg, publicKey } }));
    },
  },
  'sites identity-key-remove': {
    args: ['site-id', 'kid'],
    flags: {},
    summary: 'Stop accepting identity tokens signed with this key, at once',
    run: async (api, { args: [id, kid] }) => {
      const call = api.DELETE('/admin/v1/sites/{siteId}/identity-keys/{kid}', { params: { path: { siteId: id!, kid: kid! } } });
      // 204 has no body: only a refusal goes through `data` (which turns it into the CLI's error).
      if (!(await call).response.ok) await data(call);
      return { removed: kid };
    },
  },
  'usage show': {
    args: ['tenant-id'],
    flags: { from: 'string', to: 'string', site: 'string' },
    summary: 'Sessions, conversations, messages, answers and ratings per day (default: the last 30 days; --site for one site)',
    run: (api, { args: [id], flags }) => {
      const from = str(flags, 'from');
      const to = str(flags, 'to');
      const siteId = str(flags, 'site');
      const query = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(siteId ? { siteId } : {}) };
      return data(api.GET('/admin/v1/tenants/{tenantId}/usage', { params: { path: { tenantId: id! }, query } }));
    },
  },
  'keys list': {
    args: [],
    flags: {},
    summary: 'List signing keys',
    run: (api) => data(api.GET('/admin/v1/signing-keys')),
  },
  'keys rotate': {
    args: [],
    flags: {},
    summary: 'Start signing with a new key; the previous one keeps verifying its tokens',
    run: (api) => data(api.POST('/admin/v1/signing-keys/rotate')),
  },
  'operators invite': {
    args: [],
    flags: { email: 'string' },
    summary: "Invite an operator (someone of the partner's team) to the portal: prints a one-use sign-up link",
    details: ['The first operator comes from here; operators invite the next ones from the console.'],
    run: (api, { flags }) => {
      const email = str(flags, 'email');
      if (!email) throw new UsageError('--email is required');
      return data(api.POST('/admin/v1/operators', { body: { email } }));
    },
  },
  'operators list': {
    args: [],
    flags: {},
    summary: 'List operators',
    run: (api) => data(api.GET('/admin/v1/operators')),
  },
  'members list': {
    args: ['tenant-id'],
    flags: {},
    summary: "List a tenant's members",
    run: (api, { args: [id] }) => data(api.GET('/admin/v1/tenants/{tenantId}/members', tenant(id!))),
  },
  'members invite': {
    args: ['tenant-id'],
    flags: { email: 'string', role: 'string' },
    summary: 'Invite a member of the tenant to its portal (--role owner, editor or viewer): prints a one-use link valid 7 days',
    run: (api, { args: [id], flags }) => {
      const email = str(flags, 'email');
      const role = str(flags, 'role') ?? 'viewer';
      if (!email) throw new UsageError('--email is required');
      if (role !== 'owner' && role !== 'editor' && role !== 'viewer')
        throw new UsageError('--role must be owner, editor or viewer');
      return data(api.POST('/admin/v1/tenants/{tenantId}/members', { ...tenant(id!), body: { email, role } }));
    },
  },
  'members login-link': {
    args: ['tenant-id', 'member-id'],
    flags: {},
    summary: 'A link that signs the member straight in to the portal: one use, valid 5 minutes',
    run: (api, { args: [id, memberId] }) =>
      data(api.POST('/admin/v1/tenants/{tenantId}/login-links', { ...tenant(id!), body: { memberId: memberId! } })),
  },
  onboard: {
    args: [],
    flags: {
      name: 'string',
      origin: 'multiple',
      backstory: 'string',
      'backstory-file': 'file',
      title: 'string',
      subtitle: 'string',
      greeting: 'string',
      prompt: 'multiple',
    },
    summary: 'Tenant + bot + site in one step, all or nothing: --name, --origin (repeat), --backstory(-file)',
    details: [
      'The service creates the tenant (and its ChatBotKit sub-account), the bot and the site, or, when a step fails,',
      'removes what it had created: a failed onboarding leaves nothing behind and can simply be run again.',
    ],
    run: (api, input) => {
      const { flags } = input;
      const name = str(flags, 'name');
      const allowedOrigins = origins(flags);
      if (!name || !allowedOrigins) throw new UsageError('--name and --origin are required');
      const story = backstory(input.flags, input.files);
      const body = { tenant: { name }, bot: story ? { backstory: story } : {}, site: { allowedOrigins, ...texts(flags) } };
      return data(api.POST('/admin/v1/onboardings', { body }));
    },
  },
};
