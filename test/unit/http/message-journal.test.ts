// The message journal keeps an accepted body whole and a refused one up to REJECTED_BODY_KEPT bytes,
// saying how long it was: a flood of hostile bodies near BBPS_MAX_BODY_BYTES cannot fill the ledger.
import { silentLogger } from '../../../src/core/logger';
import type { Ledger, MessageRecord } from '../../../src/core/ports';
import { MessageJournal, REJECTED_BODY_KEPT } from '../../../src/http/message-journal';

const recorded: MessageRecord[] = [];
const ledger = { recordMessage: async (m: MessageRecord) => { recorded.push(m); } } as unknown as Ledger;
const journal = new MessageJournal(ledger, silentLogger);
const x = { api: 'BillPaymentRequest', refId: 'R1' };

beforeEach(() => {
  recorded.length = 0;
});

test('a refused body of 1 MB is kept up to REJECTED_BODY_KEPT bytes, with its whole length named', async () => {
  await journal.inbound(x, Buffer.alloc(1024 * 1024, 'x'), 'REJECTED:VALUE_TOO_LONG');
  const body = recorded[0]?.body ?? '';
  expect(body.startsWith('x'.repeat(REJECTED_BODY_KEPT))).toBe(true);
  expect(body.slice(REJECTED_BODY_KEPT)).toBe(`…[${1024 * 1024} bytes in all; the rest was not kept]`);
});

test('a refused body within the bound, and any accepted body, are kept whole', async () => {
  await journal.inbound(x, 'y'.repeat(REJECTED_BODY_KEPT), 'REJECTED:REQUEST_INVALID');
  await journal.inbound(x, Buffer.alloc(REJECTED_BODY_KEPT * 2, 'z'), 'ACCEPTED');
  expect(recorded.map((m) => m.body.length)).toEqual([REJECTED_BODY_KEPT, REJECTED_BODY_KEPT * 2]);
});
