#!/usr/bin/env node
/**
 * Mutation check for the token service's security checks: proves that each check has a test that
 * fails when the check is removed (docs/security.md rule 10; results in docs/security-checks.md).
 *
 * Keyed to markers, not to exact source: the line(s) that implement a check carry a short comment
 * `// check: <id>` (or `/* check: <id> *\/` inside a line, where a trailing comment would not stay on
 * its line), several ids separated by commas. The script scans the service's and the protocol's
 * sources for markers, and each mutation below names the marker it works on (its `at`, by default
 * its own id) and what it does there:
 *   remove: true            delete every marked line (for `if (...) throw ...;` that removes the check)
 *   replace: [find, to]     within each marked line only (never its marker comment), replace `find`
 *                           (a plain string, or a RegExp) by `to`; several pairs `[[find, to], ...]`
 *                           when a check lives in several places: each marked line takes the first
 *                           pair whose `find` it contains
 * A check that lives in two places at once marks both lines with the same id; its mutation changes
 * both (each alone is masked by the other: see MASKED). Then it runs the one covering test
 * (`pnpm exec vitest run <file> -t <name>` in the test file's package) and expects it to FAIL. The
 * original files are always written back (finally, process exit, SIGINT/SIGTERM/SIGHUP).
 *
 * Table fields: id, check (one line), where (file and function, for the docs), at (marker id,
 * default id), remove | replace, test { file (relative to the repo root), name (a literal part of
 * the test's full name; regex-escaped for vitest -t) }, optional timeoutSeconds.
 *
 * Verdicts. A mutation is "caught" only if the test run exited non-zero AND at least one test
 * matching the name ran (vitest's JSON report): a mutation that breaks loading or a name that
 * matches no test is reported as such, never as caught. STALE MUTATION: its marker is found
 * nowhere, a `find` is in none of the marked lines (or twice in one), or a marked line would stay as
 * it is. Before anything runs, a marker whose id no table entry uses, or a covering test file
 * without a `// Check: <id>` comment naming its check, is an error. Exit code 0 only if every
 * selected mutation was caught (with --masked: survived).
 *
 * Usage: node scripts/mutation-check.mjs [--list] [--only id,id,...] [--baseline] [--masked] [--timeout s] [--verbose]
 *   --list      print the mutations, their marked lines and whether each still applies; run nothing
 *   --only      run only these mutation ids
 *   --baseline  first run each selected test unmutated: it must pass (proves the test is green)
 *   --masked    run the MASKED table instead: single layers of a layered check, each expected to
 *               SURVIVE (the test still passes); documents why those layers have no test of their own
 *   --timeout   seconds per test run (default 240)
 *   --verbose   stream vitest's output instead of writing it to a log file
 *
 * It refuses to run when `git status --porcelain` shows changes in any file it would mutate, so it
 * never overwrites someone's edit (and `git checkout -- <file>` is always a safe recovery). It works
 * from any working copy: paths are relative to this script's own location. In-memory test files
 * (under src/, without the test database or the stack) run without the package's global setup
 * (which builds a PGlite template for the integration tests): about 1.5 s a run instead of 7.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/** Where markers are looked for: the sources (not the tests) of these directories. */
const SCAN = ['token-service/src', 'packages-shared/protocol/src'];
const TS = 'token-service/src';
const IT = 'token-service/test/integration';
const PROTOCOL = 'packages-shared/protocol/src';

