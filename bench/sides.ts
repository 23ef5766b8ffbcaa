// The two sides of the comparison: the adapter (BBPS XML) and the baseline (the same DIGIT calls made
// directly). Each hands out its own consumers, keeps what its fetches showed for its payments, and
// counts what its payments confirmed.
import type { PhaseSpec } from './load';
import {
  createBody, fetchbillBody, fetchbillPath, fetchedAmountPaise, fetchXml, firstBill, IdSource, isBbpsSuccess,
  isCreateSuccess, paymentXml, CREATE_PATH,
} from './messages';
import { ConsumerRange, consumerMobile, FetchedPool, type Fetched } from './pairs';
import type { Totals } from './gate';

export type SideName = 'adapter' | 'baseline';

export interface Side {
  name: SideName;
  url: string;
  consumers: ConsumerRange;
  fetched: FetchedPool;
  /** payments answered as successful, and their paise */
  confirmed: Totals;
  paymentsSent: number;
  /** answers that were not a success, by "HTTP status/code" */
  otherAnswers: Record<string, number>;
  fetchSpec(label: string, amount: number, connections: number, rate?: number): PhaseSpec;
  paymentSpec(label: string, amount: number, connections: number, rate?: number): PhaseSpec;
}

const XML = { 'Content-Type': 'application/xml' };
const JSON_H = { 'Content-Type': 'application/json' };

function base(name: SideName, url: string, consumers: ConsumerRange) {
  const side = {
    name, url, consumers,
    fetched: new FetchedPool(),
    confirmed: { count: 0, sumPaise: 0 },
    paymentsSent: 0,
    otherAnswers: {} as Record<string, number>,
  };
  const other = (what: string) => {
    side.otherAnswers[what] = (side.otherAnswers[what] ?? 0) + 1;
  };
  const nextFetched = (): Fetched => {
    const f = side.fetched.take();
    if (!f) throw new Error(`${name}: no fetched consumer left to pay (the bench sizes its fetches first)`);
    side.paymentsSent++;
    return f;
  };
  return { side, other, nextFetched };
}

const code = (xml: string) => /\bresponseCode="([^"]*)"/.exec(xml)?.[1] ?? 'none';

export function adapterSide(url: string, consumers: ConsumerRange, runTag: string): Side {
  const { side, other, nextFetched } = base('adapter', url, consumers);
  const refIds = new IdSource(`R${runTag}`);
  const msgIds = new IdSource(`M${runTag}`);
  const txns = new IdSource(`A${runTag}`);
  return {
    ...side,
    get confirmed() { return side.confirmed; },
    get paymentsSent() { return side.paymentsSent; },
    fetchSpec: (label, amount, connections, rate) => ({
      label, url, amount, connections, rate,
      build: () => {
        const c = consumers.take();
        const refId = refIds.next();
        return { path: '/bbps/sync/BillFetchRequest', headers: XML, body: fetchXml(refId, msgIds.next(), c.consumerCode), tag: { ...c, refId } };
      },
      onAnswer: (status, body, tag) => {
        const t = tag as { index: number; consumerCode: string; refId: string };
        const amountPaise = status === 200 && isBbpsSuccess(body) ? fetchedAmountPaise(body) : undefined;
        if (amountPaise === undefined) return other(`fetch ${status}/${code(body)}`);
        side.fetched.add({ consumerCode: t.consumerCode, key: t.refId, amountPaise, mobile: consumerMobile(t.index) });
      },
    }),
    paymentSpec: (label, amount, connections, rate) => ({
      label, url, amount, connections, rate,
      build: () => {
        const f = nextFetched();
        const body = paymentXml({ refId: f.key, msgId: msgIds.next(), txn: txns.next(), consumerCode: f.consumerCode, amountPaise: f.amountPaise });
        return { path: '/bbps/sync/BillPaymentRequest', headers: XML, body, tag: f.amountPaise };
      },
      onAnswer: (status, body, tag) => {
        if (status !== 200 || !isBbpsSuccess(body)) return other(`payment ${status}/${code(body)}`);
        side.confirmed.count++;
        side.confirmed.sumPaise += tag as number;
      },
    }),
  };
}

export function baselineSide(url: string, consumers: ConsumerRange, runTag: string, token: string): Side {
  const { side, other, nextFetched } = base('baseline', url, consumers);
  const txns = new IdSource(`Z${runTag}`);
  return {
    ...side,
    get confirmed() { return side.confirmed; },
    get paymentsSent() { return side.paymentsSent; },
    fetchSpec: (label, amount, connections, rate) => ({
      label, url, amount, connections, rate,
      build: () => {
        const c = consumers.take();
        return { path: fetchbillPath(c.consumerCode), headers: JSON_H, body: fetchbillBody(token), tag: c };
      },
      onAnswer: (status, body, tag) => {
        const t = tag as { index: number; consumerCode: string };
        const bill = status === 201 ? firstBill(body) : undefined;
        if (!bill) return other(`_fetchbill ${status}`);
        side.fetched.add({ consumerCode: t.consumerCode, key: bill.billId, amountPaise: bill.amountPaise, mobile: consumerMobile(t.index) });
      },
    }),
    paymentSpec: (label, amount, connections, rate) => ({
      label, url, amount, connections, rate,
      build: () => {
        const f = nextFetched();
        const body = createBody(token, { billId: f.key, rupees: f.amountPaise / 100, txn: txns.next(), mobile: f.mobile });
        return { path: CREATE_PATH, headers: JSON_H, body, tag: f.amountPaise };
      },
      onAnswer: (status, body, tag) => {
        if (!isCreateSuccess(status, body)) return other(`_create ${status}`);
        side.confirmed.count++;
        side.confirmed.sumPaise += tag as number;
      },
    }),
  };
}
