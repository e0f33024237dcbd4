/** A small typed client for the admin API, used by the CLI (and usable from scripts). */
import type { Wire } from '@tessera/protocol';

export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/admin/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new AdminApiError(0, 'unreachable', `cannot reach the Tessera service at ${this.baseUrl}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AdminApiError(res.status, 'bad_response', `unexpected answer (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const err = (json as Wire.ErrorEnvelope).error ?? { code: 'error', message: `HTTP ${res.status}` };
      throw new AdminApiError(res.status, err.code, err.message, err.issues);
    }
    return json as T;
  }

  listTenants = (includeDeleted = false) =>
    this.request<{ items: Wire.Tenant[] }>('GET', `/tenants${includeDeleted ? '?includeDeleted=true' : ''}`);
  createTenant = (body: Wire.CreateTenantRequest) => this.request<Wire.Tenant>('POST', '/tenants', body);
  getTenant = (id: string) => this.request<Wire.Tenant>('GET', `/tenants/${encodeURIComponent(id)}`);
  updateTenant = (id: string, body: Wire.UpdateTenantRequest) =>
    this.request<Wire.Tenant>('PATCH', `/tenants/${encodeURIComponent(id)}`, body);
  deleteTenant = (id: string, purgeUpstream: boolean) =>
    this.request<Wire.Tenant>('DELETE', `/tenants/${encodeURIComponent(id)}?purgeUpstream=${purgeUpstream}`);
  listBots = (tenantId: string) => this.request<{ items: Wire.Bot[] }>('GET', `/tenants/${encodeURIComponent(tenantId)}/bots`);
  createBot = (tenantId: string, body: Wire.CreateBotRequest) =>
    this.request<Wire.Bot>('POST', `/tenants/${encodeURIComponent(tenantId)}/bots`, body);
  listSites = (tenantId: string) => this.request<{ items: Wire.Site[] }>('GET', `/tenants/${encodeURIComponent(tenantId)}/sites`);
  createSite = (tenantId: string, body: Wire.CreateSiteRequest) =>
    this.request<Wire.Site>('POST', `/tenants/${encodeURIComponent(tenantId)}/sites`, body);
  getSite = (id: string) => this.request<Wire.Site>('GET', `/sites/${encodeURIComponent(id)}`);
  updateSite = (id: string, body: Wire.UpdateSiteRequest) =>
    this.request<Wire.Site>('PATCH', `/sites/${encodeURIComponent(id)}`, body);
  rotateSiteKey = (id: string) => this.request<Wire.Site>('POST', `/sites/${encodeURIComponent(id)}/rotate-key`);
  usage = (tenantId: string, from?: string, to?: string) => {
    const q = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
    return this.request<Wire.Usage>('GET', `/tenants/${encodeURIComponent(tenantId)}/usage${q.size ? `?${q}` : ''}`);
  };
  listKeys = () => this.request<{ items: Wire.SigningKey[] }>('GET', '/signing-keys');
  rotateKeys = () => this.request<{ items: Wire.SigningKey[] }>('POST', '/signing-keys/rotate');
}