const MUTATIONS = [
  // ---------------------------------------------------------------- origins and CORS
  {
    id: 'origin-exact-match',
    check: "an origin is allowed only when it is exactly on the site's list (no prefix, suffix or look-alike)",
    where: 'sites/public-config.ts isOriginAllowed',
    replace: ['site.allowedOrigins.includes(origin)', 'site.allowedOrigins.some((o) => origin.startsWith(o))'],
    test: { file: `${TS}/http/middleware/site.test.ts`, name: 'no CORS header, only Vary' },
  },
  {
    id: 'origin-allowlist-mint',
    check: 'sessions are minted only for an Origin on the site allow-list',
    where: 'sessions/session-service.ts SessionService.open',
    remove: true,
    test: { file: `${IT}/origins.test.ts`, name: 'with 403 and no token, no CORS headers' },
  },
  {
    id: 'preflight-strangers',
    check: 'a preflight from an origin not on the list is refused (403, no CORS headers)',
    where: 'http/middleware/site.ts siteGate',
    remove: true,
    test: {
      file: `${TS}/http/middleware/site.test.ts`,
      name: 'answers a stranger 403 origin_not_allowed without any CORS header',
    },
  },
  {
    id: 'cors-allowed-origins-only',
    check: 'CORS headers are given only to an allowed origin',
    where: 'http/middleware/site.ts siteGate',
    replace: ['!isOriginAllowed(site, origin)', 'origin === undefined'],
    test: { file: `${TS}/http/middleware/site.test.ts`, name: 'no CORS header, only Vary' },
  },
  {
    id: 'cors-fixed-headers',
    check: 'CORS allows a fixed list of request headers, never reflects the requested ones',
    where: 'http/middleware/site.ts siteGate (preflight answer)',
    replace: [
      "'Authorization,Content-Type,Last-Event-ID'",
      "c.req.header('access-control-request-headers') ?? 'Authorization,Content-Type,Last-Event-ID'",
    ],
    test: {
      file: `${TS}/http/middleware/site.test.ts`,
      name: 'answers an allowed origin 204 with the fixed methods and headers',
    },
  },
  {
    id: 'cors-no-wildcard',
    check: 'CORS echoes the exact allowed origin, never `*`',
    where: 'http/middleware/site.ts siteGate',
    replace: ['= origin;', "= '*';"],
    test: { file: `${TS}/http/middleware/site.test.ts`, name: 'gives an allowed origin exactly its own origin' },
  },
  {
    id: 'cors-no-credentials',
    check: 'CORS never allows credentials',
    where: 'http/middleware/site.ts siteGate',
    replace: ['= origin;', "= origin; headers['access-control-allow-credentials'] = 'true';"],
    test: {
      file: `${TS}/http/middleware/site.test.ts`,
      name: 'answers an allowed origin 204 with the fixed methods and headers',
    },
  },
  {
    id: 'cors-no-wildcard-429',
    check: "the per-IP limit's 429 echoes the exact allowed origin, never `*`",
    where: 'http/middleware/site.ts corsHeaders',
    replace: ["'access-control-allow-origin': origin,", "'access-control-allow-origin': '*',"],
    test: {
      file: `${TS}/http/middleware/limits.test.ts`,
      name: 'gives its 429 the CORS headers when the site is already cached and the origin allowed',
    },
  },
  {
    id: 'cors-429-allowed-only',
    check: "the per-IP limit's 429 gets CORS headers only for an allowed origin of an already cached site",
    where: 'http/middleware/site.ts siteGate countRequest',
    replace: ['cached && isOriginAllowed(cached, origin)', 'origin !== undefined'],
    test: {
      file: `${TS}/http/middleware/limits.test.ts`,
      name: 'gives its 429 no CORS header for an origin the site does not allow',
    },
  },
  {
    id: 'cors-readable-config-only',
    check: 'only GET config lets any page read why a site is unavailable; no other refusal is readable by a stranger',
    where: 'http/middleware/site.ts siteGate',
    replace: ["c.req.method === 'GET' && origin && c.req.path.endsWith('/config')", 'origin'],
    test: { file: `${TS}/http/middleware/site.test.ts`, name: 'lets only GET config read why the site is unavailable' },
  },
  // ---------------------------------------------------------------- sites, revocation at once
  {
    id: 'site-key-pattern',
    check: 'a site key must match its pattern before any lookup',
    where: 'http/middleware/site.ts siteGate',
    remove: true,
    test: { file: `${TS}/http/middleware/site.test.ts`, name: '404 site_not_found without a lookup' },
  },
  {
    id: 'site-suspended',
    check: "a suspended site's routes are refused",
    where: 'http/middleware/site.ts siteGate',
    replace: ["site.status !== 'active' || ", ''],
    test: { file: `${TS}/http/middleware/site.test.ts`, name: 'answers a suspended site 403 site_suspended' },
  },
  {
    id: 'tenant-suspended',
    check: "a suspended tenant's sites are refused",
    where: 'http/middleware/site.ts siteGate',
    replace: [" || site.tenantStatus !== 'active'", ''],
    test: { file: `${TS}/http/middleware/site.test.ts`, name: 'answers a site of a suspended tenant 403 site_suspended' },
  },
  {
    id: 'cache-invalidate-site-update',
    check: 'a site change (suspension, origins) invalidates the site cache at once',
    where: 'sites/site-service.ts SiteService.change',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'stops tokens and renewals when the site is suspended' },
  },
  {
    id: 'cache-invalidate-key-rotation',
    check: 'a site-key rotation invalidates the site cache at once (old key and its tokens stop)',
    where: 'sites/site-service.ts SiteService.change (rotateKey)',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'rotating the site key stops the old key and its tokens at once' },
  },
  {
    id: 'cache-invalidate-tenant-update',
    check: 'a tenant suspension invalidates its sites in the cache at once',
    where: 'tenants/tenant-service.ts TenantService.change',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'stops everything for a suspended tenant' },
  },
  {
    id: 'cache-invalidate-tenant-delete',
    check: 'a tenant deletion invalidates its sites in the cache at once',
    where: 'tenants/tenant-service.ts TenantService.change (delete)',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'stops everything at once when the tenant is deleted' },
  },
  {
    id: 'snippet-public-url',
    check: 'the embed snippet is built from the configured public URL, never anything else',
    where: 'sites/site-service.ts SiteService.view',
    replace: ['this.deps.publicUrl', "''"],
    test: { file: `${IT}/hardening.test.ts`, name: "uses the configured public URL, never the request's Host" },
  },
  // ---------------------------------------------------------------- sessions and their budget
  {
    id: 'sessions-budget-after-checks',
    check: "a session request spends the site's shared budget only after the origin and resume checks",
    where: 'sessions/session-service.ts SessionService.open (the take moved before the checks)',
    replace: [
      [
        'if (!isOriginAllowed(site, origin))',
        'const taken = this.deps.sessionsPerSite.take(site.siteKey); if (!isOriginAllowed(site, origin))',
      ],
      ['const taken = this.deps.sessionsPerSite.take(site.siteKey);', ''],
    ],
    test: { file: `${IT}/limits.test.ts`, name: 'a flood of refused session requests leaves the budget to real visitors' },
  },
  {
    id: 'limit-sessions-per-site',
    check: 'sessions per site are limited (sessionsPerSite)',
    where: 'sessions/session-service.ts SessionService.open',
    replace: ['take(site.siteKey)', 'take(`${site.siteKey}:${Math.random()}`)'],
    test: { file: `${IT}/limits.test.ts`, name: 'refuses the 4th session in a window' },
  },
  {
    id: 'resume-same-site',
    check: 'a renewal (resume) is bound to the site and tenant of the earlier token',
    where: 'sessions/session-service.ts SessionService.open',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'renews an expired token within 30 days, same site and origin only' },
  },
  {
    id: 'resume-same-origin',
    check: 'a renewal (resume) is bound to the origin of the earlier token',
    where: 'sessions/session-service.ts SessionService.open',
    replace: ['claims.origin !== origin', 'false'],
    test: { file: `${IT}/tokens.test.ts`, name: 'renews an expired token within 30 days, same site and origin only' },
  },
  {
    id: 'token-site-binding',
    check: 'a token works only on its own site and tenant (token_site_mismatch)',
    where: 'sessions/session-service.ts SessionService.authenticate',
    replace: ['claims.siteKey !== site.siteKey || claims.tenantId !== site.tenantId', 'false'],
    test: { file: `${IT}/tokens.test.ts`, name: "refuses site A's token on site B's routes (another tenant)" },
  },
  {
    id: 'token-site-key-binding',
    check: 'a token works only on its own site, also within one tenant (the site-key half of token_site_mismatch)',
    where: 'sessions/session-service.ts SessionService.authenticate',
    at: 'token-site-binding',
    replace: ['claims.siteKey !== site.siteKey || ', ''],
    test: { file: `${IT}/tokens.test.ts`, name: "refuses site A's token on another site of the same tenant" },
  },
  {
    id: 'token-origin-still-allowed',
    check: "a token's origin must still be on the site's list (an origin removed stops its tokens)",
    where: 'sessions/session-service.ts SessionService.authenticate',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'stops a token when its origin is removed from the site' },
  },
  {
    id: 'token-origin-header',
    check: "a browser's Origin header must equal the token's origin (no replay from another origin)",
    where: 'sessions/session-service.ts SessionService.authenticate',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses a token replayed from another allowed origin' },
  },
  // ---------------------------------------------------------------- token verification
  {
    id: 'token-alg-pinned',
    check: "token algorithms pinned (jwtVerify `algorithms` and keyFor's alg match; each alone masks the other)",
    where: 'sessions/tokens.ts TokenIssuer.verify, keyFor',
    replace: [
      ['algorithms: SIGNING_ALGS,', ''],
      [' || key.alg !== header.alg', ''],
    ],
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses a token validly signed under an algorithm we do not issue' },
  },
  {
    id: 'token-issuer',
    check: 'token issuer checked (jwtVerify `issuer`)',
    where: 'sessions/tokens.ts TokenIssuer.verify',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses wrong aud, iss, typ, and missing exp' },
  },
  {
    id: 'token-audience',
    check: 'token audience checked (jwtVerify `audience`)',
    where: 'sessions/tokens.ts TokenIssuer.verify',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses wrong aud, iss, typ, and missing exp' },
  },
  {
    id: 'token-typ',
    check: 'token `typ` header checked (jwtVerify `typ`)',
    where: 'sessions/tokens.ts TokenIssuer.verify',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses wrong aud, iss, typ, and missing exp' },
  },
  {
    id: 'token-exp-required',
    check: 'a token without `exp` is refused (requiredClaims, claimsOf and the lifetime bound; each masks the others)',
    where: 'sessions/tokens.ts TokenIssuer.verify, claimsOf, withinLifetime',
    replace: [
      ["'exp', ", ''],
      [" || typeof exp !== 'number'", ''],
      ['claims.expiresAt - claims.issuedAt <= this.opts.ttlSeconds * 1000 + tolerance', 'true'],
    ],
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses wrong aud, iss, typ, and missing exp' },
  },
  {
    id: 'token-size-cap',
    check: 'a token over LIMITS.token characters is refused before it is verified',
    where: 'sessions/tokens.ts TokenIssuer.verify',
    replace: ['token.length > LIMITS.token ||', ''],
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses an oversized token even when its signature is genuine' },
  },
  {
    id: 'token-expiry',
    check: 'an expired token is refused on API calls (only a renewal may use it)',
    where: 'sessions/tokens.ts TokenIssuer.verify',
    remove: true,
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses an expired token with token_expired' },
  },
  {
    id: 'token-lifetime-max',
    check: 'a validly signed token lives at most the session lifetime (exp - iat)',
    where: 'sessions/tokens.ts TokenIssuer.withinLifetime',
    replace: ['claims.expiresAt - claims.issuedAt <= this.opts.ttlSeconds * 1000 + tolerance', 'true'],
    test: { file: `${IT}/tokens.test.ts`, name: 'refuses a validly signed token that lives longer than a session' },
  },
  {
    id: 'token-iat-not-future',
    check: 'a token issued in the future is refused',
    where: 'sessions/tokens.ts TokenIssuer.withinLifetime',
    replace: ['claims.issuedAt <= this.opts.clock.now() + tolerance', 'true'],
    test: { file: `${IT}/tokens.test.ts`, name: 'or was issued in the future' },
  },
  {
    id: 'resume-window',
    check: 'a renewal is refused once the resume window after `exp` has passed',
    where: 'sessions/tokens.ts TokenIssuer.verify',
    replace: ['this.opts.clock.now() > claims.expiresAt + this.opts.resumeWindowSeconds * 1000', 'false'],
    test: { file: `${IT}/tokens.test.ts`, name: 'renews an expired token within 30 days, same site and origin only' },
  },
  // ---------------------------------------------------------------- conversation isolation
  {
    id: 'conversation-owner-visitor-cached',
    check: 'conversation ownership is bound to the visitor, from the ownership cache',
    where: 'conversations/memory.ts createOwnershipCache owned',
    replace: [' && hit.visitorId === owner.visitorId', ''],
    test: { file: `${IT}/isolation.test.ts`, name: "another visitor cannot read, list or continue a visitor's conversation" },
  },
  {
    id: 'conversation-owner-site-cached',
    check: 'conversation ownership is bound to the site, from the ownership cache',
    where: 'conversations/memory.ts createOwnershipCache owned',
    replace: ['hit.siteId === owner.siteId && ', ''],
    test: { file: `${IT}/isolation.test.ts`, name: "a visitor id valid on another site does not open this site's conversation" },
  },
  {
    id: 'conversation-owner-visitor',
    check: 'conversation ownership is bound to the visitor, in the database lookup',
    where: 'conversations/store.ts getOwned',
    replace: [' AND visitor_id = $3', ' AND $3::text IS NOT NULL'],
    test: { file: `${IT}/isolation.test.ts`, name: 'ownership holds for a conversation this process has not seen' },
  },
  {
    id: 'conversation-owner-site',
    check: 'conversation ownership is bound to the site, in the database lookup',
    where: 'conversations/store.ts getOwned',
    replace: [' AND site_id = $2', ' AND $2::text IS NOT NULL'],
    test: { file: `${IT}/isolation.test.ts`, name: 'ownership holds for a conversation this process has not seen' },
  },
  {
    id: 'conversation-list-owner',
    check: "a visitor's conversation list is bound to the visitor",
    where: 'conversations/store.ts listOwned',
    replace: [' AND visitor_id = $2', ' AND $2::text IS NOT NULL'],
    test: { file: `${IT}/isolation.test.ts`, name: "another visitor cannot read, list or continue a visitor's conversation" },
  },
  {
    id: 'conversation-id-pattern',
    check: 'a conversation handle must match its id pattern before any lookup',
    where: 'conversations/conversation-service.ts ConversationService.owned',
    replace: [' || !CONVERSATION_ID.test(id)', ''],
    test: { file: `${IT}/isolation.test.ts`, name: 'path-like and encoded ids never reach the upstream' },
  },
  {
    id: 'runas-server-side',
    check: 'the run-as sub-account comes only from the server-side site record, never from a client header',
    where: 'http/routes/visitor/conversations.ts visitorOf (what the routes hand the conversation service)',
    replace: [
      "site: c.get('site')",
      "site: { ...c.get('site'), upstreamUserId: c.req.header('x-runas-user-id') ?? c.get('site').upstreamUserId }",
    ],
    test: { file: `${IT}/isolation.test.ts`, name: "a client-sent run-as header never selects another tenant's sub-account" },
  },
  {
    id: 'client-abort-before-headers',
    check: 'a visitor who goes away before the upstream answered aborts the upstream request',
    where: 'conversations/conversation-service.ts ConversationService.startAnswer',
    replace: ['watchClient(upstream)', '() => {}'],
    test: {
      file: `${IT}/upstream-faults.test.ts`,
      name: 'a visitor who goes away before the upstream answered aborts the upstream request',
    },
  },
  // ---------------------------------------------------------------- upstream calls
  {
    id: 'upstream-id-segment',
    check: 'an upstream id must be a plain token before it is put in an upstream URL',
    where: 'upstream/client.ts segment',
    remove: true,
    test: { file: `${IT}/isolation.test.ts`, name: 'an upstream id that is not a plain token never reaches an upstream URL' },
  },
  {
    id: 'upstream-no-redirect',
    check: 'a redirect from the upstream is never followed: only a 2xx answer counts',
    where: 'upstream/client.ts UpstreamClient.open',
    replace: ['res.status < 300', 'res.status < 400'],
    test: { file: `${IT}/upstream-faults.test.ts`, name: 'nothing reaches the host a redirect points to' },
  },
  {
    id: 'upstream-error-text',
    check: "an upstream failure is answered with our own words only, never the upstream's",
    where: 'upstream/errors.ts toServiceError',
    replace: ['{ cause: err }', '{ cause: err, message: err.message }'],
    test: { file: `${IT}/upstream-faults.test.ts`, name: 'an upstream error answer carries only our own words' },
  },
  {
    id: 'no-retry-completions',
    check: 'a completion is never retried (an SDK-style retry on 429/5xx would send the message twice)',
    where: 'upstream/client.ts UpstreamClient.complete',
    replace: [
      'this.open(',
      '(async (...a) => { for (let i = 0; ; i++) { try { return await this.open(...a); } catch (e) { if (i >= 2 || !(e instanceof UpstreamError) || !(e.status === 429 || (e.status ?? 0) >= 500)) throw e; } } })(',
    ],
    test: { file: `${IT}/resilience.test.ts`, name: 'a completion that fails with 429 or 500 is not retried' },
  },
  {
    id: 'no-retry-writes',
    check: 'only idempotent reads (GET) are retried; a write such as conversation create is sent once',
    where: 'upstream/client.ts UpstreamClient.json',
    remove: true,
    test: {
      file: `${IT}/upstream-faults.test.ts`,
      name: 'conversation create failing upstream is a clear error, and nothing is stored',
    },
  },
  {
    id: 'breaker',
    check: 'the circuit breaker fails fast while the upstream is down',
    where: 'upstream/client.ts UpstreamClient.open',
    replace: ['breaker && !breaker.allow()', 'false'],
    test: { file: `${IT}/resilience.test.ts`, name: 'opens after 3 failures' },
  },
  // ---------------------------------------------------------------- the relay and the answer log
  {
    id: 'relay-error-event',
    check: 'an in-band upstream error event is mapped to our code, its data is never relayed',
    where: 'relay/translate.ts Translator.translate',
    replace: ['};', '...data };'],
    test: { file: `${TS}/relay/translate.test.ts`, name: 'maps the upstream error code to ours' },
  },
  {
    id: 'relay-total-timer',
    check: 'the relay total timer ends an answer however the upstream trickles, and aborts the upstream',
    where: 'relay/pump.ts Pump.start',
    replace: ['this.opts.totalTimeoutMs', '2_147_483_647'],
    test: { file: `${TS}/relay/pump-limits.test.ts`, name: 'total limit: counts everything, a trickling upstream included' },
  },
  {
    id: 'relay-visitor-stop',
    check: "the visitor's Stop ends the answer at once (answer_stopped) and stops the upstream",
    where: 'relay/pump.ts Pump.stop',
    remove: true,
    test: {
      file: `${TS}/relay/pump.test.ts`,
      name: 'Stop aborts the upstream and cancels the reader exactly once',
    },
  },
  {
    id: 'relay-stop-upstream-abort',
    check: 'stopping a relay early aborts the upstream request (one of two ways to close it, see MASKED)',
    where: 'relay/pump.ts Pump.stopUpstream',
    remove: true,
    test: {
      file: `${TS}/relay/pump.test.ts`,
      name: 'Stop aborts the upstream and cancels the reader exactly once',
    },
  },
  {
    id: 'relay-stop-upstream-reader',
    check: 'stopping a relay early cancels the upstream body reader (nodejs/node#55428: an abort alone may not reach the socket)',
    where: 'relay/pump.ts Pump.stopUpstream',
    remove: true,
    test: {
      file: `${TS}/relay/pump.test.ts`,
      name: 'Stop aborts the upstream and cancels the reader exactly once',
    },
  },
  {
    id: 'reader-gone-before-start',
    check: "a reader who left before the answer was attached is detached at once (Node's response: no close event will come)",
    where: 'answers/outputs.ts ResponseOutput.onGone',
    remove: true,
    test: {
      file: `${TS}/answers/outputs.test.ts`,
      name: 'a visitor who left before the answer was attached is detached at once',
    },
  },
  {
    id: 'answer-owner',
    check: "an answer is read only under its own conversation: another conversation's answer id is answer_not_found",
    where: 'answers/answer-log.ts AnswerLog.open',
    replace: [' || entry.conversationId !== conversationId', ''],
    test: { file: `${TS}/answers/answer-log.test.ts`, name: "refuses another conversation's answer: answer_not_found" },
  },
  {
    id: 'answer-readers-cap',
    check: 'one answer has at most MAX_READERS_PER_ANSWER readers in a process (too_many_streams beyond)',
    where: 'answers/answer-log.ts AnswerLog.open',
    remove: true,
    test: { file: `${TS}/answers/answer-log.test.ts`, name: 'refuses a reader beyond maxReaders: too_many_streams' },
  },
  {
    id: 'answer-stop-owner',
    check: "only the conversation's own answer can be stopped (another's is answer_not_found, nothing stopped)",
    where: 'answers/answer-log.ts AnswerLog.stop',
    remove: true,
    test: { file: `${TS}/answers/answer-log.test.ts`, name: "refuses to stop another conversation's answer" },
  },
  {
    id: 'answer-stop-owner-shared',
    check: "a Stop sent to the replicas is only for the conversation's own answer (another's is answer_not_found, no stop sent)",
    where: 'answers/redis-log.ts createRedisAnswerLog stop',
    remove: true,
    test: {
      file: `${TS}/answers/answer-log.test.ts`,
      name: "refuses another conversation's answer there: answer_not_found, and no stop is sent",
    },
  },
  // ---------------------------------------------------------------- request bodies and text
  {
    id: 'strict-message-schema',
    check: 'unknown fields in a message body are rejected (SendMessageRequest is a strictObject)',
    where: 'http/routes/visitor/conversations.ts postMessage spec (protocol/src/conversation.ts)',
    replace: ['SendMessageRequest,', 'SendMessageRequest.strip(),'],
    test: {
      file: `${TS}/http/routes/visitor/conversations.stream.test.ts`,
      name: 'refuses extra fields such as a bot id',
    },
  },
  {
    id: 'strict-conversation-schema',
    check: 'unknown fields in a conversation-create body are rejected (CreateConversationRequest is a strictObject)',
    where: 'http/routes/visitor/conversations.ts createConversation spec (protocol/src/conversation.ts)',
    replace: ['CreateConversationRequest,', 'CreateConversationRequest.strip(),'],
    test: { file: `${TS}/http/routes/visitor/conversations.test.ts`, name: 'refuses body fields: 400 invalid_request' },
  },
  {
    id: 'strict-session-schema',
    check: 'unknown fields in a session request are rejected (SessionRequest is a strictObject)',
    where: 'http/routes/visitor/sessions.ts openSession spec (protocol/src/session.ts)',
    replace: ['SessionRequest,', 'SessionRequest.strip(),'],
    test: { file: `${TS}/http/routes/visitor/sessions.test.ts`, name: 'refuses unknown fields: 400 invalid_request naming them' },
  },
  {
    id: 'text-control-chars',
    check: 'text with control characters is rejected',
    where: 'protocol/src/text.ts plainText',
    remove: true,
    test: { file: `${PROTOCOL}/protocol.test.ts`, name: 'bounds and cleans message text' },
  },
  {
    id: 'text-max-length',
    check: 'text over its maximum length is rejected',
    where: 'protocol/src/text.ts plainText',
    remove: true,
    test: { file: `${PROTOCOL}/protocol.test.ts`, name: 'bounds and cleans message text' },
  },
  {
    id: 'display-text-misleading',
    check: 'display text (names, titles, greetings, prompts) refuses text-direction overrides and invisible characters',
    where: 'protocol/src/text.ts plainText (display)',
    replace: ['!MISLEADING.test(v)', 'true'],
    test: { file: `${PROTOCOL}/protocol.test.ts`, name: 'display text (names, titles, greetings, starter prompts) refuses U+' },
  },
  {
    id: 'origin-host-plausible',
    check: 'an allow-list origin with a wildcard or an impossible host is refused',
    where: 'protocol/src/origin.ts normalizeOrigin',
    remove: true,
    test: { file: `${PROTOCOL}/protocol.test.ts`, name: 'origins that can never match refuses' },
  },
  {
    id: 'body-size-streamed',
    check: 'a body is refused with 413 as soon as the bytes read pass the limit (chunked bodies)',
    where: 'platform/read-capped.ts readCappedText',
    replace: ['size > max', 'false'],
    test: { file: `${TS}/http/json-body.test.ts`, name: 'stops reading (pauses) past the limit: 413' },
  },
  {
    id: 'body-size-declared',
    check: 'a declared Content-Length over the limit is refused with 413 before any byte is read',
    where: 'http/json-body.ts readText',
    remove: true,
    test: {
      file: `${TS}/http/routes/visitor/sessions.test.ts`,
      name: 'refuses a declared Content-Length over the limit: 413, without reading',
    },
  },
  {
    id: 'content-type',
    check: 'a body that is not application/json is refused with 415',
    where: 'http/json-body.ts readJson',
    remove: true,
    test: { file: `${TS}/http/json-body.test.ts`, name: 'refuses the media type' },
  },
  {
    id: 'body-limit-by-route',
    check: "browser-facing routes read at most PUBLIC_BODY_LIMIT, never the admin routes' larger limit",
    where: 'http/spec.ts mount',
    replace: ["spec.auth === 'admin' || spec.auth === 'portal' ? ADMIN_BODY_LIMIT : PUBLIC_BODY_LIMIT", 'ADMIN_BODY_LIMIT'],
    test: { file: `${TS}/app.test.ts`, name: 'caps browser-facing bodies at' },
  },
  // ---------------------------------------------------------------- admin
  {
    id: 'admin-token',
    check: 'the admin API requires the admin token',
    where: 'http/middleware/admin-auth.ts adminAuth',
    replace: [' || !timingSafeEqual(digest(match[1]!), expected)', ''],
    test: { file: `${TS}/http/middleware/admin-auth.test.ts`, name: 'with 401, not an error' },
  },
  {
    id: 'admin-token-constant-time',
    check: 'the admin token is compared in constant time (fixed-length digests through timingSafeEqual)',
    where: 'http/middleware/admin-auth.ts adminAuth',
    at: 'admin-token',
    replace: ['!timingSafeEqual(digest(match[1]!), expected)', 'match[1] !== adminToken'],
    test: { file: `${TS}/http/middleware/admin-auth.test.ts`, name: 'compares in constant time' },
  },
  // ---------------------------------------------------------------- rate limits, stream caps, client IP
  {
    id: 'limit-requests-per-ip',
    check: 'requests per IP are limited on every browser-facing route',
    where: 'http/middleware/site.ts siteGate',
    remove: true,
    test: { file: `${TS}/http/middleware/limits.test.ts`, name: 'answers 429 rate_limited past the limit' },
  },
  {
    id: 'limit-requests-per-ip-first',
    check: 'the per-IP limit counts a request before the site lookup: a flood of random site keys gets 429 without lookups',
    where: 'http/middleware/site.ts siteGate',
    replace: ['await countRequest(', 'await sites.resolve(siteKey); await countRequest('],
    test: { file: `${TS}/http/middleware/limits.test.ts`, name: 'runs before the site lookup' },
  },
  {
    id: 'limit-sessions-per-ip',
    check: 'sessions per IP are limited (sessionsPerIp)',
    where: 'http/routes/visitor/sessions.ts sessionRoutes',
    remove: true,
    test: { file: `${TS}/http/routes/visitor/sessions.test.ts`, name: 'limits sessions per IP, before the service is asked' },
  },
  {
    id: 'limit-messages-per-visitor',
    check: 'messages per visitor are limited (messagesPerVisitor)',
    where: 'http/routes/visitor/conversations.ts conversationRoutes',
    remove: true,
    test: {
      file: `${TS}/http/routes/visitor/conversations.stream.test.ts`,
      name: 'limits messages per visitor, before the service is asked',
    },
  },
  {
    id: 'limit-conversations-per-visitor',
    check: 'new conversations per visitor are limited (conversationsPerVisitor)',
    where: 'http/routes/visitor/conversations.ts conversationRoutes',
    remove: true,
    test: { file: `${TS}/http/routes/visitor/conversations.test.ts`, name: 'limits new conversations per visitor' },
  },
  {
    id: 'stream-cap-visitor',
    check: 'concurrent streams per visitor are capped (MAX_STREAMS_PER_VISITOR)',
    where: 'limits/index.ts createLimits streams.acquire',
    replace: ['perVisitor.take(visitorKey)', 'undefined'],
    test: { file: `${TS}/limits/index.test.ts`, name: 'caps streams per visitor' },
  },
  {
    id: 'stream-cap-process',
    check: 'concurrent streams per process are capped (MAX_STREAMS_PER_PROCESS)',
    where: 'limits/index.ts createLimits streams.acquire',
    replace: ['open >= l.streamsPerProcess', 'false'],
    test: { file: `${TS}/limits/index.test.ts`, name: 'caps streams per process' },
  },
  {
    id: 'xff-only-with-trust-proxy',
    check: 'X-Forwarded-For is read only when the peer is a TRUST_PROXY address',
    where: 'http/client-ip.ts createIpResolver',
    remove: true,
    test: { file: `${TS}/http/client-ip.test.ts`, name: 'never reads X-Forwarded-For' },
  },
  {
    id: 'xff-rightmost-untrusted',
    check: 'behind a proxy, the client is the rightmost untrusted X-Forwarded-For hop (no forged left hop)',
    where: 'http/client-ip.ts createIpResolver',
    replace: ['return hop', 'return forwarded[0]!'],
    test: { file: `${TS}/http/client-ip.test.ts`, name: 'walks right to left' },
  },
  // ---------------------------------------------------------------- every answer
  {
    id: 'security-headers-every-answer',
    check: 'every answer the service builds carries the security headers, refusals (404, 405, 401, 415, 429, 503) included',
    where: 'http/middleware/request-context.ts requestContext',
    replace: ['Object.assign({}, base)', '{}'],
    test: { file: `${TS}/http/middleware/security-headers.test.ts`, name: 'security headers are on' },
  },
  {
    id: 'security-headers-foreign-answers',
    check: 'answers not built through http/response.ts (the API reference) get the security headers merged in',
    where: 'http/middleware/request-context.ts requestContext',
    remove: true,
    test: { file: `${TS}/http/middleware/security-headers.test.ts`, name: 'are on answers the app did not build itself' },
  },
  {
    id: 'method-not-allowed',
    check: 'a known path asked with another method is answered 405 with Allow, in the error envelope',
    where: 'app.ts createApp notFound',
    replace: ['allow.length > 0', 'false'],
    test: { file: `${TS}/app.test.ts`, name: 'answers a known path with another method 405, with Allow' },
  },
  {
    id: 'request-id-pattern',
    check: 'an incoming X-Request-Id is kept only when well-formed (no control characters into logs and headers)',
    where: 'http/middleware/request-context.ts requestContext',
    replace: ['incoming !== undefined && REQUEST_ID.test(incoming)', 'incoming !== undefined'],
    test: { file: `${TS}/app.test.ts`, name: 'replaces an over-long request id' },
  },
  // ---------------------------------------------------------------- the portal
  {
    id: 'portal-csrf',
    check: 'an unsafe portal request must carry one of the portal origins in Origin (CSRF)',
    where: 'http/middleware/portal.ts portalOrigin',
    replace: ["!allowed.has(c.req.header('origin') ?? '')", 'false'],
    test: { file: `${TS}/http/routes/portal/access.test.ts`, name: 'csrf_rejected from another origin or none' },
  },
  {
    id: 'portal-signed-in',
    check: 'every portal route but sign-in needs a live session',
    where: 'http/spec.ts portalAccess',
    remove: true,
    test: { file: `${TS}/http/routes/portal/access.test.ts`, name: '401 unauthenticated without a session' },
  },
  {
    id: 'portal-tenant-isolation',
    check: "a member asking for another customer's resource gets 404 before any service runs",
    where: 'http/spec.ts portalAccess',
    replace: ['tenantId !== undefined && !membership', 'false'],
    test: { file: `${TS}/http/routes/portal/access.test.ts`, name: "asking for another customer's resource gets 404" },
  },
  {
    id: 'portal-operator-only',
    check: "the partner's console routes are for operators only",
    where: 'http/spec.ts portalAccess',
    remove: true,
    test: { file: `${TS}/http/routes/portal/access.test.ts`, name: 'operators only' },
  },
  {
    id: 'portal-role',
    check: "a member below a route's role (viewer < editor < owner) gets 403",
    where: 'http/spec.ts portalAccess',
    remove: true,
    test: { file: `${TS}/http/routes/portal/access.test.ts`, name: 'the role matrix' },
  },
  {
    id: 'invite-existing-account',
    check: "an inviter never gets a sign-in link into an account that already exists (another customer's member)",
    where: 'members/member-service.ts MemberService.invite',
    replace: ['others.length > 0 || credentials', 'false'],
    test: { file: `${IT}/portal.test.ts`, name: 'gives the inviter no way into that account' },
  },
  {
    id: 'inbox-tenant-scope',
    check: "a customer's conversation lookups (transcript, delete) are scoped to the customer in SQL",
    where: 'conversations/store.ts ofTenant (the SQL)',
    replace: ['c.tenant_id = $1 AND', '$1::text IS NOT NULL AND'],
    test: { file: `${IT}/customer-space.test.ts`, name: "another customer's conversation is 404" },
  },
  {
    id: 'site-tenant-scope',
    check: "a customer's site routes (widget settings, install check) refuse another customer's site id",
    where: 'sites/site-service.ts SiteService.loadOfTenant',
    remove: true,
    test: { file: `${IT}/customer-space.test.ts`, name: 'a widget change is a merge patch' },
  },
  {
    id: 'widget-asset-name',
    check: "the service serves only the widget's hashed files beside its script, nothing else of the disk",
    where: 'platform/widget-file.ts widgetAssets',
    replace: ['!path || !WIDGET_ASSET.test(name)', '!path'],
    test: { file: `${TS}/platform/widget-file.test.ts`, name: 'reads nothing else' },
  },
  {
    id: 'usage-site-of-tenant',
    check: "usage for one site answers only for the customer's own sites",
    where: 'usage/usage-service.ts UsageService.report',
    remove: true,
    test: { file: `${IT}/customer-space.test.ts`, name: "usage names only the customer's own sites" },
  },
  {
    id: 'feedback-bot-answers-only',
    check: "a visitor can rate only the bot's answers (not their own or another message)",
    where: 'conversations/conversation-service.ts ConversationService.rate',
    remove: true,
    test: { file: `${IT}/customer-space.test.ts`, name: 'a second rating replaces the first' },
  },
  {
    id: 'limit-feedback-per-visitor',
    check: 'ratings are limited per visitor like messages',
    where: 'http/routes/visitor/conversations.ts (the feedback route)',
    remove: true,
    test: { file: `${TS}/http/routes/visitor/conversations.test.ts`, name: 'is limited like messages' },
  },
  {
    id: 'link-one-use',
    check: 'an invite or sign-in link is used up atomically: of racing uses, one signs in',
    where: 'sign-in/sign-in-service.ts SignInService.useLink',
    replace: ['store.useLink', 'store.peekLink'],
    test: { file: `${TS}/sign-in/sign-in-service.test.ts`, name: 'two uses racing: exactly one signs in' },
  },
  {
    id: 'portal-session-live',
    check: 'a portal session ends after its idle limit',
    where: 'sign-in/sign-in-service.ts SignInService.authenticate',
    replace: ['this.deps.config.idleSeconds * 1000', '1e15'],
    test: { file: `${TS}/sign-in/sign-in-service.test.ts`, name: 'end after the idle limit' },
  },
  {
    id: 'sign-in-throttle-ip',
    check: 'password sign-in is throttled per IP',
    where: 'sign-in/sign-in-service.ts SignInService.signInWithPassword',
    remove: true,
    test: { file: `${TS}/sign-in/sign-in-service.test.ts`, name: 'throttled per IP across accounts' },
  },
  {
    id: 'sign-in-throttle-account',
    check: 'password sign-in is throttled per account, even with the right password',
    where: 'sign-in/sign-in-service.ts SignInService.signInWithPassword',
    remove: true,
    test: { file: `${IT}/portal.test.ts`, name: 'throttles sign-in per account' },
  },
  {
    id: 'password-verify',
    check: 'a wrong password does not sign in',
    where: 'sign-in/sign-in-service.ts SignInService.signInWithPassword',
    replace: ['!usable || !ok', '!usable'],
    test: { file: `${IT}/portal.test.ts`, name: 'a wrong password and an unknown email get the same 401' },
  },
  {
    id: 'suspended-tenant-members',
    check: "a suspended customer's members lose access to it at once",
    where: 'sign-in/sign-in-service.ts SignInService.principalOf',
    replace: ['.filter((m) => m.tenantLive)', '.filter(() => true)'],
    test: { file: `${IT}/portal.test.ts`, name: 'a suspended customer take effect at the next request' },
  },
  {
    id: 'brand-image-type',
    check: 'brand images are checked from their bytes: PNG, JPEG, WebP or ICO; SVG and others refused',
    where: 'brand/brand-service.ts BrandService.putImage',
    remove: true,
    test: { file: `${IT}/portal.test.ts`, name: 'refuses SVG and other files' },
  },
];

