// The real winston logger, its output scanned line by line: no mobile number in any of the ways it is
// written (issue 13: `+91…`, `0…`, `98765 43210`, `98765-43210`, deeper than five levels), no name under a
// name-like key, and DIGIT's error text logged bounded and on one line.
import { Writable } from 'node:stream';
import { fromStatus } from '../../../src/digit/errors';
import { createLogger } from '../../../src/observability/logger';
import { maskMobiles } from '../../../src/observability/mask';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger('debug', false, stream);
  const lines = async () => {
    await new Promise((r) => setImmediate(r));
    return chunks.join('').split('\n').filter(Boolean);
  };
  return { log, lines };
}

// any 10-digit Indian mobile, separators and prefixes allowed: what must never appear in a log line
const ANY_MOBILE = /(?<![0-9])[6-9](?:[ .-]?[0-9]){9}(?![0-9])/;
const WRITTEN = ['9876543210', '+919876543210', '+91 98765 43210', '+91-98765-43210', '0091 9876543210', '09876543210', '98765 43210', '98765-43210', '98765.43210', '91 9876543210'];

const nest = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : { level: levels, inner: nest(levels - 1, leaf) });

test('mobiles are masked however they are written, and at any depth', async () => {
  const { log, lines } = capture();
  for (const m of WRITTEN) {
    log.info(`payer called from ${m}`, { note: `call ${m} back`, list: [m], deep: nest(9, { text: `ring ${m}` }), err: new Error(`no answer at ${m}`) });
  }
  log.info('far too deep', { deep: nest(40, '9876543210') });
  const out = await lines();
  expect(out).toHaveLength(WRITTEN.length + 1);
  for (const line of out) {
    expect(line).not.toMatch(ANY_MOBILE);
    expect(() => JSON.parse(line)).not.toThrow();
  }
  // masked, not dropped: the kept digits are still there for support staff
  expect(out[0]).toContain('98XXXXXX10');
  expect(out[1]).toContain('+9198XXXXXX10');
  expect(out.at(-1)).toContain('[omitted: nested too deep]');
});

test('amounts, timestamps and ids are left alone', () => {
  const text = 'amount 150000 paise at 2026-11-25T12:00:00+05:30, epoch 1764662400000, refId n8tsUgAINn71teBaQVYPwWa6Ujw20341832, 12345678901';
  expect(maskMobiles(text)).toBe(text);
});

test('names under name-like keys are masked whatever their case or depth', async () => {
  const { log, lines } = capture();
  log.info('paid', { customerName: 'Ramesh Kumar', nested: nest(8, { PaidBy: 'Ramesh Kumar', ownerName: 'Ramesh Kumar' }) });
  const [line] = await lines();
  expect(line).not.toContain('Ramesh');
  expect(line).toContain('[masked]');
});

test('DIGIT error text: bounded, one line, codes in DIGIT’s alphabet, mobiles masked', async () => {
  const { log, lines } = capture();
  const message = `Payer 98765 43210 not found\n{"level":"error","message":"forged line"}\r\n${'x'.repeat(5000)}`;
  const body = JSON.stringify({ ResponseInfo: null, Errors: Array.from({ length: 100 }, (_, i) => ({ code: `E${i}\n<script>`, message })) });
  const e = fromStatus(400, body, 'bill _fetchbill', log);
  expect(e.digitCodes).toHaveLength(20);
  expect(e.digitCodes[0]).toBe('E0__script_');
  const out = await lines();
  expect(out).toHaveLength(1); // the forged line stayed inside the one real line
  const entry = JSON.parse(out[0] as string) as { errors: Array<{ code: string; message: string }> };
  expect(entry.errors).toHaveLength(20);
  for (const err of entry.errors) {
    expect(err.message.length).toBeLessThanOrEqual(201);
    expect(err.message).not.toMatch(/[\r\n]/);
    expect(err.message).toContain('98XXXXXX10');
  }
  expect(out[0]).not.toMatch(ANY_MOBILE);
});
