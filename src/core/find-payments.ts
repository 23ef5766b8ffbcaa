// The operators' payment search (console "Payments", GET /ops/payments): by txnReferenceId, refId,
// consumer code or receipt number, with biller, state and IST day filters, newest first, a page at a
// time. Without a search term the days default to today: the ledger walks only that window.
import { istDate } from './dates';
import { istWindow } from './ist-window';
import type { Clock, Ledger, PaymentRecord } from './ports';
import type { PaymentState } from './types';

export const PAGE_SIZE = 25;

export interface FindPaymentsQuery {
  search?: string;
  billerId?: string;
  state?: PaymentState;
  /** IST days, yyyy-MM-dd, both included */
  fromDay?: string;
  toDay?: string;
  /** 1-based */
  page: number;
}

export interface PaymentsPage {
  items: PaymentRecord[];
  page: number;
  pageSize: number;
  hasNext: boolean;
  /** the days searched (undefined: a term searched across all days) */
  fromDay?: string;
  toDay?: string;
}

export async function findPayments(deps: { ledger: Ledger; clock: Clock }, q: FindPaymentsQuery): Promise<PaymentsPage> {
  const today = istDate(deps.clock.now());
  const term = q.search?.trim() || undefined;
  // a term is found through its own index on any day; a listing needs its window
  const fromDay = q.fromDay ?? q.toDay ?? (term ? undefined : today);
  const toDay = q.toDay ?? q.fromDay ?? (term ? undefined : today);
  const window = fromDay && toDay ? istWindow(fromDay, toDay) : {};
  const rows = await deps.ledger.searchPayments({
    term, billerId: q.billerId, state: q.state, ...window, limit: PAGE_SIZE + 1, offset: (q.page - 1) * PAGE_SIZE,
  });
  return { items: rows.slice(0, PAGE_SIZE), page: q.page, pageSize: PAGE_SIZE, hasNext: rows.length > PAGE_SIZE, fromDay, toDay };
}
