/** Random admin tokens for stacks that are not given one. */
import { randomBytes } from 'node:crypto';

export const randomAdminToken = () => `adm_${randomBytes(24).toString('base64url')}`;
