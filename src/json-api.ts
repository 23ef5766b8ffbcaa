// Composition of the JSON API (design §3.4): clients from CLIENTS_FILE (or the sandbox's demo client),
// its store beside the ledger, and the same use cases as the BBPS routes.
import { demoClient } from './clients/demo';
import { loadClientsFile } from './clients/load';
import { ClientRegistry } from './clients/registry';
import type { ApiClient } from './clients/types';
import type { ApiStore } from './core/api-store';
import { ClientPayments } from './core/client-payments';
import { IdempotentPayment } from './core/idempotent-payment';
import type { TxnStatus } from './core/txn-status';
import type { ApiDeps } from './http/api/router';
import type { AppDeps } from './http/app';
import { openApiStore } from './ledger/api-store';

/** What the BBPS app is built from, plus the status use case. */
export interface JsonApiParts extends Pick<AppDeps, 'config' | 'billers' | 'ledger' | 'digit' | 'fetchBill' | 'payBill' | 'clock' | 'log'> {
  txnStatus: TxnStatus;
  /** the in-process DIGIT sandbox runs: a demo client is made when none is configured */
  sandbox: boolean;
}

export async function startJsonApi(p: JsonApiParts): Promise<{ deps: ApiDeps; store: ApiStore; demoKey?: string }> {
  const { config, log } = p;
  let clients: ApiClient[] = loadClientsFile(config.clientsFile, p.billers) ?? [];
  let demoKey: string | undefined;
  if (clients.length === 0 && p.sandbox) {
    const demo = demoClient(p.billers);
    clients = [demo.client];
    demoKey = demo.key;
  } else if (clients.length === 0) {
    log.warn(`JSON API: no client in CLIENTS_FILE ${config.clientsFile}; /api/v1 refuses every request (401). Add one with npm run client:add`);
  } else {
    log.info('JSON API clients loaded', { clientsFile: config.clientsFile, clients: clients.map((c) => c.id) });
  }
  const store = await openApiStore(config.databaseUrl, () => p.clock.now(), config.sqliteSynchronous);
  // a request holds its key for one payment attempt and its DIGIT call; a holder that died frees it then
  const lockMs = config.syncDeadlineMs + config.digitTimeoutMs + 5000;
  const payments = new IdempotentPayment({ store, payBill: p.payBill, clock: p.clock, log, lockMs });
  const clientPayments = new ClientPayments({ store, ledger: p.ledger, txnStatus: p.txnStatus, digit: p.digit });
  const deps: ApiDeps = {
    clients: new ClientRegistry(clients), billers: p.billers, fetchBill: p.fetchBill, payments, clientPayments,
    clock: p.clock, log, deadlineMs: config.syncDeadlineMs,
  };
  return { deps, store, demoKey };
}
