import { parseArgs } from '../../../bench/args';
import { fetchedAmountPaise, firstBill, IdSource, isBbpsSuccess, isCreateSuccess, paymentXml } from '../../../bench/messages';
import { ConsumerRange, FetchedPool } from '../../../bench/pairs';
import { cpuSecondsFromStat, memoryFromStatus } from '../../../bench/proc-stats';
import { parseBbps, toPaymentRequest } from '../../../src/bbps';

describe('bench harness pieces', () => {
  it('parses the command line, with defaults and refusals', () => {
    expect(parseArgs([])).toMatchObject({ db: 'sqlite', scale: false, instances: 1, runs: 5 });
    expect(parseArgs(['--db', 'postgres', '--scale', '--runs', '3'])).toMatchObject({ db: 'postgres', scale: true, runs: 3 });
    expect(parseArgs(['--instances', '2'])).toMatchObject({ instances: 2, db: 'postgres' });
    expect(() => parseArgs(['--db', 'mysql'])).toThrow(/sqlite or postgres/);
    expect(() => parseArgs(['--runs', '0'])).toThrow(/positive integer/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option/);
  });

  it('hands out each fetched consumer to one payment only', () => {
    const pool = new FetchedPool();
    pool.add({ consumerCode: 'C1', key: 'R1', amountPaise: 100, mobile: '7000000001' });
    pool.add({ consumerCode: 'C1', key: 'R2', amountPaise: 100, mobile: '7000000001' });
    pool.add({ consumerCode: 'C2', key: 'R3', amountPaise: 100, mobile: '7000000002' });
    expect(pool.size).toBe(2);
    expect(pool.take()?.key).toBe('R1');
    expect(pool.take()?.key).toBe('R3');
    expect(pool.take()).toBeUndefined();
  });

  it('consumer ranges stay inside their bounds', () => {
    const r = new ConsumerRange(5, 6);
    expect(r.take().consumerCode).toBe('PB-PT-2024-01-01-000005');
    expect(r.take().index).toBe(6);
    expect(r.high).toBe(6);
    expect(() => r.take()).toThrow(/exhausted/);
  });

  it('ids never repeat and stay BBPS-valid', () => {
    const ids = new IdSource('AK3F9ZQ');
    const seen = new Set(Array.from({ length: 5000 }, () => ids.next()));
    expect(seen.size).toBe(5000);
    for (const id of seen) expect(id).toMatch(/^[A-Z0-9]{1,35}$/);
  });

  it('builds a payment the adapter codec accepts', () => {
    const xml = paymentXml({ refId: 'R1', msgId: 'M1', txn: 'A1', consumerCode: 'PB-PT-2024-01-01-000001', amountPaise: 150000 });
    const req = toPaymentRequest(parseBbps(Buffer.from(xml), { expect: 'BillPaymentRequest', maxBytes: 262144 })).request;
    expect(req).toMatchObject({ txnReferenceId: 'A1', refId: 'R1', amountPaise: 150000, billerId: 'PBMC00000PUN01' });
  });

  it('reads answers: BBPS codes and amounts, DIGIT bills and receipts', () => {
    expect(isBbpsSuccess('<Reason responseCode="000"/>')).toBe(true);
    expect(isBbpsSuccess('<Reason responseCode="BFR004"/>')).toBe(false);
    expect(fetchedAmountPaise('<ns2:BillerResponse customerName="X" amount="150000" billNumber="B"/>')).toBe(150000);
    expect(firstBill('{"Bill":[{"id":"b1","totalAmount":1500}]}')).toEqual({ billId: 'b1', amountPaise: 150000 });
    expect(firstBill('{"Bill":[{"id":"b1","totalAmount":15.5}]}')).toBeUndefined();
    expect(firstBill('not json')).toBeUndefined();
    expect(isCreateSuccess(200, '{"Payments":[{"id":"p"}]}')).toBe(true);
    expect(isCreateSuccess(400, '{"Errors":[]}')).toBe(false);
  });

  it('reads CPU seconds and memory from /proc texts', () => {
    const stat = '1234 (node main (x)) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 11';
    expect(cpuSecondsFromStat(stat)).toBe(3);
    expect(memoryFromStatus('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n')).toEqual({ rssKb: 102400, peakRssKb: 204800 });
    expect(() => memoryFromStatus('Name: node')).toThrow();
  });
});
