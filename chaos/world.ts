// Everything a chaos run talks to, on loopback: the DIGIT sandbox (in this process, so its faults and
// `_create` hooks act at exact moments), the CU simulator (signs requests, receives callbacks), and the
// built service as its own process with a SQLite ledger in a temporary folder.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger } from '../src/ledger';
import type { Ledger } from '../src/core/ports';
import { CuSimulator } from '../src/simulators/bbps-cu';
import { createDigitSandbox, SANDBOX_USER, type DigitSandbox } from '../src/simulators/digit';
import { ServiceProcess } from './service';

/** The service's settings in a run: short timeouts so that faults resolve within an epoch. */
export const SERVICE_ENV = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DIGIT_TIMEOUT_MS: '400',
  DIGIT_PERSIST_BOUND_MS: '7000',
  DIGIT_RELOGIN_MS: '200',
  BBPS_SYNC_DEADLINE_MS: '1500',
  SWEEP_INTERVAL_MS: '300',
  BBPS_CALLBACK_RETRY_MS: '100',
  BBPS_CALLBACK_TIMEOUT_MS: '1000',
  BBPS_HEARTBEAT_MS: '0',
} as const;

export interface World {
  dir: string;
  databaseUrl: string;
  sandbox: DigitSandbox;
  cu: CuSimulator;
  service: ServiceProcess;
  /** the CU's private key: requests to the service are signed with it */
  cuPrivatePem: string;
  /** the ledger opened beside the service (it keeps its leases); close it after use */
  openLedger(): Promise<Ledger>;
  close(opts: { keep: boolean }): Promise<void>;
}

function keyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'bbps-chaos-'));
  const sandbox = createDigitSandbox({ markPaidDelayMs: 50 });
  const digit = await sandbox.listen(0, '127.0.0.1');
  const adapterKeys = keyPair();
  const cuKeys = keyPair();
  const cu = new CuSimulator({ privateKeyPem: cuKeys.privatePem, adapterKeyPem: adapterKeys.publicPem });
  const cuUrl = await cu.listen(0, '127.0.0.1');
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const databaseUrl = `sqlite:${join(dir, 'ledger.db')}`;
  const service = new ServiceProcess(
    {
      ...SERVICE_ENV,
      DIGIT_URL: digit.url,
      DIGIT_USERNAME: SANDBOX_USER.username,
      DIGIT_PASSWORD: SANDBOX_USER.password,
      DIGIT_LOGIN_TENANT: SANDBOX_USER.tenantId,
      DATABASE_URL: databaseUrl,
      BBPS_CALLBACK_URL: cuUrl,
      BBPS_SIGNING_KEY_FILE: write('adapter-private.pem', adapterKeys.privatePem),
      BBPS_CU_CERT_FILE: write('cu-public.pem', cuKeys.publicPem),
      OPERATORS_FILE: write('operators.json', '{"operators":[]}'),
      CLIENTS_FILE: write('clients.json', '{"clients":[]}'),
    },
    join(dir, 'service.log'),
  );
  try {
    await service.start();
  } catch (e) {
    await cu.close();
    await sandbox.dispose();
    throw e;
  }
  return {
    dir,
    databaseUrl,
    sandbox,
    cu,
    service,
    cuPrivatePem: cuKeys.privatePem,
    openLedger: () => openLedger(databaseUrl, { besideService: true }),
    async close({ keep }) {
      sandbox.onCreate({});
      sandbox.clearFaults();
      await service.stop();
      await cu.close();
      await sandbox.dispose();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
