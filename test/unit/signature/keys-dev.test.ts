// scripts/keys-dev.js run as operators run it: plain node, a target directory, --force to overwrite.
import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePinnedKey, signXml, verifyXml } from '../../../src/bbps/signature';
import { PAYMENT_XML } from './support';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'keys-dev.js');
const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 20000 });
const FILES = ['private', 'public', 'cert'].flatMap((k) => [`adapter-${k}.pem`, `cu-${k}.pem`]).sort();

describe('scripts/keys-dev.js', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-dev-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');

  it('makes two RSA-2048 pairs with self-signed certificates and says what it made', () => {
    const r = run(dir);
    expect(r.status).toBe(0);
    for (const f of FILES) expect(r.stdout).toContain(join(dir, f));
    for (const party of ['adapter', 'cu']) {
      const cert = new X509Certificate(read(`${party}-cert.pem`));
      const pub = createPublicKey(read(`${party}-public.pem`));
      expect(cert.verify(pub)).toBe(true); // self-signed by this very key
      expect(cert.checkPrivateKey(createPrivateKey(read(`${party}-private.pem`)))).toBe(true);
      expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(describePinnedKey(read(`${party}-cert.pem`)).warnings).toEqual([]);
      expect(statSync(join(dir, `${party}-private.pem`)).mode & 0o077).toBe(0);
    }
  });

  it('the CU pair signs what the adapter verifies against the CU certificate, and not against ours', () => {
    const signed = signXml(PAYMENT_XML, read('cu-private.pem'));
    expect(verifyXml(signed, read('cu-cert.pem')).ok).toBe(true);
    expect(verifyXml(signed, read('cu-public.pem')).ok).toBe(true);
    expect(verifyXml(signed, read('adapter-cert.pem'))).toMatchObject({ ok: false, code: 'SIGNATURE_MISMATCH' });
  });

  it('never overwrites existing keys without --force', () => {
    const before = read('cu-private.pem');
    const r = run(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refusing to overwrite existing keys \(use --force\)/);
    expect(read('cu-private.pem')).toBe(before);
    expect(run(dir, '--force').status).toBe(0);
    expect(read('cu-private.pem')).not.toBe(before);
  });

  it('rejects unknown options', () => {
    const r = run(dir, '--frce');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});
