// The configured operators, found by the key they present (design §3.9). Exported for every place
// that signs an operator in (/ops, the console), so they all authenticate with the same code.
import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../clients/keys';
import type { Operator, OperatorIdentity } from './types';

export class OperatorRegistry {
  private readonly hashes: ReadonlyArray<{ hash: Buffer; who: OperatorIdentity }>;
  private readonly ids: ReadonlyMap<string, OperatorIdentity>;

  constructor(operators: readonly Operator[]) {
    this.hashes = operators.map((o) => ({ hash: Buffer.from(o.keySha256, 'hex'), who: { id: o.id, name: o.name, role: o.role } }));
    this.ids = new Map(this.hashes.map((h) => [h.who.id, h.who]));
  }

  /** The operator with this id, or null: a console session holds only the id and asks again each request. */
  byId(id: string): OperatorIdentity | null {
    return this.ids.get(id) ?? null;
  }

  /**
   * The operator whose key this is, or null. The key is hashed, then compared in constant time with
   * every configured hash (no early exit): the answer's timing says nothing about any key.
   */
  resolve(key: string): OperatorIdentity | null {
    const presented = Buffer.from(sha256Hex(key), 'hex');
    let found: OperatorIdentity | null = null;
    for (const { hash, who } of this.hashes) if (timingSafeEqual(hash, presented) && !found) found = who;
    return found;
  }

  get size(): number {
    return this.hashes.length;
  }
}
