// A signed network-mode setup for component tests: key pairs for both sides, the CU simulator as
// BBPS_CALLBACK_URL, and the adapter (in-process, DIGIT sandbox) pointed at it.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CuSimulator } from '../../../src/simulators/bbps-cu';
import { startHarness, type Harness, type HarnessOptions } from '../../support/harness';

export interface KeyPair {
  privatePem: string;
  publicPem: string;
}

export function newKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface Network {
  h: Harness;
  cu: CuSimulator;
  adapterKeys: KeyPair;
  cuKeys: KeyPair;
  stop(): Promise<void>;
}

export interface NetworkOptions extends HarnessOptions {
  /** false: neither side signs or verifies */
  signed?: boolean;
  answerHeartbeats?: boolean;
}

export async function startNetwork(opts: NetworkOptions = {}): Promise<Network> {
  const adapterKeys = newKeyPair();
  const cuKeys = newKeyPair();
  const signed = opts.signed !== false;
  const cu = new CuSimulator({
    ...(signed ? { privateKeyPem: cuKeys.privatePem, adapterKeyPem: adapterKeys.publicPem } : {}),
    answerHeartbeats: opts.answerHeartbeats,
  });
  const cuUrl = await cu.listen();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'bbps-network-'));
  const keyEnv: Record<string, string> = signed
    ? { BBPS_SIGNING_KEY_FILE: writePem(dir, 'adapter-private.pem', adapterKeys.privatePem), BBPS_CU_CERT_FILE: writePem(dir, 'cu-public.pem', cuKeys.publicPem) }
    : {};
  const h = await startHarness({
    ...opts,
    dir,
    env: {
      BBPS_CALLBACK_URL: cuUrl,
      BBPS_CALLBACK_RETRY_MS: '50',
      BBPS_CALLBACK_TIMEOUT_MS: '1000',
      BBPS_HEARTBEAT_MS: '0',
      ...keyEnv,
      ...(opts.env ?? {}),
    },
  });
  cu.adapterUrl = h.svc.url;
  return {
    h, cu, adapterKeys, cuKeys,
    async stop() {
      await h.stop();
      await cu.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes PEM text into the harness folder and returns the path (for *_FILE variables). */
export function writePem(dir: string, name: string, pem: string): string {
  const path = join(dir, name);
  writeFileSync(path, pem);
  return path;
}

/** Polls `read` until `done` holds (or fails after timeoutMs), returning the last value read. */
export async function eventually<T>(read: () => Promise<T> | T, done: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(v)?.slice(0, 300)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
