/**
 * The session signing keys as the partner manages them: list, rotate (the previous key keeps
 * verifying its tokens; every replica reloads through the invalidation bus), and the public JWK
 * Set anyone may fetch.
 */
import type { Wire } from '@tessera/protocol';
import type { JWK } from 'jose';
import { ServiceError } from '../errors.js';
import type { InvalidationBus } from '../platform/invalidation.js';
import { type Keyring, KeyringError } from './keyring.js';

export class SigningKeyService {
  constructor(private readonly deps: { keyring: Keyring; bus: Pick<InvalidationBus, 'publish'> }) {}

  list(): Wire.SigningKey[] {
    return this.deps.keyring.list();
  }

  async rotate(): Promise<Wire.SigningKey[]> {
    try {
      await this.deps.keyring.rotate();
    } catch (err) {
      if (err instanceof KeyringError) throw new ServiceError('conflict', { message: err.message });
      throw err;
    }
    await this.deps.bus.publish({ kind: 'keys' });
    return this.deps.keyring.list();
  }

  jwks(): { keys: JWK[] } {
    return this.deps.keyring.jwks();
  }
}
