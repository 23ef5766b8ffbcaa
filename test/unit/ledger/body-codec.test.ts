// Stored message bodies: deflated against the BBPS dictionary, read back byte for byte (signed bytes
// must stay exactly as they were), and rows stored before compression still read.
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packBody, unpackBody } from '../../../src/ledger/body-codec';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bbps', name), 'utf8');

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