/**
 * Layers that no black-box test can catch on their own: removing one leaves another check that
 * refuses the same requests. `--masked` runs these and expects each test to still PASS, which
 * documents the redundancy repeatably; the MUTATIONS above remove every layer of such a check at
 * once and must be caught. Each one changes only some of the lines its marker marks.
 */
const MASKED = [
  {
    id: 'masked-alg-jose-only',
    check: "only jwtVerify `algorithms` removed: keyFor's alg comparison still refuses",
    at: 'token-alg-pinned',
    replace: ['algorithms: SIGNING_ALGS,', ''],
    test: { file: `${IT}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-alg-keyfor-only',
    check: "only keyFor's alg comparison removed: jwtVerify `algorithms` still refuses",
    at: 'token-alg-pinned',
    replace: [' || key.alg !== header.alg', ''],
    test: { file: `${IT}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-exp-required-only',
    check: "only 'exp' removed from requiredClaims: claimsOf (and the lifetime bound) still refuse a token without exp",
    at: 'token-exp-required',
    replace: ["'exp', ", ''],
    test: { file: `${IT}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-exp-claimsof-only',
    check: "only claimsOf's exp check removed: requiredClaims (and the lifetime bound) still refuse a token without exp",
    at: 'token-exp-required',
    replace: [" || typeof exp !== 'number'", ''],
    test: { file: `${IT}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-exp-lifetime-only',
    check: 'requiredClaims and claimsOf both without exp: withinLifetime still refuses a token without exp (its lifetime is NaN)',
    at: 'token-exp-required',
    replace: [
      ["'exp', ", ''],
      [" || typeof exp !== 'number'", ''],
    ],
    test: { file: `${IT}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-site-binding-tenant-half',
    check: 'only the tenant half of token_site_mismatch removed: site keys are unique across tenants',
    at: 'token-site-binding',
    replace: [' || claims.tenantId !== site.tenantId', ''],
    test: { file: `${IT}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-relay-abort-only',
    check:
      "relay stop without upstream.abort(): over a real socket the reader cancel alone closes the upstream on the visitor's Stop",
    at: 'relay-stop-upstream-abort',
    remove: true,
    test: {
      file: `${IT}/upstream-faults.test.ts`,
      name: 'Stop (DELETE .../answers/{id}) aborts the upstream request promptly',
    },
  },
  {
    id: 'masked-relay-reader-only',
    check:
      'relay stop without reader.cancel(): over a real socket the abort alone closes the upstream (node#55428 is GC-timing dependent)',
    at: 'relay-stop-upstream-reader',
    remove: true,
    test: {
      file: `${IT}/upstream-faults.test.ts`,
      name: 'Stop (DELETE .../answers/{id}) aborts the upstream request promptly',
    },
  },
  {
    id: 'masked-public-body-limit-default',
    check: "the browser-facing routes' own limit left out: readJson's default is the same 32 KB",
    at: 'body-limit-by-route',
    replace: [': PUBLIC_BODY_LIMIT;', ': undefined;'],
    test: { file: `${TS}/app.test.ts`, name: 'caps browser-facing bodies at' },
  },
  {
    id: 'masked-failureof-safe-code',
    check: 'failureOf keeps any upstream `code`: it never leaves the process (toServiceError drops it)',
    at: 'upstream-code-pattern',
    replace: [' && SAFE_CODE.test(parsed.code)', ''],
    test: { file: `${IT}/upstream-faults.test.ts`, name: 'faults before the stream starts' },
  },
];

// ------------------------------------------------------------------------------------------ cli

function parseArgs(argv) {
  const opts = { list: false, only: null, baseline: false, masked: false, timeout: 240, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') opts.list = true;
    else if (a === '--baseline') opts.baseline = true;
    else if (a === '--masked') opts.masked = true;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) usage('--only needs a list of ids');
      opts.only = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = Number(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
      if (!(v > 0)) usage('--timeout needs a number of seconds');
      opts.timeout = v;
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  return opts;
}

function usage(error) {
  if (error) console.error(`mutation-check: ${error}`);
  console.error(
    'usage: node scripts/mutation-check.mjs [--list] [--only id,id,...] [--baseline] [--masked] [--timeout s] [--verbose]',
  );
  process.exit(error ? 2 : 0);
}

// ------------------------------------------------------------------------------------------ markers

/** `// check: a, b` or `/* check: a *\/`: the comment, and its ids. */
const MARKER = /(?:\/\/|\/\*)\s*check:\s*([a-z0-9][a-z0-9-]*(?:\s*,\s*[a-z0-9][a-z0-9-]*)*)\s*(?:\*\/)?/g;

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'testing') out.push(...sourceFiles(path));
    } else if (/\.(ts|mts|js|mjs)$/.test(name) && !/\.test\.|\.fakes\./.test(name)) out.push(path);
  }
  return out;
}

