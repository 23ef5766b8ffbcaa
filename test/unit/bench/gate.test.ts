import { checkGate, findDuplicates } from '../../../bench/gate';
import { sandboxView } from '../../../bench/sandbox-payments';

const ok = { count: 3, sumPaise: 450000 };
const base = { answers: ok, ledger: ok, sandbox: ok, transactionNumbers: ['A1', 'A2', 'A3', 'Z1'], paymentsSent: 3 };

describe('bench validity gate', () => {
  it('passes when answers, ledger and DIGIT agree and nothing is paid twice', () => {
    expect(checkGate(base)).toEqual({ ok: true, problems: [], duplicates: [] });
  });

  it('fails on a count or sum mismatch and says which', () => {
    const r = checkGate({ ...base, ledger: { count: 3, sumPaise: 449900 } });
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/ledger successes \(3 payments \/ 449900 paise\)/);
    expect(checkGate({ ...base, sandbox: { count: 4, sumPaise: 600000 } }).ok).toBe(false);
  });

  it('fails on a transactionNumber stored twice', () => {
    const r = checkGate({ ...base, transactionNumbers: ['A1', 'A2', 'A1'] });
    expect(r.ok).toBe(false);
    expect(r.duplicates).toEqual(['A1']);
  });

  it('fails when a payment sent was not answered as successful, or none was', () => {
    expect(checkGate({ ...base, paymentsSent: 4 }).problems).toContain('1 of 4 payment requests were not answered as successful');
    const none = { count: 0, sumPaise: 0 };
    expect(checkGate({ ...base, answers: none, ledger: none, sandbox: none, paymentsSent: 0 }).ok).toBe(false);
  });

  it('findDuplicates lists each repeated value once', () => {
    expect(findDuplicates(['a', 'b', 'a', 'a', 'c', 'b'])).toEqual(['a', 'b']);
  });

  it('reads DIGIT totals by transactionNumber prefix, cancelled payments left out', () => {
    const v = sandboxView([
      { transactionNumber: 'AX1', totalAmountPaid: 1500 },
      { transactionNumber: 'AX2', totalAmountPaid: 1500, paymentStatus: 'CANCELLED' },
      { transactionNumber: 'ZX1', totalAmountPaid: 200 },
      { transactionNumber: null, totalAmountPaid: 10 },
    ]);
    expect(v.byPrefix('AX')).toEqual({ count: 1, sumPaise: 150000 });
    expect(v.transactionNumbers).toEqual(['AX1', 'AX2', 'ZX1']);
    expect(() => sandboxView([{ transactionNumber: 'AX3', totalAmountPaid: 10.5 }]).byPrefix('AX')).toThrow(/whole rupees/);
  });
});
