// The configured JSON API clients, found by the SHA-256 of the key they present.
import { sha256Hex } from './keys';
import type { ApiClient } from './types';

export class ClientRegistry {
  private readonly byHash = new Map<string, ApiClient>();

  constructor(readonly clients: readonly ApiClient[]) {
    for (const c of clients) this.byHash.set(c.keySha256, c);
  }

  /** The client whose key this is; the key is hashed first, so lookup time says nothing about it. */
  byKey(key: string): ApiClient | undefined {
    return this.byHash.get(sha256Hex(key));
  }

  get size(): number {
    return this.byHash.size;
  }
}
