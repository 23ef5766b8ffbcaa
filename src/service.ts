// Composition root: config → adapters → use cases → HTTP server, and an orderly shutdown.
// `npm start` runs it through main.ts; component tests start it in-process.
// Order matters: the whole configuration (environment and every file it names) is checked before
// any network call; the ledger (and its login guard) opens before DIGIT is contacted; DIGIT is
// logged in to only after the port is bound, so a process that cannot serve never spends a login.
import { rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BillerRegistry } from './billers/registry';
import { loadBootConfig } from './config/boot';
import type { Config } from './config/env';
import { FetchBill } from './core/fetch-bill';
import type { Logger } from './core/logger';
import { PayBill } from './core/pay-bill';
import { ReversePayment } from './core/reverse-payment';
import { TxnStatus } from './core/txn-status';
import { ValidateBill } from './core/validate-bill';
import { systemClock, type Clock, type Ledger } from './core/ports';
import { createDigitGateway, paymentLeaseMs } from './digit';
import { createApp } from './http/app';
import { compileAllowList } from './http/ip-allow';
import { boundUrl, createServer, listen } from './http/server';
import { createNetworkMode, loadKeys, type NetworkMode } from './jobs/network-mode';
import { Sweeper } from './jobs/sweeper';
import { openLedger, openLoginGuard, parseDatabaseUrl } from './ledger';
import { redactDatabaseUrl } from './ledger/url';
import { createLogger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { Tracing, useTracing } from './observability/tracing';
import { demoOperator } from './operators/demo';
import { OperatorRegistry } from './operators/registry';
import type { Operator } from './operators/types';
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
  /** Prometheus metrics of this instance (GET /metrics) */
  metrics: Metrics;
  /** the express app (route tables are read from it by tests) */
  app: ReturnType<typeof createApp>;
  /** the JSON API's demo key, made when the sandbox runs and CLIENTS_FILE has no client */
  demoApiKey?: string;
  /** the demo operator's key (/ops), made when the sandbox runs and OPERATORS_FILE has no operator */
  demoOperatorKey?: string;
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

/** The demo's ledger starts empty, as its in-process sandbox does (both fresh on every start). */
function emptyDemoLedger(config: Config, log: Logger): void {
  const target = parseDatabaseUrl(config.databaseUrl);
  if (!config.demoLedger || target.kind !== 'sqlite') return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${target.path}${suffix}`, { force: true });
  log.info('demo: the ledger starts empty, like the in-process DIGIT sandbox (both fresh on every start)', { ledger: config.databaseUrl });
}

function warnSandboxLedger(config: Config, log: Logger): void {
  if (config.digitUrl || config.demoLedger) return;
  if (parseDatabaseUrl(config.databaseUrl).kind === 'postgres') {
    log.error(
      'SHARED LEDGER WITH A PRIVATE DIGIT: DATABASE_URL is PostgreSQL but DIGIT_URL is not set, so this instance posts to its own in-process sandbox. ' +
        'Other instances on this ledger have sandboxes of their own: their payments are not in this DIGIT. Run one sandbox (npm run sandbox:digit) and set DIGIT_URL on every instance.',
    );
  } else {
    log.warn('DATABASE_URL is set but DIGIT_URL is not: the ledger is kept across restarts, the in-process sandbox starts fresh each time (payments from earlier runs are not in it)');
  }
}

/** OPERATORS_FILE's operators; with the sandbox and none configured, a demo operator (design §3.9). */
function operatorsFor(config: Config, configured: Operator[] | undefined, log: Logger): { registry: OperatorRegistry; demoKey?: string } {
  const operators = configured ?? [];
  if (operators.length === 0 && !config.digitUrl) {
    const demo = demoOperator();
    return { registry: new OperatorRegistry([demo.operator]), demoKey: demo.key };
  }
  if (operators.length === 0) log.warn(`operators: no operator in OPERATORS_FILE ${config.operatorsFile}; /ops and /console refuse everyone (401). Add one with npm run operator:add`);
  else log.info('operators loaded', { operatorsFile: config.operatorsFile, operators: operators.map((o) => `${o.id} (${o.role})`) });
  return { registry: new OperatorRegistry(operators) };
}

export async function startService(opts: StartOptions = {}): Promise<RunningService> {
  // ---- the configuration, whole, before any network call
  const { config, billers: billerList, operators: operatorList, tls } = loadBootConfig(opts.env ?? process.env);
  compileAllowList(config.allowedIps);
  const log = opts.logger ?? createLogger(config.logLevel);
  // tracing first: every later line and call of this service is traced (exported only with an endpoint)
  const tracing = new Tracing({ endpoint: config.otlpEndpoint, serviceName: config.otelServiceName });
  useTracing(tracing);
  if (tracing.exporting) log.info('OpenTelemetry: spans are exported', { endpoint: config.otlpEndpoint, serviceName: config.otelServiceName });
  const metrics = new Metrics();
  const clock = opts.clock ?? systemClock;
  const billers = new BillerRegistry(billerList);
  const keys = loadKeys(config, log);

  // ---- the ledger and its login guard: a refused login is remembered before DIGIT is asked again
  emptyDemoLedger(config, log);
  warnSandboxLedger(config, log);
  const ledger = await openLedger(config.databaseUrl, { clock, sqliteSynchronous: config.sqliteSynchronous, backgroundCheckpoint: true,
    onCheckpointLost: (why) => log.warn('the ledger\'s checkpoint worker is lost: WAL checkpoints run inside commits again', { why: why.slice(0, 200) }),
  });
  const loginGuard = openLoginGuard(config.databaseUrl, { clock });

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
    loginGuard,
    observer: metrics.digit,
    reloginMaxMs: config.digitReloginMs,
  });
  metrics.watch(ledger, digit);

  // renewed before each DIGIT call, a lease must outlast the longest single call path (login, call,
  // 401, re-login, call: up to 4 timeouts) — see paymentLeaseMs
  const leaseMs = paymentLeaseMs(config.digitTimeoutMs);
  const persistBoundMs = config.digitPersistBoundMs;
  const fetchBill = new FetchBill({ billers, digit, ledger, clock, log });
  const payBill = new PayBill({ billers, digit, ledger, clock, log, ouId: config.ouId, leaseMs, persistBoundMs });
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
  const reversePayment = new ReversePayment({ digit, ledger, clock, log, leaseMs, persistBoundMs });
  const network = createNetworkMode({ config, ledger, clock, log, fetchBill, payBill, validateBill, txnStatus, reversePayment, keys });

  const ops = operatorsFor(config, operatorList, log);
  if (!config.consoleSessionSecret) {
    log.warn('console: CONSOLE_SESSION_SECRET is not set: sessions are signed with a random key made at this boot, so every operator is signed out at each restart and sessions do not work across several instances (set the same secret on each)');
  }
  const jsonApi = await startJsonApi({ config, billers, ledger, digit, fetchBill, payBill, txnStatus, clock, log, sandbox: !config.digitUrl });
  const app = createApp({
    config, billers, ledger, digit, fetchBill, payBill, clock, log,
    opsLog: network.opsLog, dispatcher: network.dispatcher, workLeaseMs: network.workLeaseMs, verifier: network.verifier, sign: network.sign,
    api: jsonApi.deps,
    operators: ops.registry,
    digitLoginStatus: () => digit.loginStatus(),
    circuitStates: () => digit.circuitStates(),
    metrics,
  });
  const { server, scheme } = createServer(app, tls, config);
  const closeStores = async () => {
    digit.close();
    await loginGuard.close();
    await jsonApi.store.close();
    await ledger.close();
    await sandboxServer?.close();
    await tracing.shutdown().catch(() => undefined);
  };
  const bound = await listen(server, config.port, config.host).catch(async (e: unknown) => {
    await closeStores().catch(() => undefined);
    throw e;
  });
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
  // the first login (and later ones whenever no token is held), as the login guard allows
  const loginKeeper = digit.keepLoggedIn();
  if (opts.sweeper !== false) sweeper.start();
  if (opts.network !== false) network.start();
  const url = boundUrl(scheme, bound);
  log.info('adapter listening', { url, host: bound.address, port: bound.port, ledger: redactDatabaseUrl(config.databaseUrl), digit: config.digitUrl ?? 'sandbox' });

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
      loginKeeper.stop();
      await network.stop();
      await sweeper.stop();
      await closeStores();
    })());
  return { url, config, ledger, payBill, sweeper, network, app, metrics, demoApiKey: jsonApi.demoKey, demoOperatorKey: ops.demoKey, sandbox, sandboxUrl: sandboxServer?.url, close };
}