/** Every marked line of the sources: id -> [{ file, line (0-based), text }]. */
function scanMarkers() {
  const byId = new Map();
  for (const dir of SCAN) {
    for (const path of sourceFiles(join(ROOT, dir))) {
      const file = relative(ROOT, path);
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, line) => {
          for (const m of text.matchAll(MARKER)) {
            for (const id of m[1].split(',').map((s) => s.trim())) {
              if (!byId.has(id)) byId.set(id, []);
              byId.get(id).push({ file, line, text });
            }
          }
        });
    }
  }
  return byId;
}

const markerOf = (m) => m.at ?? m.id;
const pairsOf = (m) => (m.replace === undefined ? [] : Array.isArray(m.replace[0]) ? m.replace : [m.replace]);
const occurrences = (text, find) =>
  typeof find === 'string'
    ? text.split(find).length - 1
    : (text.match(new RegExp(find.source, find.flags.includes('g') ? find.flags : `${find.flags}g`)) ?? []).length;

/** The line without its marker comment(s) (so no pattern ever touches a marker), and how to put them back. */
function splitMarker(text) {
  const comments = [];
  const code = text.replace(MARKER, (c) => {
    comments.push(c);
    return `\u0000${comments.length - 1}\u0000`;
  });
  return { code, restore: (changed) => changed.replace(/\u0000(\d+)\u0000/g, (_, i) => comments[Number(i)]) };
}

