// Stored message bodies: deflated against the BBPS dictionary, read back byte for byte (signed bytes
// must stay exactly as they were), and rows stored before compression still read; a payment's JSON
// documents (SQLite) against their own dictionary, the same way.
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_STORED_TEXT_BYTES, packBody, packDocument, unpack, unpackBody } from '../../../src/ledger/body-codec';
import { encodeJson } from '../../../src/ledger/json';
import { paymentRequest, postingPlan, succeeded, failedWith } from './conformance/fixtures';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bbps', name), 'utf8');

describe('document codec (tag 2)', () => {
  it('gives back exactly the text stored, whatever it is', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (s) => unpack(packDocument(s)) === s));
    fc.assert(fc.property(fc.jsonValue(), (v) => { const t = encodeJson(v); return unpack(packDocument(t)) === t; }));
  });

  it('stores a payment\'s request, plan and outcome in well under half their size, tagged 2', () => {
    for (const doc of [paymentRequest(), postingPlan(), succeeded(150_000), failedWith()]) {
      const json = encodeJson(doc);
      const packed = packDocument(json);
      expect(packed[0]).toBe(2);
      expect(unpack(packed)).toBe(json);
      expect(packed.length).toBeLessThan(json.length / 2);
    }
  });

  it('refuses a codec tag it does not know, naming what it was reading', () => {
    expect(() => unpack(Uint8Array.from([3, 1, 2]), 'stored payment request')).toThrow(/stored payment request has an unknown codec tag 3/);
    expect(() => unpack(Uint8Array.from([0, 1, 2]))).toThrow(/unknown codec tag 0/);
  });

  it('keeps the two dictionaries apart: a body reads with tag 1, a document with tag 2', () => {
    const text = '{"refId":"R1","msgId":"M1"}<Head ver="1.0"/>';
    expect(packBody(text)[0]).toBe(1);
    expect(unpack(packBody(text))).toBe(text);
    expect(unpackBody(packDocument(text))).toBe(text);
    expect(packBody(text).equals(packDocument(text))).toBe(false);
  });
});

describe('body codec', () => {
  it('gives back exactly the text stored, whatever it is', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (s) => unpackBody(packBody(s)) === s));
  });

  it('stores a BBPS message in well under half its size', () => {
    for (const name of ['bbps-biller-integrator__BillPaymentRequest__1.xml', 'bbps-biller-integrator__BillFetchResponse__1.xml']) {
      const xml = fixture(name);
      expect(unpackBody(packBody(xml))).toBe(xml);
      expect(packBody(xml).length).toBeLessThan(xml.length / 2);
    }
  });

  it('refuses a codec tag it does not know (never guesses at stored bytes)', () => {
    expect(() => unpackBody(Uint8Array.from([9, 1, 2]))).toThrow(/unknown codec tag 9/);
  });

  // a truncated or garbled stream is refused by inflate (raw deflate carries no checksum: a flipped bit
  // inside a stream may inflate to other text, as with tag 1; a document's JSON.parse then likely refuses it)
  it('refuses a corrupt blob with an error naming what it was reading, never a guess', () => {
    const good = packDocument(encodeJson(postingPlan()));
    const cut = good.subarray(0, good.length - 5);
    expect(() => unpack(cut, 'stored plan')).toThrow(/stored plan is corrupt \(codec tag 2/);
    expect(() => unpack(Uint8Array.from([1, 0xff, 0xff, 0xff]), 'stored body')).toThrow(/stored body is corrupt \(codec tag 1/);
    expect(() => unpack(Uint8Array.from([]))).toThrow(/unknown codec tag undefined/);
  });

  // a blob that inflates far past anything stored (17 MiB of one byte deflates to ~17 KB) is refused
  // without allocating it: a planted or corrupt row cannot take the process's memory
  it('refuses a blob that would inflate past MAX_STORED_TEXT_BYTES', () => {
    const bomb = packBody('a'.repeat(MAX_STORED_TEXT_BYTES + 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => unpack(bomb, 'stored body')).toThrow(/stored body is corrupt \(codec tag 1/);
    expect(unpack(packBody('a'.repeat(1024 * 1024)))).toHaveLength(1024 * 1024);
  });

  it('reads the rows stored before compression (body text, no body_z) beside the new ones', async () => {
    const ledger = await openSqliteLedger(':memory:');
    const db = (ledger as unknown as { db: DatabaseSync }).db;
    db.prepare(`INSERT INTO messages (at, direction, api, ref_id, body) VALUES (1, 'IN', 'BillFetchRequest', 'R-OLD', '<old é/>')`).run();
    await ledger.recordMessage({ direction: 'OUT', api: 'BillFetchResponse', refId: 'R-OLD', body: '<new é/>' });
    expect((await ledger.findMessages({ refId: 'R-OLD' })).map((m) => m.body)).toEqual(['<old é/>', '<new é/>']);
    const stored = db.prepare(`SELECT body, body_z FROM messages WHERE api = 'BillFetchResponse'`).get()!;
    expect(stored.body).toBe('');
    expect(stored.body_z).toBeInstanceOf(Uint8Array);
    await ledger.close();
  });
});
