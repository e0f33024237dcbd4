/**
 * Signed-in visitors: the customer's backend signs a short JWT for its user (`sub`, optional `name`
 * and `email`, `aud` = the site key, `exp` at most 10 minutes after `iat`) with a secret or a key the
 * site registered, and the widget sends it when it opens a session. These are the shapes of the
 * site's identity keys (admin API and portal) and the limits of the token itself.
 */
import { z } from 'zod';
import { idPattern } from './ids.js';
import { LIMITS } from './limits.js';

/** The longest identity token accepted (checked before any parsing). */
export const IDENTITY_TOKEN_MAX = LIMITS.token;
/** The longest an identity token may live: `exp - iat`, seconds. */
export const IDENTITY_TOKEN_MAX_LIFETIME = 600;
/** How far in the future `iat` may be (clock skew between the customer's server and ours), seconds. */
export const IDENTITY_CLOCK_SKEW = 30;
/** Live identity keys a site may have at once (a token without `kid` is tried against each). */
export const IDENTITY_KEYS_MAX = 10;
/** The default and the longest time a rotated-out secret keeps verifying, seconds. */
export const IDENTITY_GRACE_DEFAULT = 86_400;
export const IDENTITY_GRACE_MAX = 604_800;

/** A compact JWS (three base64url parts). */
export const IdentityToken = z
  .string()
  .max(IDENTITY_TOKEN_MAX)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, { message: 'must be a compact JWT' });

export const IDENTITY_KEY_KINDS = ['secret', 'public'] as const;
export const IDENTITY_ALGS = ['HS256', 'EdDSA', 'ES256'] as const;
export const IDENTITY_PUBLIC_ALGS = ['EdDSA', 'ES256'] as const;

export const IdentityKeyId = z.string().regex(idPattern('identityKey'), { message: 'must be an identity key id (ik_…)' });

export const CreateIdentitySecretRequest = z
  .strictObject({
    /** How long the site's earlier secrets keep verifying, seconds (0: they stop at once; default one day). */
    graceSeconds: z.number().int().min(0).max(IDENTITY_GRACE_MAX).optional(),
  })
  .meta({ id: 'CreateIdentitySecretRequest' });

export const IdentitySecret = z
  .strictObject({
    kid: IdentityKeyId,
    alg: z.literal('HS256'),
    /**
     * 32 random bytes, base64url (43 characters). Shown once. The HMAC key is this text itself (its
     * UTF-8 bytes), as JWT libraries take a string secret: do not decode it.
     */
    secret: z.string(),
    createdAt: z.number().int(),
  })
  .meta({ id: 'IdentitySecret' });

const PEM_PUBLIC_KEY = /^\s*-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;

export const AddIdentityKeyRequest = z
  .strictObject({
    alg: z.enum(IDENTITY_PUBLIC_ALGS),
    /** An SPKI PEM ("-----BEGIN PUBLIC KEY-----"): Ed25519 for EdDSA, P-256 for ES256. */
    publicKey: z.string().max(2000).regex(PEM_PUBLIC_KEY, { message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' }),
  })
  .meta({ id: 'AddIdentityKeyRequest' });

export const IdentityKey = z
  .strictObject({
    kid: IdentityKeyId,
    kind: z.enum(IDENTITY_KEY_KINDS),
    alg: z.enum(IDENTITY_ALGS),
    createdAt: z.number().int(),
    /** When a rotated-out secret stops verifying (epoch ms); null while it has no end. */
    retiresAt: z.number().int().nullable(),
  })
  .meta({ id: 'IdentityKey' });

export const IdentityKeyList = z.strictObject({ items: z.array(IdentityKey) }).meta({ id: 'IdentityKeyList' });

/** A signed-in visitor as the inbox shows them: what their last identity token said. */
export const IdentityUser = z
  .strictObject({
    /** The customer's user id (the token's `sub`). */
    subject: z.string(),
    name: z.string().nullable(),
    /** Only when it came inside the signed token. */
    email: z.string().nullable(),
  })
  .meta({ id: 'IdentityUser' });

/** The limits of the claims the service keeps (a longer one is refused as identity_invalid). */
export const IDENTITY_CLAIM_LIMITS = { subject: 255, name: 120, email: 254 } as const;
