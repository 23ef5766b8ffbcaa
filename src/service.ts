// Composition root: config → adapters → use cases → HTTP server, and an orderly shutdown.
// `npm start` runs it through main.ts; component tests start it in-process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BillerRegistry } from './billers/registry';
import { loadBillersFile } from './billers/load';
import { loadConfig, type Config } from './config/env';
import { FetchBill } from './core/fetch-bill';
import type { Logger } from './core/logger';
import { PayBill } from './core/pay-bill';
import { ReversePayment } from './core/reverse-payment';
import { TxnStatus } from './core/txn-status';
import { ValidateBill } from './core/validate-bill';
import { systemClock, type Clock, type Ledger } from './core/ports';
import { createDigitGateway } from './digit';
import { createApp } from './http/app';
import { createServer } from './http/server';
import { createNetworkMode, type NetworkMode } from './jobs/network-mode';
import { Sweeper } from './jobs/sweeper';
import { openLedger } from './ledger';
import { createLogger } from './observability/logger';
import { startJsonApi } from './json-api';
import { createDigitSandbox, SANDBOX_USER } from './simulators/digit';

export interface RunningService {
  url: string;
  config: Config;
  ledger: Ledger;
  payBill: PayBill;
  sweeper: Sweeper;
  /** BBPS network mode: keys, outbox dispatcher, heartbeat */
  network: NetworkMode;
  /** the express app (route tables are read from it by tests) */
  app: ReturnType<typeof createApp>;
  /** the JSON API's demo key, made when the sandbox runs and CLIENTS_FILE has no client */
  demoApiKey?: string;
  /** the in-process DIGIT sandbox when DIGIT_URL is unset */
  sandbox?: ReturnType<typeof createDigitSandbox>;
  sandboxUrl?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clock?: Clock;
  /** start the sweeper timer (tests drive sweepOnce themselves) */
  sweeper?: boolean;
  /** start the outbox dispatcher and heartbeat of the network mode (default true) */
  network?: boolean;
}

export async function startService(opts: StartOptions = {}): Promise<RunningService> {
  const config = loadConfig(opts.env ?? process.env);
  const log = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const billers = new BillerRegistry(loadBillersFile(config.billersFile));

  let sandbox: RunningService['sandbox'];
  let sandboxServer: { url: string; close(): Promise<void> } | undefined;
  if (!config.digitUrl) {
    sandbox = createDigitSandbox();
    sandboxServer = await sandbox.listen(0, '127.0.0.1');
    log.warn('DIGIT_URL is not set: using the in-process DIGIT sandbox (demo data only)', { sandboxUrl: sandboxServer.url });
  }
  const digit = createDigitGateway({
    baseUrl: config.digitUrl ?? sandboxServer!.url,
    username: config.digitUsername ?? SANDBOX_USER.username,
    password: config.digitPassword ?? SANDBOX_USER.password,
    loginTenant: config.digitUrl ? config.digitLoginTenant : SANDBOX_USER.tenantId,
    userType: config.digitUserType,
    timeoutMs: config.digitTimeoutMs,
    logger: log,
  });
  // one login at boot so readiness can turn green; a DIGIT that is down now is not fatal
  void digit.warmUp().then((ok) => {
    if (!ok) log.warn('DIGIT login at boot did not succeed; readiness stays red until a login succeeds');
  });
  const ledger = await openLedger(config.databaseUrl, { clock, sqliteSynchronous: config.sqliteSynchronous });

  // a worker owns a payment for its deadline plus one DIGIT call: nobody else touches it meanwhile
  const leaseMs = config.syncDeadlineMs + config.digitTimeoutMs + 5000;
  const fetchBill = new FetchBill({ billers, digit, ledger, clock, log });
  const payBill = new PayBill({ billers, digit, ledger, clock, log, ouId: config.ouId, leaseMs });
  const sweeper = new Sweeper(ledger, payBill, clock, log, {
    intervalMs: config.sweepIntervalMs,
    leaseMs,
    budgetMs: config.syncDeadlineMs,
    batch: 20,
    alertAfterMs: 15 * 60_000,
  });

  const validateBill = new ValidateBill({ billers, digit, ledger, log });
  // a status query resolves an unknown outcome briefly; the answer waits for the sweeper beyond that
  const txnStatus = new TxnStatus({ ledger, payBill, clock, resolveMs: Math.min(config.syncDeadlineMs, 5000) });
  const reversePayment = new ReversePayment({ digit, ledger, clock, log, leaseMs });
  const network = createNetworkMode({ config, ledger, clock, log, fetchBill, payBill, validateBill, txnStatus, reversePayment });

  const jsonApi = await startJsonApi({ config, billers, ledger, digit, fetchBill, payBill, txnStatus, clock, log, sandbox: !config.digitUrl });
  const app = createApp({
    config, billers, ledger, digit, fetchBill, payBill, clock, log,
    opsLog: network.opsLog, dispatcher: network.dispatcher, workLeaseMs: network.workLeaseMs, verifier: network.verifier, sign: network.sign,
    api: jsonApi.deps,
  });
  const { server, scheme } = createServer(app, config);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  server.keepAliveTimeout = 65_000;
  // responses still being worked on when close() starts end their connection once sent: otherwise a
  // keep-alive client would hold the process open for keepAliveTimeout after its answer
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  // prepended: runs before express, so no handler has answered yet
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
    unanswered.add(res);
    res.on('close', () => unanswered.delete(res));
  });
  if (opts.sweeper !== false) sweeper.start();
  if (opts.network !== false) network.start();
  const url = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  log.info('adapter listening', { url, ledger: config.databaseUrl.replace(/\/\/[^@]*@/, '//***@'), digit: config.digitUrl ?? 'sandbox' });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // stop taking requests, let in-flight ones finish, then stop background work and the stores
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await network.stop();
      await sweeper.stop();
      digit.close();
      await jsonApi.store.close();
      await ledger.close();
      await sandboxServer?.close();
    })());
  return { url, config, ledger, payBill, sweeper, network, app, demoApiKey: jsonApi.demoKey, sandbox, sandboxUrl: sandboxServer?.url, close };
}
