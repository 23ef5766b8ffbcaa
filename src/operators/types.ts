// An operator as configured in OPERATORS_FILE (design §3.9), after validation.
export type OperatorRole = 'viewer' | 'operator';

/** Who a key belongs to: what /ops and the console know of an authenticated operator. */
export interface OperatorIdentity {
  /** stable id (lower case, digits, - and _), logged with every action */
  id: string;
  name: string;
  /** viewer: read only; operator: read and act */
  role: OperatorRole;
}

export interface Operator extends OperatorIdentity {
  /** hex SHA-256 of the operator key: the key itself is never stored */
  keySha256: string;
}
