/**
 * 6. The partner's console at scale: with 1,000 tenants (each with a site) and 100,000
 * conversations in the store, every console API call the portal makes, in process (`app.request`,
 * no socket), on PGlite and on PostgreSQL. p95 of each call, next to two baselines timed the same
 * way in the same run and store: `GET /healthz` (the floor: the HTTP layer alone) and the admin
 * API's full tenant list (one plain query over the 1,000 tenants). Target: p95 <= 50 ms.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  createApp,
  createLogger,
  createService,
  type Db,
  loadConfig,
  migrate,
  openPglite,
  openPostgres,
} from '@tessera/token-service';
import { percentile, round, type Row } from './stats.js';

const TENANTS = 1000;
/** The customer with 100,000 conversations of its own. */
const BIG = 'tn_big0000000000000000000';
const CONVERSATIONS = 100_000;
const TARGET_MS = 50;
const ADMIN = `adm_${randomBytes(20).toString('hex')}`;

/** The world, written straight to the store in a few set-based statements (seconds, not minutes). */
async function seed(db: Db) {
  const now = Date.now();
  const day = (back: number) => new Date(now - back * 86_400_000).toISOString().slice(0, 10);
  await db.query(
    `INSERT INTO tenants (id, name, status, upstream_user_id, messages_per_day, created_at, updated_at)
     SELECT 'tn_' || lpad(i::text, 22, '0'), 'Customer ' || lpad(i::text, 4, '0'),
            CASE WHEN i % 50 = 0 THEN 'suspended' ELSE 'active' END, 'user-' || i,
            CASE WHEN i % 3 = 0 THEN NULL ELSE 1000 END, $1::bigint - i * 1000, $1::bigint
       FROM generate_series(1, ${TENANTS}) i`,
    [now],
  );
  await db.query(
    `INSERT INTO sites (id, tenant_id, site_key, name, status, allowed_origins, bot_id, theme, title, starter_prompts, created_at, updated_at)
     SELECT 'st_' || lpad(i::text, 22, '0'), 'tn_' || lpad(i::text, 22, '0'), 'pk_' || lpad(i::text, 22, '0'),
            'site ' || i, 'active', '["https://shop.example"]', 'bot-' || i, '{}', 'Help', '[]', $1::bigint, $1::bigint
       FROM generate_series(1, ${TENANTS}) i`,
    [now],
  );
  await db.query(
    `INSERT INTO conversations (id, site_id, tenant_id, visitor_id, upstream_id, created_at, last_message_at, preview)
     SELECT 'cv_' || lpad(i::text, 22, '0'), 'st_' || lpad((1 + i % ${TENANTS})::text, 22, '0'),
            'tn_' || lpad((1 + i % ${TENANTS})::text, 22, '0'), 'vi_' || lpad((i % 20000)::text, 22, '0'),
            'up-' || i, $1::bigint - i::bigint * 60000, $1::bigint - i::bigint * 30000, 'Do you repair e-bikes?'
       FROM generate_series(1, ${CONVERSATIONS}) i`,
    [now],
  );
  // One big customer: 100,000 conversations of its own and 90 days of usage (the customer's space).
  await db.query(
    `INSERT INTO tenants (id, name, status, upstream_user_id, created_at, updated_at)
     VALUES ('${BIG}', 'Big Customer', 'active', 'user-big', $1::bigint, $1::bigint)`,
    [now],
  );
  await db.query(
    `INSERT INTO sites (id, tenant_id, site_key, name, status, allowed_origins, bot_id, theme, title, starter_prompts, created_at, updated_at)
     VALUES ('st_big0000000000000000000', '${BIG}', 'pk_big0000000000000000000', 'big.example', 'active',
             '["https://big.example"]', 'bot-big', '{}', 'Help', '[]', $1::bigint, $1::bigint)`,
    [now],
  );
  await db.query(
    `INSERT INTO conversations (id, site_id, tenant_id, visitor_id, upstream_id, created_at, last_message_at, preview,
                                message_count, outcome, first_question)
     SELECT 'cv_b' || lpad(i::text, 21, '0'), 'st_big0000000000000000000', '${BIG}', 'vi_' || lpad((i % 30000)::text, 22, '0'),
            'upb-' || i, $1::bigint - i::bigint * 30000, $1::bigint - i::bigint * 29000, 'We are open 9 to 5.',
            2 + i % 9, (ARRAY['answered', 'answered', 'answered', 'interrupted', 'error'])[1 + i % 5],
            'Question ' || i || ': when are you open?'
       FROM generate_series(1, ${CONVERSATIONS}) i`,
    [now],
  );
  for (let back = 0; back < 90; back++) {
    await db.query(
      `INSERT INTO usage_daily (tenant_id, day, sessions, conversations, messages) VALUES ('${BIG}', $1, 400, 120, 900)`,
      [day(back)],
    );
    await db.query(
      `INSERT INTO usage_site_daily (tenant_id, site_id, day, sessions, conversations, messages, answers_completed, answers_failed, thumbs_up, thumbs_down)
       VALUES ('${BIG}', 'st_big0000000000000000000', $1, 400, 120, 900, 850, 50, 60, 12)`,
      [day(back)],
    );
  }
  for (let back = 0; back < 14; back++) {
    await db.query(
      `INSERT INTO usage_daily (tenant_id, day, sessions, conversations, messages)
       SELECT 'tn_' || lpad(i::text, 22, '0'), $1, i % 40, i % 20, (i * 7 + $2) % 300 FROM generate_series(1, ${TENANTS}) i`,
      [day(back), back],
    );
  }
}

