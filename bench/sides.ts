// The two sides of the comparison: the adapter (BBPS XML) and the baseline (the same DIGIT calls made
// directly). Each hands out its own consumers, keeps what its fetches showed for its payments, and
// counts what its payments confirmed.
import type { PhaseSpec } from './load';
import {
  BILLER_ID, createBody, fetchbillBody, fetchbillPath, fetchedAmountPaise, fetchXml, firstBill, IdSource, isBbpsSuccess,
  isCreateSuccess, minimalPaymentXml, paymentXml, CREATE_PATH,
} from './messages';
import { ConsumerRange, consumerMobile, FetchedPool, type Fetched } from './pairs';
import type { Totals } from './gate';

export type SideName = 'adapter' | 'baseline' | 'minimal' | 'json';

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
    fetchSpec: directFetch(url, token, consumers, side, other),
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

/** `_fetchbill` straight to the sandbox (baseline and minimal path): the pool keeps DIGIT's bill id. */
function directFetch(url: string, token: string, consumers: ConsumerRange, side: { fetched: FetchedPool }, other: (what: string) => void): Side['fetchSpec'] {
  return (label, amount, connections, rate) => ({
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
  });
}

/**
 * The minimal path (bench/minimal-server.ts): bills fetched straight from the sandbox, paid with BBPS
 * XML that names DIGIT's bill id, so the server does only the payment's unavoidable work.
 */
export function minimalSide(url: string, sandboxUrl: string, consumers: ConsumerRange, runTag: string, token: string): Side {
  const { side, other, nextFetched } = base('minimal', url, consumers);
  const msgIds = new IdSource(`N${runTag}`);
  const txns = new IdSource(`N${runTag}`);
  return {
    ...side,
    get confirmed() { return side.confirmed; },
    get paymentsSent() { return side.paymentsSent; },
    fetchSpec: directFetch(sandboxUrl, token, consumers, side, other),
    paymentSpec: (label, amount, connections, rate) => ({
      label, url, amount, connections, rate,
      build: () => {
        const f = nextFetched();
        const body = minimalPaymentXml({ refId: msgIds.next(), msgId: msgIds.next(), txn: txns.next(), consumerCode: f.consumerCode, amountPaise: f.amountPaise, billId: f.key, mobile: f.mobile });
        return { path: '/pay', headers: XML, body, tag: f.amountPaise };
      },
      onAnswer: (status, body, tag) => {
        if (status !== 200 || !isBbpsSuccess(body)) return other(`minimal payment ${status}/${code(body)}`);
        side.confirmed.count++;
        side.confirmed.sumPaise += tag as number;
      },
    }),
  };
}

/** The JSON API (`/api/v1`) of the same adapter process: fetch, then pay what it showed. */
export function jsonSide(url: string, consumers: ConsumerRange, runTag: string, apiKey: string): Side {
  const { side, other, nextFetched } = base('json', url, consumers);
  const refs = new IdSource(`J${runTag}`);
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` };
  const params = (consumerCode: string) => ({ City: 'Amritsar', 'Property ID': consumerCode });
  return {
    ...side,
    get confirmed() { return side.confirmed; },
    get paymentsSent() { return side.paymentsSent; },
    fetchSpec: (label, amount, connections, rate) => ({
      label, url, amount, connections, rate,
      build: () => {
        const c = consumers.take();
        return { path: '/api/v1/bills/fetch', headers, body: JSON.stringify({ billerId: BILLER_ID, customerParams: params(c.consumerCode) }), tag: c };
      },
      onAnswer: (status, body, tag) => {
        const t = tag as { index: number; consumerCode: string };
        const bill = status === 200 ? jsonBill(body) : undefined;
        if (!bill) return other(`json fetch ${status}`);
        side.fetched.add({ consumerCode: t.consumerCode, key: `${bill.fetchId} ${bill.billNumber}`, amountPaise: bill.amountPaise, mobile: consumerMobile(t.index) });
      },
    }),
    paymentSpec: (label, amount, connections, rate) => ({
      label, url, amount, connections, rate,
      build: () => {
        const f = nextFetched();
        const [fetchId, billNumber] = f.key.split(' ');
        const ref = refs.next();
        const body = JSON.stringify({ billerId: BILLER_ID, customerParams: params(f.consumerCode), fetchId, clientReference: ref, paymentMode: 'UPI', bills: [{ billNumber, amountPaise: f.amountPaise }] });
        return { path: '/api/v1/payments', headers: { ...headers, 'Idempotency-Key': ref }, body, tag: f.amountPaise };
      },
      onAnswer: (status, body, tag) => {
        if (status !== 201 || !body.includes('"status":"SUCCESS"')) return other(`json payment ${status}`);
        side.confirmed.count++;
        side.confirmed.sumPaise += tag as number;
      },
    }),
  };
}

/** fetchId and first bill of a JSON API fetch answer. */
export function jsonBill(json: string): { fetchId: string; billNumber: string; amountPaise: number } | undefined {
  try {
    const a = JSON.parse(json) as { fetchId?: unknown; bills?: Array<{ billNumber?: unknown; amountPaise?: unknown }> };
    const b = a.bills?.[0];
    if (typeof a.fetchId !== 'string' || typeof b?.billNumber !== 'string' || !Number.isSafeInteger(b.amountPaise)) return undefined;
    return { fetchId: a.fetchId, billNumber: b.billNumber, amountPaise: b.amountPaise as number };
  } catch {
    return undefined;
  }
}
