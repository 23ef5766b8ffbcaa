// Payment and outbox states as SQL literals, shared by both dialects so the guards cannot drift apart.
import type { PaymentState } from '../core/types';

const list = (states: readonly string[]) => `(${states.map((s) => `'${s}'`).join(', ')})`;

export const TERMINAL: readonly PaymentState[] = ['SUCCESS', 'FAILED'];
export const LIVE: readonly PaymentState[] = ['RECEIVED', 'POSTING', 'UNKNOWN'];
/** states whose plan keeps a bill from being offered again (design §3.8 "Fetch") */
export const TAKING: readonly PaymentState[] = ['POSTING', 'UNKNOWN', 'SUCCESS'];

export const LIVE_SQL = list(LIVE);
export const TAKING_SQL = list(TAKING);
export const ALL_STATES_SQL = list([...LIVE, ...TERMINAL]);
export const OUTBOX_STATES_SQL = list(['PENDING', 'SENT', 'PARKED']);

/**
 * Leasing an UNKNOWN payment makes it POSTING (it has a plan: only a posting attempt leaves it
 * UNKNOWN), so an UNKNOWN row is never leased by anyone: a repeat or status query may take it at once.
 */
export const TAKE_UNKNOWN = `state = CASE state WHEN 'UNKNOWN' THEN 'POSTING' ELSE state END`;

/**
 * A progress write of the lease's holder (design §3.7 "Fenced leases"): only the current token of a held
 * lease on a live payment. A released lease (UNKNOWN, owner cleared) cannot be written through either.
 */
export const HELD_SQL = (token: string) => `lease_token = ${token} AND lease_owner IS NOT NULL AND state IN ${LIVE_SQL}`;
