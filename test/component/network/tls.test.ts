// TLS_CERT_FILE / TLS_KEY_FILE serve HTTPS; TLS_CLIENT_CA_FILE requires a client certificate from that
// CA (mutual TLS). Certificates are made here with the openssl binary; without it the test is skipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../../support/harness';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasOpenssl) console.warn('tls.test.ts skipped: no openssl binary to make test certificates');
const describeTls = hasOpenssl ? describe : describe.skip;

function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, subject, ext] of [['server', '/CN=127.0.0.1', ['-extfile', 'san.ext']], ['client', '/CN=bbps-cu', []]] as const) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', ...ext);
  }
  // a client certificate from another CA
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rogue.key', '-out', 'rogue.crt', '-days', '2', '-subj', '/CN=rogue');
  const read = (f: string) => readFileSync(join(dir, f));
  return { ca: read('ca.crt'), clientCert: read('client.crt'), clientKey: read('client.key'), rogueCert: read('rogue.crt'), rogueKey: read('rogue.key') };
}

function get(url: string, opts: { ca: Buffer; cert?: Buffer; key?: Buffer }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/health/live`, { ...opts, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describeTls('TLS', () => {
  let dir: string;
  let certs: ReturnType<typeof makeCertificates>;
  let h: Harness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bbps-tls-'));
    certs = makeCertificates(dir);
    h = await startHarness({
      dir,
      env: { TLS_CERT_FILE: join(dir, 'server.crt'), TLS_KEY_FILE: join(dir, 'server.key'), TLS_CLIENT_CA_FILE: join(dir, 'ca.crt') },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('HTTPS with a client certificate from the configured CA', async () => {
    expect(h.svc.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(h.svc.url, { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey })).toBe(200);
  });

  test('no client certificate, or one from another CA: the handshake is refused', async () => {
    await expect(get(h.svc.url, { ca: certs.ca })).rejects.toThrow();
    await expect(get(h.svc.url, { ca: certs.ca, cert: certs.rogueCert, key: certs.rogueKey })).rejects.toThrow();
  });
});

test('TLS_KEY_FILE without TLS_CERT_FILE stops the boot naming the keys', async () => {
  await expect(startHarness({ env: { TLS_KEY_FILE: '/nonexistent.key' } })).rejects.toThrow(/TLS_CERT_FILE|TLS_KEY_FILE/);
});