/**
 * The edits a mutation makes: [{ file, line, text: new text or null to remove }], or { stale } when
 * it no longer applies. `strict` (the main table): every marked line must change.
 */
function plan(m, markers, strict) {
  const at = markerOf(m);
  const lines = markers.get(at) ?? [];
  if (lines.length === 0) return { stale: `no \`check: ${at}\` marker in ${SCAN.join(' or ')}` };
  if (m.remove !== undefined) {
    const picked = m.remove === true ? lines : lines.filter((l) => occurrences(splitMarker(l.text).code, m.remove) > 0);
    if (picked.length === 0) return { stale: `no line marked ${at} contains ${m.remove}` };
    return { edits: picked.map((l) => ({ ...l, next: null })) };
  }
  const pairs = pairsOf(m);
  if (pairs.length === 0) throw new Error(`${m.id}: neither remove nor replace`);
  const used = new Set();
  const edits = [];
  for (const l of lines) {
    const { code, restore } = splitMarker(l.text);
    const i = pairs.findIndex(([find]) => occurrences(code, find) > 0);
    if (i === -1) {
      if (strict) return { stale: `${l.file}:${l.line + 1} (marked ${at}) contains none of the patterns` };
      continue;
    }
    const [find, to] = pairs[i];
    if (occurrences(code, find) > 1) return { stale: `${l.file}:${l.line + 1}: ${find} occurs more than once` };
    used.add(i);
    edits.push({ ...l, next: restore(code.replace(find, () => to)) });
  }
  const unused = pairs.filter((_, i) => !used.has(i));
  if (unused.length > 0) return { stale: `not in any line marked ${at}: ${unused.map(([f]) => String(f)).join(' | ')}` };
  return { edits };
}

