/** What every screen receives from the app: the API, the router, the brand and who is signed in. */
import type * as Wire from '@tessera/protocol/types';
import type { PortalApi } from '../api/portal-api.js';
import type { Router } from '../router/router.js';

export interface PortalContext {
  readonly api: PortalApi;
  readonly router: Router;
  readonly brand: Wire.Brand;
  /** null: nobody is signed in. */
  readonly me: Wire.Me | null;
  /** Read out by the app's polite live region (saved, copied, loading failed...). */
  announce(message: string): void;
  /** After a brand save: the whole portal (and the page's head) takes it at once. */
  setBrand(brand: Wire.Brand): void;
  /** After sign-in, or when credentials changed: who is signed in, fetched again when `me` is not given. */
  setMe(me?: Wire.Me): Promise<void>;
}
