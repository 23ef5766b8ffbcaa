// With the in-process sandbox and no operator configured, `npm start` makes a demo operator (role
// operator), kept in memory only; its key is printed with the other demo hints.
import { newKey, sha256Hex } from '../clients/keys';
import type { Operator } from './types';

export const OPERATOR_KEY_PREFIX = 'bbo';

export function demoOperator(): { operator: Operator; key: string } {
  const key = newKey(OPERATOR_KEY_PREFIX);
  return { operator: { id: 'demo-ops', name: 'Demo operator (sandbox only)', keySha256: sha256Hex(key), role: 'operator' }, key };
}
