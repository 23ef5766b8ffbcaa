// Readers for the building blocks every request shares (protocol §4.3): Head, Txn, BillDetails,
// Customer, Agent, BillerResponse. Elements expected once but repeated are refused.
import { AppError } from '../core/errors';
import type { CustomerParam } from '../core/types';
import { optionalId, requiredId } from './fields';
import type { BillDetailsEcho, BillerResponseEcho, HeadEcho, TxnEcho } from './messages';
import { attrOf, childOnce, childrenNamed, type XmlElement } from './xml-tree';

const invalid = (message: string) => new AppError('REQUEST_INVALID', message);

export function readHead(root: XmlElement): HeadEcho {
  const head = childOnce(root, 'Head', 'Head');
  if (!head) throw new AppError('HEAD_REQUIRED', 'Head is required');
  return {
    refId: requiredId(head, 'refId', 'Head/@refId', 'HEAD_REQUIRED'),
    origInst: optionalId(head, 'origInst', 'Head/@origInst') ?? '',
    ts: attrOf(head, 'ts') ?? '',
    ver: attrOf(head, 'ver') ?? '',
  };
}

/** Txn; with `msgIdRequired` (fetch, payment) a missing Txn or Txn/@msgId is TXN_REQUIRED. */
export function readTxn(root: XmlElement, msgIdRequired: boolean): TxnEcho | undefined {
  const txn = childOnce(root, 'Txn', 'Txn');
  if (!txn) {
    if (msgIdRequired) throw new AppError('TXN_REQUIRED', 'Txn is required');
    return undefined;
  }
  const msgId = msgIdRequired ? requiredId(txn, 'msgId', 'Txn/@msgId', 'TXN_REQUIRED') : optionalId(txn, 'msgId', 'Txn/@msgId');
  return {
    ts: attrOf(txn, 'ts'),
    msgId,
    txnReferenceId: optionalId(txn, 'txnReferenceId', 'Txn/@txnReferenceId'),
    paymentRefId: optionalId(txn, 'paymentRefId', 'Txn/@paymentRefId'),
    type: attrOf(txn, 'type'),
    xchangeId: attrOf(txn, 'xchangeId'),
  };
}

/** `Tag name value` children in document order (names may repeat: Analytics, amount options). */
export function readTags(el: XmlElement | undefined, path: string): CustomerParam[] {
  if (!el) return [];
  return childrenNamed(el, 'Tag').map((tag) => {
    const name = attrOf(tag, 'name');
    const value = attrOf(tag, 'value');
    if (name === undefined) throw invalid(`${path}/Tag/@name is required`);
    if (value === undefined) throw invalid(`${path}/Tag/@value is required`);
    return { name, value };
  });
}

/** Tags whose names must be unique (customer parameters): a repeated name is never guessed between. */
function uniqueTags(el: XmlElement | undefined, path: string): CustomerParam[] {
  const tags = readTags(el, path);
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(t.name)) throw invalid(`${path}/Tag name "${t.name.slice(0, 40)}" appears more than once`);
    seen.add(t.name);
  }
  return tags;
}

export function readBillDetails(root: XmlElement): BillDetailsEcho {
  const details = childOnce(root, 'BillDetails', 'BillDetails');
  const biller = details && childOnce(details, 'Biller', 'BillDetails/Biller');
  const billerId = requiredId(biller, 'id', 'BillDetails/Biller/@id', 'BILLER_REQUIRED');
  const params = details && childOnce(details, 'CustomerParams', 'BillDetails/CustomerParams');
  // values are the core's business (BFR002/BPR002), not the codec's: empty values are kept
  return { billerId, params: uniqueTags(params, 'BillDetails/CustomerParams') };
}

export interface Channel {
  agentId?: string;
  channel?: string;
  customerMobile?: string;
}

/** Agent/@id, the INITIATING_CHANNEL device tag and Customer/@mobile (possibly masked). */
export function readChannel(root: XmlElement): Channel {
  const agent = childOnce(root, 'Agent', 'Agent');
  const device = agent && childOnce(agent, 'Device', 'Agent/Device');
  // only the tag used is read: the other device tags (IP, IMEI, …) are not the adapter's business
  const channels = device ? childrenNamed(device, 'Tag').filter((t) => attrOf(t, 'name') === 'INITIATING_CHANNEL') : [];
  if (channels.length > 1) throw invalid('Agent/Device/Tag INITIATING_CHANNEL appears more than once');
  const customer = childOnce(root, 'Customer', 'Customer');
  return {
    agentId: optionalId(agent, 'id', 'Agent/@id'),
    channel: attrOf(channels[0], 'value'),
    customerMobile: attrOf(customer, 'mobile'),
  };
}

const BILLER_RESPONSE_ATTRS = ['amount', 'customerName', 'dueDate', 'billDate', 'billNumber', 'billPeriod', 'custConvFee'] as const;

export function readBillerResponses(root: XmlElement): BillerResponseEcho[] {
  return childrenNamed(root, 'BillerResponse').map((el) => {
    // amount-option Tags are not read: responses never echo them and the core does not use them
    const echo: BillerResponseEcho = {};
    for (const name of BILLER_RESPONSE_ATTRS) {
      const value = attrOf(el, name);
      if (value !== undefined) echo[name] = value;
    }
    return echo;
  });
}