interface Call {
  name: string;
  path: string;
  baseline?: boolean;
  admin?: boolean;
}

const CALLS: Call[] = [
  { name: 'baseline: GET /healthz', path: '/healthz', baseline: true },
  { name: 'baseline: admin tenant list (1,000)', path: '/admin/v1/tenants', baseline: true, admin: true },
  { name: 'customers, by name', path: '/portal/api/customers' },
  { name: 'customers, by messages today', path: '/portal/api/customers?sort=messagesToday&dir=desc' },
  { name: 'customers, by last activity', path: '/portal/api/customers?sort=lastActivityAt&dir=desc' },
  { name: 'customers, search, page 2', path: '/portal/api/customers?q=Customer%2005&page=2&pageSize=10' },
  { name: "a customer's page", path: '/portal/api/tenants/tn_0000000000000000000500' },
  { name: "a customer's members", path: '/portal/api/tenants/tn_0000000000000000000500/members' },
  { name: 'audit log', path: '/portal/api/audit' },
  { name: 'operators', path: '/portal/api/operators' },
  { name: 'who am I', path: '/portal/api/me' },
  { name: 'brand', path: '/portal/api/brand' },
  { name: 'space: inbox, first page (100k conversations)', path: `/portal/api/tenants/${BIG}/conversations` },
  { name: 'space: inbox, page at row 50,000', path: `/portal/api/tenants/${BIG}/conversations?cursor={deep}` },
  { name: 'space: inbox, outcome filter', path: `/portal/api/tenants/${BIG}/conversations?outcome=error` },
  { name: 'space: inbox, outcome filter, deep', path: `/portal/api/tenants/${BIG}/conversations?outcome=error&cursor={deep}` },
  { name: 'space: usage, 90 days', path: `/portal/api/tenants/${BIG}/usage?from={from90}` },
];

async function measure(db: Db, label: string, runs: number) {
  const logger = createLogger('silent');
  const config = loadConfig({
    CHATBOTKIT_TOKEN: 'sk-bench-token',
    CHATBOTKIT_API_URL: 'http://127.0.0.1:9', // never called: no console call here reaches ChatBotKit
    TESSERA_ADMIN_TOKEN: ADMIN,
    RATE_SIGN_INS_PER_IP_PER_HOUR: '100000',
  });
  const service = await createService({ config, logger, db, defaultMetrics: false });
  const app = createApp(service);
  try {
    // An operator, signed in the way a person is: an invite link used.
    const invite = await service.members.inviteOperator('bench-op@partner.example');
    const opened = await service.signIn.useLink(invite.inviteUrl.split('/').pop()!);
    // Some audit history and members to list.
    for (let i = 0; i < 50; i++) {
      await service.members.invite('tn_0000000000000000000500', { email: `m${i}@customer.example`, role: 'viewer' });
    }
    const headers = { cookie: `__Host-portal=${opened.cookie}`, origin: config.portal.origins[0]! };
    // A cursor deep in the big customer's inbox: the row at position 50,000, newest first.
    const [deep] = await db.query<{ created_at: number; id: string }>(
      `SELECT created_at, id FROM conversations WHERE tenant_id = '${BIG}' ORDER BY created_at DESC, id DESC OFFSET 50000 LIMIT 1`,
    );
    const vars: Record<string, string> = {
      deep: `${deep!.created_at}.${deep!.id}`,
      from90: new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10),
    };
    const rows: Row[] = [];
    const raw: Record<string, unknown> = {};
    for (const call of CALLS) {
      const init = { headers: call.admin ? { authorization: `Bearer ${ADMIN}` } : headers };
      const path = call.path.replace(/\{(\w+)\}/g, (_, k: string) => vars[k]!);
      for (let i = 0; i < 20; i++) await app.request(path, init); // warm up (JIT, caches, plans)
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const res = await app.request(path, init);
        await res.arrayBuffer();
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      }
      const p95 = percentile(times, 95);
      raw[call.name] = { p50: percentile(times, 50), p95, runs };
      rows.push({
        benchmark: `console (${label})`,
        metric: `${call.name} p95 (p50)`,
        value: `${round(p95, 2)} ms (${round(percentile(times, 50), 2)})`,
        target: call.baseline ? 'baseline' : `<= ${TARGET_MS} ms`,
        met: call.baseline ? null : p95 <= TARGET_MS,
      });
    }
    return { rows, raw };
  } finally {
    await service.close();
  }
}

export async function benchConsole(opts: { runs: number; postgresUrl?: string }) {
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};

  const lite = await openPglite({});
  await migrate(lite);
  await seed(lite);
  const a = await measure(lite, `PGlite, ${TENANTS} tenants, ${CONVERSATIONS / 1000}k conversations`, opts.runs);
  rows.push(...a.rows);
  raw.pglite = a.raw;
  await lite.close();

  const server = opts.postgresUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `tessera_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  try {
    await admin.connect();
  } catch {
    rows.push({ benchmark: 'console (PostgreSQL)', metric: 'skipped', value: `no server at ${server}`, target: '', met: null });
    return { rows, raw };
  }
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(server);
    url.pathname = `/${name}`;
    const db = openPostgres(url.toString());
    await migrate(db);
    await seed(db);
    await db.query('ANALYZE');
    const b = await measure(db, `PostgreSQL, ${TENANTS} tenants, ${CONVERSATIONS / 1000}k conversations`, opts.runs);
    rows.push(...b.rows);
    raw.postgres = b.raw;
    await db.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  return { rows, raw };
}
