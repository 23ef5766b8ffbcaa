// The CU simulator's signatures agree with the adapter's signature module in both directions (two
// independent implementations of the same profile), and refuse what they must.
import { generateKeyPairSync } from 'node:crypto';
import { createSigner, createVerifier } from '../../../src/bbps/signature';
import { cuRequests, cuSign, cuVerify } from '../../../src/simulators/bbps-cu';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const cu = pair();
const adapter = pair();
const doc = cuRequests.fetchRequest({ refId: 'R'.repeat(35), msgId: 'M'.repeat(35), billerId: 'PBMC00000PUN01', params: [['City', 'Amritsar'], ['Property ID', 'PB-PT-2023-04-12-000456']], origInst: 'BBCU' });

test('what the simulator signs, the adapter verifies (and only under the right key)', () => {
  const signed = cuSign(doc, cu.priv);
  expect(signed).not.toMatch(/[\r\n]/);
  expect(createVerifier(cu.pub)(signed)).toMatchObject({ ok: true, xml: signed });
  expect(createVerifier(adapter.pub)(signed)).toMatchObject({ ok: false });
  expect(createVerifier(cu.pub)(signed.replace('Amritsar', 'Jalandhar'))).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
});

test('what the adapter signs, the simulator verifies; tampering and foreign keys fail', () => {
  const signed = createSigner(adapter.priv)(doc);
  expect(cuVerify(signed, adapter.pub)).toBe(true);
  expect(cuVerify(signed, cu.pub)).toBe(false);
  expect(cuVerify(signed.replace('Amritsar', 'Jalandhar'), adapter.pub)).toBe(false);
  expect(cuVerify(doc, adapter.pub)).toBe(false);
  const sig = signed.slice(signed.indexOf('<Signature'), signed.indexOf('</Signature>') + 12);
  expect(cuVerify(signed.replace('</ns2:BillFetchRequest>', `${sig}</ns2:BillFetchRequest>`), adapter.pub)).toBe(false);
});