/** Marker ids no entry uses, and covering tests without their `// Check:` comment: errors before any run. */
function consistency(markers) {
  const errors = [];
  const used = new Set([...MUTATIONS, ...MASKED].map(markerOf));
  for (const [id, lines] of markers) {
    if (!used.has(id)) {
      errors.push(`marker \`check: ${id}\` (${lines.map((l) => `${l.file}:${l.line + 1}`).join(', ')}) has no table entry`);
    }
  }
  const ids = [...MUTATIONS, ...MASKED].map((m) => m.id);
  for (const id of ids.filter((id, i) => ids.indexOf(id) !== i)) errors.push(`duplicate table id ${id}`);
  for (const m of MUTATIONS) {
    let text = '';
    try {
      text = readFileSync(join(ROOT, m.test.file), 'utf8');
    } catch {
      errors.push(`${m.id}: test file ${m.test.file} not found`);
      continue;
    }
    const named = new RegExp(`Check:[^\\n]*(?<![\\w-])${m.id}(?![\\w-])`);
    if (!named.test(text)) errors.push(`${m.id}: ${m.test.file} has no \`// Check: ${m.id}\` comment`);
  }
  return errors;
}

const gitHead = () =>
  spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'no git';

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ------------------------------------------------------------------------------------------ files

/** Original contents of every file currently mutated, by absolute path. */
const originals = new Map();

