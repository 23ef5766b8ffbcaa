// Assembles the BBPS network mode (design §3.3, §3.7, §7): keys read from files, the outbox dispatcher
// with its work runner and callback sender, the heartbeat. Without BBPS_CALLBACK_URL only the keys are
// built (the sync routes sign and verify too) and the async routes refuse.
import { readFileSync } from 'node:fs';
import { createSigner, createVerifier, describePinnedKey, type Signer, type Verifier } from '../bbps/signature';
import type { Config } from '../config/env';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Clock, Ledger } from '../core/ports';
import type { AnswerDeps, UseCases } from './build-answer';
import { createDeliver } from './callback-sender';
import { Heartbeat } from './heartbeat';
import { OpsLog } from './ops-log';
import { OutboxDispatcher } from './outbox-dispatcher';
import { WorkRunner } from './work-runner';
import { workId } from './work-item';

export interface NetworkMode {
  sign?: Signer;
  verifier?: Verifier;
  opsLog: OpsLog;
  dispatcher?: OutboxDispatcher;
  heartbeat?: Heartbeat;
  /** a fresh work item is the accepting process's for this long */
  workLeaseMs: number;
  start(): void;
  stop(): Promise<void>;
}

export interface NetworkDeps extends UseCases {
  config: Config;
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  /** keys already loaded by the composition root's config phase (before any network call) */
  keys?: { sign?: Signer; verifier?: Verifier };
}

function readKeyFile(key: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('CONFIG_INVALID', `configuration: ${key} cannot be read (${(e as Error).message})`);
  }
}

export function loadKeys(config: Config, log: Logger): { sign?: Signer; verifier?: Verifier } {
  const sign = config.signingKeyFile ? createSigner(readKeyFile('BBPS_SIGNING_KEY_FILE', config.signingKeyFile)) : undefined;
  let verifier: Verifier | undefined;
  if (config.cuCertFile) {
    const pem = readKeyFile('BBPS_CU_CERT_FILE', config.cuCertFile);
    verifier = createVerifier(pem);
    const pin = describePinnedKey(pem);
    log.info('BBPS: inbound messages are verified against the pinned CU key', { kind: pin.kind, bits: pin.modulusBits, spkiSha256: pin.spkiSha256, subject: pin.subject, validTo: pin.validTo });
    for (const w of pin.warnings) log.warn(`BBPS_CU_CERT_FILE: ${w}`);
  } else {
    log.warn('BBPS VERIFICATION IS OFF: BBPS_CU_CERT_FILE is not set, inbound BBPS messages are accepted without checking their signature. Never run like this on the BBPS network.');
  }
  if (!sign) log.warn('BBPS SIGNING IS OFF: BBPS_SIGNING_KEY_FILE is not set, everything we send is unsigned and a real CU will refuse it.');
  return { sign, verifier };
}

export function createNetworkMode(deps: NetworkDeps): NetworkMode {
  const { config, ledger, clock, log } = deps;
  const { sign, verifier } = deps.keys ?? loadKeys(config, log);
  const opsLog = new OpsLog(ledger);
  // a work item may take a payment's whole deadline plus one DIGIT call (as a payment's own lease)
  const workLeaseMs = config.syncDeadlineMs + config.digitTimeoutMs + 5000;
  const base = config.callbackUrl;
  if (!base) {
    log.warn('BBPS_CALLBACK_URL is not set: the async BBPS routes refuse requests; only /bbps/sync/* answers');
    return { sign, verifier, opsLog, workLeaseMs, start: () => undefined, stop: async () => undefined };
  }
  const clientCert = config.tlsCertFile && config.tlsKeyFile
    ? { cert: readKeyFile('TLS_CERT_FILE', config.tlsCertFile), key: readKeyFile('TLS_KEY_FILE', config.tlsKeyFile) }
    : undefined;
  const deliver = createDeliver({ timeoutMs: config.callbackTimeoutMs, verifier, limits: config.xmlLimits, ...(clientCert ? { clientCert } : {}) });
  const answerDeps: AnswerDeps = { ...deps, opsLog, ouId: config.ouId, paymentDeadlineMs: config.syncDeadlineMs };
  const runner = new WorkRunner({ ...answerDeps, ledger, log, clock, callbackBase: base, sign, sendLeaseMs: config.callbackTimeoutMs + 5000 });
  const dispatcher = new OutboxDispatcher(ledger, runner, deliver, clock, log, {
    pollMs: Math.max(20, Math.min(1000, Math.floor(config.callbackRetryMs / 2))),
    leaseMs: Math.max(workLeaseMs, config.callbackTimeoutMs + 5000),
    retryFirstMs: config.callbackRetryMs,
    parkAfterMs: config.callbackParkAfterMs,
    batch: 20,
  });
  // a payment settled by the sweeper, a status query or a repeat: its waiting answer goes out now,
  // not at its work item's next retry on the callback cadence
  deps.payBill.onSettled((p) => dispatcher.hasten(workId({ api: 'BillPaymentRequest', reversal: false }, p.refId)));
  const heartbeat = new Heartbeat({ ledger, deliver, clock, log, ouId: config.ouId, callbackBase: base, sign, intervalMs: config.heartbeatMs });
  log.info('BBPS network mode on', { callbackUrl: base, heartbeatMs: config.heartbeatMs, retryMs: config.callbackRetryMs });
  return {
    sign, verifier, opsLog, dispatcher, heartbeat, workLeaseMs,
    start: () => {
      dispatcher.start();
      heartbeat.start();
    },
    stop: async () => {
      await heartbeat.stop();
      await dispatcher.stop();
    },
  };
}
