// The owner named by an instance's leases (design §3.7): unique per boot, readable in the ledger.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const newInstanceId = (): string => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