function restoreAll() {
  for (const [path, text] of originals) {
    writeFileSync(path, text);
    originals.delete(path);
  }
}

function apply(edits) {
  const byFile = new Map();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, fileEdits] of byFile) {
    const path = join(ROOT, file);
    if (!originals.has(path)) originals.set(path, readFileSync(path, 'utf8'));
    const lines = originals.get(path).split('\n');
    for (const e of fileEdits) if (lines[e.line] !== e.text) throw new Error(`${file}:${e.line + 1} changed since the scan`);
    // From the bottom up, so removing a line leaves the numbers of those above as they were.
    for (const e of [...fileEdits].sort((a, b) => b.line - a.line)) {
      if (e.next === null) lines.splice(e.line, 1);
      else lines[e.line] = e.next;
    }
    writeFileSync(path, lines.join('\n'));
  }
}

function restore() {
  const paths = [...originals.keys()];
  restoreAll();
  for (const path of paths) {
    // Paranoia: the file must be byte-identical to git's version again.
    const r = spawnSync('git', ['diff', '--quiet', '--', path], { cwd: ROOT });
    if (r.status !== 0) throw new Error(`could not restore ${relative(ROOT, path)}: run git checkout -- ${relative(ROOT, path)}`);
  }
}

// ------------------------------------------------------------------------------------------ running

/** The package a test file belongs to (the nearest package.json above it). */
function packageOf(testFile) {
  let dir = dirname(join(ROOT, testFile));
  while (dir.startsWith(ROOT) && !existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/**
 * An in-memory test file (under src/, no test database, no stack) does not need its package's
 * global setup: it runs under a config without it, written next to the logs.
 */
function leanConfig(pkg, testFile, workDir) {
  const text = readFileSync(join(ROOT, testFile), 'utf8');
  const inMemory = relative(pkg, join(ROOT, testFile)).startsWith('src/') && !/openTestDb|inject\(|support\/stack/.test(text);
  const base = ['vitest.config.ts', 'vitest.config.mjs', 'vitest.config.js'].map((n) => join(pkg, n)).find(existsSync);
  if (!inMemory || !base || !/globalSetup/.test(readFileSync(base, 'utf8'))) return null;
  const path = join(workDir, `vitest.${relative(ROOT, pkg).replace(/\W+/g, '-')}.in-memory.config.mjs`);
  if (!existsSync(path)) {
    writeFileSync(
      path,
      `import base from ${JSON.stringify(base)};\nexport default { ...base, test: { ...base.test, globalSetup: [] } };\n`,
    );
  }
  return path;
}

let child = null;

function killChild() {
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL'); // its own process group: vitest and its workers
    } catch {
      // already gone
    }
  }
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    killChild();
    restoreAll();
    console.error(`\nmutation-check: ${signal}: stopped, every file restored`);
    process.exit(code);
  });
}
process.on('exit', () => {
  killChild();
  restoreAll();
});

