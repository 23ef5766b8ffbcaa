// What DIGIT (the sandbox) holds after the run, for the validity gate.
import type { Totals } from './gate';
import { adminGet } from './processes';

interface StoredPayment {
  transactionNumber?: string | null;
  totalAmountPaid?: number;
  paymentStatus?: string;
}

export interface SandboxView {
  transactionNumbers: string[];
  /** payments whose transactionNumber starts with the prefix, not cancelled */
  byPrefix(prefix: string): Totals;
}

export function sandboxView(payments: readonly StoredPayment[]): SandboxView {
  return {
    transactionNumbers: payments.map((p) => p.transactionNumber ?? '').filter((t) => t !== ''),
    byPrefix(prefix) {
      let count = 0;
      let sumPaise = 0;
      for (const p of payments) {
        if (!p.transactionNumber?.startsWith(prefix) || p.paymentStatus === 'CANCELLED') continue;
        if (!Number.isSafeInteger(p.totalAmountPaid)) throw new Error(`payment ${p.transactionNumber}: amount ${p.totalAmountPaid} is not whole rupees`);
        count++;
        sumPaise += (p.totalAmountPaid as number) * 100;
      }
      return { count, sumPaise };
    },
  };
}

export async function readSandbox(sandboxUrl: string): Promise<SandboxView> {
  const { Payments } = await adminGet<{ Payments: StoredPayment[] }>(sandboxUrl, '/payments');
  return sandboxView(Payments);
}
