/** Human-readable CLI output: tables for lists, `key: value` lines for one object. */

type Row = Record<string, unknown>;

const COLUMNS: Record<string, string[]> = {
  tenant: ['id', 'name', 'status', 'quotas'],
  site: ['id', 'siteKey', 'name', 'status', 'allowedOrigins'],
  bot: ['id', 'name', 'model'],
  key: ['kid', 'alg', 'status', 'source'],
  identityKey: ['kid', 'kind', 'alg', 'createdAt', 'retiresAt'],
  usage: ['day', 'sessions', 'conversations', 'messages', 'answersCompleted', 'answersFailed', 'thumbsUp', 'thumbsDown'],
  usageSite: [
    'siteId',
    'name',
    'sessions',
    'conversations',
    'messages',
    'answersCompleted',
    'answersFailed',
    'thumbsUp',
    'thumbsDown',
  ],
  member: ['id', 'email', 'role', 'status'],
  operator: ['id', 'email', 'status'],
};

function cell(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') {
    return Object.entries(v as Row)
      .map(([k, x]) => `${k}=${x ?? 'none'}`)
      .join(' ');
  }
  if (typeof v === 'number' && v > 1e12) return new Date(v).toISOString();
  return String(v);
}

function table(rows: Row[], columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

function kindOf(name: string): string {
  if (name.startsWith('tenants')) return 'tenant';
  if (name.startsWith('sites identity')) return 'identityKey';
  if (name.startsWith('sites')) return 'site';
  if (name.startsWith('bots')) return 'bot';
  if (name.startsWith('keys')) return 'key';
  if (name.startsWith('members')) return 'member';
  if (name.startsWith('operators')) return 'operator';
  return 'usage';
}

function object(o: Row): string {
  const lines = Object.entries(o)
    .filter(([k]) => k !== 'embedSnippet')
    .map(([k, v]) => `${k}: ${cell(v)}`);
  if (typeof o.embedSnippet === 'string') lines.push('', 'Paste this into every page of the site:', `  ${o.embedSnippet}`);
  if (typeof o.secret === 'string') lines.push('', 'Keep this secret on your servers: it is not shown again.');
  const link = o.inviteUrl ?? o.url;
  if (typeof link === 'string') lines.push('', 'Send this link (it works once):', `  ${link}`);
  return lines.join('\n');
}

export function render(name: string, result: unknown): string {
  const r = result as Row;
  if (name === 'onboard') {
    const { tenant, bot, site } = r as { tenant: Row; bot: Row; site: Row };
    return [`tenant  ${tenant.id}  ${tenant.name}`, `bot     ${bot.id}`, '', object(site)].join('\n');
  }
  if (name === 'usage show') {
    const sites = (r.sites as { siteId: string; name: string; totals: Row }[]).map((s) => ({
      siteId: s.siteId,
      name: s.name,
      ...s.totals,
    }));
    return `${table(r.days as Row[], COLUMNS.usage!)}\n\ntotals  ${cell(r.totals)}\n\n${table(sites, COLUMNS.usageSite!)}`;
  }
  if (Array.isArray(r.items)) return table(r.items as Row[], COLUMNS[kindOf(name)]!);
  return object(r);
}
