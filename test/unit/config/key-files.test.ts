// The config phase's key and certificate checks: each problem one line naming the variable and file.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/env';
import { checkBbpsKeys, loadTls } from '../../../src/config/key-files';

const dir = mkdtempSync(join(tmpdir(), 'key-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: { export(o: object): string | Buffer }, type: 'pkcs8' | 'spki') => String(k.export({ type, format: 'pem' }));

function problemsOf(env: Record<string, string>): string[] {
  const problems: string[] = [];
  const config = loadConfig(env);
  checkBbpsKeys(config, problems);
  loadTls(config, problems);
  return problems;
}

test('usable RSA keys pass', () => {
  const ours = rsa();
  const theirs = rsa();
  expect(problemsOf({ BBPS_SIGNING_KEY_FILE: file('ok.key', pem(ours.privateKey, 'pkcs8')), BBPS_CU_CERT_FILE: file('cu.pub', pem(theirs.publicKey, 'spki')) })).toEqual([]);
});

test('a public key where the private key belongs, an EC key, a private key that is not PEM', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = file('pub.pem', pem(rsa().publicKey, 'spki'));
  const ecKey = file('ec.key', pem(ec.privateKey, 'pkcs8'));
  const ecPub = file('ec.pub', pem(ec.publicKey, 'spki'));
  expect(problemsOf({ BBPS_SIGNING_KEY_FILE: pub, BBPS_CU_CERT_FILE: ecPub })).toEqual([
    `BBPS_SIGNING_KEY_FILE (${pub}): not a PEM private key`,
    `BBPS_CU_CERT_FILE (${ecPub}): must be an RSA key (found ec)`,
  ]);
  expect(problemsOf({ BBPS_SIGNING_KEY_FILE: ecKey })).toEqual([`BBPS_SIGNING_KEY_FILE (${ecKey}): must be an RSA key (found ec)`]);
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const describeOpenssl = hasOpenssl ? describe : describe.skip;

describeOpenssl('TLS files (certificates made with openssl)', () => {
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  beforeAll(() => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=test'], { stdio: 'ignore' });
  });

  test('a matching pair loads; a key of another pair is named as not matching the certificate', () => {
    expect(problemsOf({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key })).toEqual([]);
    const other = file('other.key', pem(rsa().privateKey, 'pkcs8'));
    const problems = problemsOf({ TLS_CERT_FILE: cert, TLS_KEY_FILE: other });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^TLS_KEY_FILE \\(${other}\\): does not match TLS_CERT_FILE \\(${cert}\\)`));
  });

  test('a CA file that is not a certificate', () => {
    const ca = file('ca.pem', 'REPLACE_ME');
    expect(problemsOf({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key, TLS_CLIENT_CA_FILE: ca })).toEqual([`TLS_CLIENT_CA_FILE (${ca}): not a PEM certificate`]);
  });
});
