// Response messages read back (the CU simulator's side, and round-trip tests of our builders).
import { AppError } from '../core/errors';
import type { ReasonRead, ResponseMessage } from './messages';
import type { ParsedDocument } from './parse';
import { readBillDetails, readBillerResponses, readHead, readTags, readTxn } from './read-common';
import { attrOf, childOnce } from './xml-tree';

const RESPONSES: ReadonlySet<string> = new Set(['BillFetchResponse', 'BillPaymentResponse', 'TxnStatusResponse', 'BillValidationResponse']);

export function toResponseMessage(doc: ParsedDocument): ResponseMessage {
  if (!RESPONSES.has(doc.api)) throw new AppError('REQUEST_INVALID', `${doc.api} is not a response message`);
  const api = doc.api as ResponseMessage['api'];
  const root = doc.root;
  const reasonEl = childOnce(root, 'Reason', 'Reason');
  if (!reasonEl) throw new AppError('REQUEST_INVALID', 'Reason is required');
  const reason: ReasonRead = {
    approvalRefNum: attrOf(reasonEl, 'approvalRefNum') ?? '',
    responseCode: attrOf(reasonEl, 'responseCode') ?? '',
    responseReason: attrOf(reasonEl, 'responseReason') ?? '',
    complianceRespCd: attrOf(reasonEl, 'complianceRespCd') ?? '',
    complianceReason: attrOf(reasonEl, 'complianceReason') ?? '',
  };
  const message: ResponseMessage = {
    api,
    head: readHead(root),
    reason,
    billerResponses: readBillerResponses(root),
    additionalInfo: readTags(childOnce(root, 'AdditionalInfo', 'AdditionalInfo'), 'AdditionalInfo'),
  };
  const txn = readTxn(root, false);
  if (txn) message.txn = txn;
  if (api !== 'BillValidationResponse') message.billDetails = readBillDetails(root);
  return message;
}