/** Run one test; resolves { exitCode, timedOut, ran, failedNames, loadError, log }. */
function runTest(test, opts, workDir, label) {
  const out = join(workDir, `${label}.json`);
  const log = join(workDir, `${label}.log`);
  rmSync(out, { force: true });
  const pkg = packageOf(test.file);
  const config = leanConfig(pkg, test.file, workDir);
  const args = [
    'exec',
    'vitest',
    'run',
    relative(pkg, join(ROOT, test.file)),
    '-t',
    escapeRegex(test.name),
    ...(config ? ['--config', config, '--root', pkg] : []),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ];
  return new Promise((done) => {
    const chunks = [];
    child = spawn('pnpm', args, {
      cwd: pkg,
      detached: true,
      stdio: ['ignore', opts.verbose ? 'inherit' : 'pipe', opts.verbose ? 'inherit' : 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', CI: '1' },
    });
    if (!opts.verbose) {
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => chunks.push(d));
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killChild();
    }, opts.timeout * 1000);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      child = null;
      if (!opts.verbose) writeFileSync(log, Buffer.concat(chunks));
      let report = null;
      try {
        report = JSON.parse(readFileSync(out, 'utf8'));
      } catch {
        // no report: vitest did not get that far
      }
      const ran = report ? report.numPassedTests + report.numFailedTests : 0;
      const failedNames = [];
      let loadError = null;
      for (const file of report?.testResults ?? []) {
        for (const a of file.assertionResults ?? []) if (a.status === 'failed') failedNames.push(a.fullName ?? a.title);
        if (file.status === 'failed' && (file.assertionResults ?? []).length === 0)
          loadError = (file.message || 'test file failed').split('\n')[0];
        else if (file.status === 'failed' && file.message) loadError = `hook: ${file.message.split('\n')[0]}`;
      }
      done({
        exitCode: exitCode ?? 1,
        timedOut,
        ran,
        failedNames,
        loadError,
        log: opts.verbose ? null : log,
        hasReport: report !== null,
      });
    });
  });
}

/** Classify a mutated run: caught only if tests ran and the run failed. */
function verdict(r) {
  if (r.timedOut) return { caught: false, label: 'TIMEOUT' };
  if (!r.hasReport) return { caught: false, label: 'ERROR (no report)' };
  if (r.ran === 0) return { caught: false, label: r.loadError ? 'BROKEN (file failed to load)' : 'NO TEST MATCHED' };
  if (r.exitCode === 0) return { caught: false, label: 'NO' };
  if (r.failedNames.length > 0) return { caught: true, label: 'yes' };
  return { caught: true, label: 'yes (hook)' };
}

/** --masked: the layer is masked when the covering test still passes without it. */
function maskedVerdict(r) {
  const v = verdict(r);
  if (v.label === 'NO') return { caught: true, label: 'masked' };
  if (v.caught) return { caught: false, label: 'CAUGHT (no longer masked: move it to MUTATIONS)' };
  return v;
}

function table(rows, opts) {
  const head = ['id', 'check', opts.masked ? 'masked?' : 'caught?', 'seconds'];
  const body = rows.map((r) => [r.id, r.check, r.label, r.seconds]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const pool = opts.masked ? MASKED : MUTATIONS;
  const ids = new Set(pool.map((m) => m.id));
  if (opts.only)
    for (const id of opts.only)
      if (!ids.has(id)) usage(`unknown mutation id ${id} (see --list${opts.masked ? ' --masked' : ''})`);
  const selected = opts.only ? pool.filter((m) => opts.only.includes(m.id)) : pool;
  const markers = scanMarkers();
  const errors = consistency(markers);
  const plans = new Map(selected.map((m) => [m.id, plan(m, markers, !opts.masked)]));

  if (opts.list) {
    for (const m of selected) {
      const p = plans.get(m.id);
      const where = (markers.get(markerOf(m)) ?? []).map((l) => `${l.file}:${l.line + 1}`).join(', ') || '-';
      const how = m.remove !== undefined ? 'remove' : 'replace';
      console.log(
        `${m.id}${p.stale ? `  [STALE: ${p.stale}]` : ''}\n  check: ${m.check}\n  ${how} at ${markerOf(m)}: ${where}\n  test:  ${m.test.file} -t "${m.test.name}"`,
      );
    }
    for (const e of errors) console.log(`ERROR: ${e}`);
    console.log(
      `\n${selected.length} ${opts.masked ? 'masked layer(s)' : 'mutation(s)'}, ${markers.size} marker id(s) in the source`,
    );
    return errors.length > 0 ? 1 : 0;
  }
  if (errors.length > 0) {
    console.error(`mutation-check: refusing to run, the table and the source disagree:\n  ${errors.join('\n  ')}`);
    return 2;
  }

  // Never clobber someone's edit: every file we mutate must be unchanged in git.
  const files = [...new Set([...plans.values()].flatMap((p) => (p.edits ?? []).map((e) => e.file)))];
  const status = spawnSync('git', ['status', '--porcelain', '--', ...files], { cwd: ROOT, encoding: 'utf8' });
  if (status.status !== 0) {
    console.error(`mutation-check: git status failed, refusing to run:\n${status.stderr}`);
    return 2;
  }
  if (status.stdout.trim() !== '') {
    console.error(
      `mutation-check: refusing to run: these files have uncommitted changes and would be mutated:\n${status.stdout}`,
    );
    return 2;
  }

  const workDir = mkdtempSync(join(tmpdir(), 'mutation-check-'));
  const started = Date.now();
  console.log(`mutation-check: ${selected.length} ${opts.masked ? 'masked layer(s)' : 'mutation(s)'} in ${ROOT} (${gitHead()})`);
  console.log(`  (if this is ever killed hard, \`git checkout -- <file>\` restores a mutated file; logs in ${workDir})`);

  if (opts.baseline) {
    const tests = [...new Map(selected.map((m) => [`${m.test.file}\0${m.test.name}`, m.test])).values()];
    let bad = 0;
    for (const [i, t] of tests.entries()) {
      const r = await runTest(t, opts, workDir, `baseline-${i}`);
      const ok = r.exitCode === 0 && r.ran > 0 && !r.timedOut;
      if (!ok) bad++;
      console.log(
        `  baseline ${ok ? 'green' : 'NOT GREEN'}: ${t.file} -t "${t.name}" (${r.ran} test(s))${ok ? '' : `  log: ${r.log}`}`,
      );
    }
    if (bad > 0) {
      console.error(`mutation-check: ${bad} covering test(s) fail without any mutation: fix them first`);
      return 1;
    }
  }

  const rows = [];
  for (const [i, m] of selected.entries()) {
    const t0 = Date.now();
    const p = plans.get(m.id);
    let row;
    if (p.stale) {
      row = { id: m.id, check: m.check, label: 'STALE MUTATION', caught: false, note: p.stale };
    } else {
      let r;
      try {
        apply(p.edits);
        r = await runTest(m.test, { ...opts, timeout: m.timeoutSeconds ?? opts.timeout }, workDir, m.id);
      } finally {
        restore();
      }
      const v = opts.masked ? maskedVerdict(r) : verdict(r);
      row = {
        id: m.id,
        check: m.check,
        ...v,
        note: v.caught ? r.failedNames.slice(0, 2).join('; ') || r.loadError : `log: ${r.log}`,
      };
    }
    row.seconds = ((Date.now() - t0) / 1000).toFixed(1);
    rows.push(row);
    console.log(`[${i + 1}/${selected.length}] ${m.id}: ${row.label} (${row.seconds} s)${row.note ? `  ${row.note}` : ''}`);
  }

  const total = (Date.now() - started) / 1000;
  const caught = rows.filter((r) => r.caught).length;
  console.log(`\n${table(rows, opts)}\n`);
  console.log(
    `${caught}/${rows.length} ${opts.masked ? 'layers masked as documented' : 'mutations caught'}; total ${Math.floor(total / 60)} min ${Math.round(total % 60)} s; ${new Date().toISOString()}`,
  );
  if (caught === rows.length) rmSync(workDir, { recursive: true, force: true });
  else console.log(`logs kept in ${workDir}`);
  return caught === rows.length ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    restoreAll();
    console.error(`mutation-check: ${err?.stack ?? err}`);
    process.exitCode = 2;
  },
);
