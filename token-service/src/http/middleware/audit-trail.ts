/**
 * The audit trail: after a change succeeds through the admin API or the portal (an unsafe method
 * answered 2xx by a route), one entry: who (the signed-in person's email; `admin-api` for the
 * partner's token, `admin-api (cli)` for the CLI), what (the route's id: `inviteMember`,
 * `updateBrand`), which object (the route's last path id, or the id in the answer), which customer,
 * from which IP, and the names (never the values) of the fields sent. Bodies are never recorded:
 * they can hold passwords and backstories.
 */
import type { MiddlewareHandler } from 'hono';
import type { AuditService } from '../../audit/audit-service.js';
import type { AppEnv } from '../context.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const TARGET_PARAMS = ['memberId', 'passkeyId', 'operatorId', 'siteId', 'slot', 'tenantId'] as const;

export function auditTrail(
  audit: Pick<AuditService, 'record'>,
  logger: { error(o: object, m: string): void },
): MiddlewareHandler<AppEnv> {
  return async function auditTrail(c, next) {
    await next();
    const routeId = c.get('routeId');
    if (SAFE.has(c.req.method) || !routeId || c.res.status >= 400) return;
    const principal = c.get('principal');
    const actor = principal
      ? principal.email
      : c.req.path.startsWith('/admin/')
        ? /^tessera-cli\//.test(c.req.header('user-agent') ?? '')
          ? 'admin-api (cli)'
          : 'admin-api'
        : 'anonymous';
    const params = c.req.param() as Record<string, string | undefined>;
    const answered = await answerIds(c.res);
    const targetParam = TARGET_PARAMS.find((p) => params[p] !== undefined);
    try {
      await audit.record({
        actor,
        action: routeId,
        targetType: targetParam ? targetParam.replace(/Id$/, '') : (answered.type ?? 'portal'),
        targetId: targetParam ? params[targetParam]! : (answered.id ?? null),
        tenantId: params.tenantId ?? answered.tenantId ?? null,
        ip: c.get('clientIp') ?? null,
        details: { fields: c.get('auditFields') ?? [], status: c.res.status },
      });
    } catch (err) {
      // The change is made; a failed audit write is an operational alarm, not the caller's error.
      logger.error({ err, routeId }, 'audit log write failed');
    }
  };
}

/** The id, kind and tenant of what an answer created (`{id}`, `{tenant: {id}}`), read from a copy of its JSON. */
async function answerIds(res: Response): Promise<{ id?: string; type?: string; tenantId?: string }> {
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) return {};
  try {
    const body = (await res.clone().json()) as Record<string, unknown>;
    const tenant = body.tenant as { id?: string } | undefined;
    const id = typeof body.id === 'string' ? body.id : tenant?.id;
    const prefix = id?.slice(0, 2);
    const type = { tn: 'tenant', st: 'site', mb: 'member', ac: 'account', pw: 'passkey' }[prefix ?? ''];
    return {
      ...(id ? { id } : {}),
      ...(type ? { type } : {}),
      ...(typeof body.tenantId === 'string' ? { tenantId: body.tenantId } : tenant?.id ? { tenantId: tenant.id } : {}),
    };
  } catch {
    return {};
  }
}
