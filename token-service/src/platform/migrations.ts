/**
 * The one migration set, in PostgreSQL's dialect, for PGlite and PostgreSQL alike. Applied at start
 * inside a transaction that holds an advisory lock, so replicas starting together migrate once.
 * Append new migrations; never edit an applied one.
 */
import type { Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'tenants, sites, conversations, usage, signing keys',
    sql: `
      CREATE TABLE tenants (
        id text PRIMARY KEY,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'suspended')),
        upstream_user_id text NOT NULL UNIQUE,
        messages_per_day bigint,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        deleted_at bigint
      );

      CREATE TABLE sites (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id),
        site_key text NOT NULL UNIQUE,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'suspended')),
        allowed_origins jsonb NOT NULL,
        bot_id text NOT NULL,
        theme jsonb NOT NULL,
        title text NOT NULL,
        greeting text,
        starter_prompts jsonb NOT NULL,
        locale text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE INDEX sites_tenant_idx ON sites (tenant_id, created_at);

      CREATE TABLE conversations (
        id text PRIMARY KEY,
        site_id text NOT NULL REFERENCES sites (id),
        tenant_id text NOT NULL REFERENCES tenants (id),
        visitor_id text NOT NULL,
        upstream_id text NOT NULL,
        created_at bigint NOT NULL,
        last_message_at bigint,
        preview text
      );
      CREATE INDEX conversations_visitor_idx ON conversations (site_id, visitor_id, created_at DESC);

      CREATE TABLE usage_daily (
        tenant_id text NOT NULL REFERENCES tenants (id),
        day text NOT NULL,
        sessions bigint NOT NULL DEFAULT 0,
        conversations bigint NOT NULL DEFAULT 0,
        messages bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, day)
      );

      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        alg text NOT NULL,
        private_jwk jsonb NOT NULL,
        public_jwk jsonb NOT NULL,
        created_at bigint NOT NULL,
        retired_at bigint
      );
    `,
  },
  {
    version: 2,
    name: 'the portal: accounts, memberships, sign-in links, portal sessions, passkeys, audit log, brand',
    sql: `
      CREATE TABLE accounts (
        id text PRIMARY KEY,
        email text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('operator', 'member')),
        password_hash text,
        created_at bigint NOT NULL,
        last_sign_in_at bigint,
        removed_at bigint
      );

      CREATE TABLE memberships (
        id text PRIMARY KEY,
        account_id text NOT NULL REFERENCES accounts (id),
        tenant_id text NOT NULL REFERENCES tenants (id),
        role text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        created_at bigint NOT NULL,
        UNIQUE (account_id, tenant_id)
      );
      CREATE INDEX memberships_tenant_idx ON memberships (tenant_id, created_at);

      CREATE TABLE sign_in_links (
        token_hash text PRIMARY KEY,
        purpose text NOT NULL CHECK (purpose IN ('invite', 'login', 'email')),
        account_id text NOT NULL REFERENCES accounts (id),
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint
      );
      CREATE INDEX sign_in_links_account_idx ON sign_in_links (account_id);

      CREATE TABLE portal_sessions (
        id_hash text PRIMARY KEY,
        account_id text NOT NULL REFERENCES accounts (id),
        created_at bigint NOT NULL,
        last_seen_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        revoked_at bigint
      );
      CREATE INDEX portal_sessions_account_idx ON portal_sessions (account_id);

      CREATE TABLE passkeys (
        id text PRIMARY KEY,
        account_id text NOT NULL REFERENCES accounts (id),
        credential_id text NOT NULL UNIQUE,
        public_key bytea NOT NULL,
        counter bigint NOT NULL,
        transports jsonb NOT NULL,
        name text NOT NULL,
        created_at bigint NOT NULL,
        last_used_at bigint
      );
      CREATE INDEX passkeys_account_idx ON passkeys (account_id);

      CREATE TABLE webauthn_challenges (
        id text PRIMARY KEY,
        challenge text NOT NULL,
        account_id text,
        expires_at bigint NOT NULL
      );

      CREATE TABLE audit_log (
        seq bigserial PRIMARY KEY,
        at bigint NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        tenant_id text,
        ip text,
        details jsonb NOT NULL
      );
      CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, seq DESC);
      -- Append-only: the store itself refuses to change or remove an entry.
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

      CREATE TABLE brand (
        id integer PRIMARY KEY CHECK (id = 1),
        settings jsonb NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE TABLE brand_images (
        slot text PRIMARY KEY,
        content_type text NOT NULL,
        bytes bytea NOT NULL,
        digest text NOT NULL,
        updated_at bigint NOT NULL
      );

      -- The console's customer table: each tenant's last activity without a scan.
      CREATE INDEX conversations_tenant_activity_idx ON conversations (tenant_id, last_message_at);
    `,
  },
  {
    version: 3,
    name: "the customer's space: the conversations inbox, the installation check",
    sql: `
      ALTER TABLE conversations ADD COLUMN message_count integer NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN outcome text CHECK (outcome IN ('answered', 'interrupted', 'error'));
      ALTER TABLE conversations ADD COLUMN first_question text;
      CREATE INDEX conversations_inbox_idx ON conversations (tenant_id, created_at DESC, id DESC);

      CREATE TABLE site_origins (
        site_id text NOT NULL REFERENCES sites (id),
        origin text NOT NULL,
        first_seen_at bigint NOT NULL,
        last_seen_at bigint NOT NULL,
        loads bigint NOT NULL,
        PRIMARY KEY (site_id, origin)
      );
    `,
  },
  {
    version: 4,
    name: 'the inbox filtered by outcome or by site, in index order',
    sql: `
      CREATE INDEX conversations_inbox_outcome_idx ON conversations (tenant_id, outcome, created_at DESC, id DESC);
      CREATE INDEX conversations_inbox_site_idx ON conversations (tenant_id, site_id, created_at DESC, id DESC);
    `,
  },
  {
    version: 5,
    name: "visitors' ratings of answers",
    sql: `
      CREATE TABLE message_feedback (
        conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        message_id text NOT NULL,
        rating text NOT NULL CHECK (rating IN ('up', 'down')),
        comment text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (conversation_id, message_id)
      );
      ALTER TABLE conversations ADD COLUMN down_ratings integer NOT NULL DEFAULT 0;
      CREATE INDEX conversations_inbox_rated_down_idx ON conversations (tenant_id, created_at DESC, id DESC) WHERE down_ratings > 0;
    `,
  },
  {
    version: 6,
    name: 'usage per site: answers completed and failed, thumbs up and down',
    sql: `
      -- usage_daily stays the tenant's total (and the daily quota's atomic counter); this table
      -- splits the same day by site and adds what the home screen shows beside it.
      CREATE TABLE usage_site_daily (
        tenant_id text NOT NULL REFERENCES tenants (id),
        site_id text NOT NULL REFERENCES sites (id),
        day text NOT NULL,
        sessions bigint NOT NULL DEFAULT 0,
        conversations bigint NOT NULL DEFAULT 0,
        messages bigint NOT NULL DEFAULT 0,
        answers_completed bigint NOT NULL DEFAULT 0,
        answers_failed bigint NOT NULL DEFAULT 0,
        thumbs_up bigint NOT NULL DEFAULT 0,
        thumbs_down bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, day, site_id)
      );
    `,
  },
  {
    version: 7,
    name: "a site's title, greeting and starter prompts per locale",
    sql: `
      ALTER TABLE sites ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'::jsonb;
    `,
  },
  {
    version: 8,
    name: "a site's subtitle (the line under the title in the widget's header)",
    sql: `
      ALTER TABLE sites ADD COLUMN subtitle text;
    `,
  },
  {
    version: 9,
    name: 'signed-in visitors: identity keys per site, and the user behind a visitor id',
    sql: `
      ALTER TABLE sites ADD COLUMN identity_required boolean NOT NULL DEFAULT false,
                        ADD COLUMN identity_adopt boolean NOT NULL DEFAULT true;
      -- The keys a site's identity tokens are verified with: HMAC secrets we generated (kind
      -- 'secret') or the customer's public keys (kind 'public'); a rotated-out secret verifies
      -- until retires_at.
      CREATE TABLE site_identity_keys (
        kid text PRIMARY KEY,
        site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('secret', 'public')),
        alg text NOT NULL CHECK (alg IN ('HS256', 'EdDSA', 'ES256')),
        secret text,
        public_key text,
        created_at bigint NOT NULL,
        retires_at bigint
      );
      CREATE INDEX site_identity_keys_site_idx ON site_identity_keys (site_id);
      -- One visitor id per (site, user): the same user on any device is the same visitor.
      CREATE TABLE visitor_identities (
        visitor_id text PRIMARY KEY,
        site_id text NOT NULL,
        subject text NOT NULL,
        name text,
        email text,
        contact_id text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        UNIQUE (site_id, subject)
      );
    `,
  },
];

// An arbitrary constant naming Tessera's migration lock among other advisory locks on a shared server.
const MIGRATION_LOCK = 0x7e55e7a;

export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
