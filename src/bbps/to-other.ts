// Parsed shapes of the requests without a core type: BillValidationRequest, TxnStatusRequest ("402"),
// ReqDiagnostic / ResDiagnostic, and Acks.
import { checkValidationShape } from './request-shape';
import { AppError } from '../core/errors';
import { paiseField, requiredId } from './fields';
import type { AckMessage, Diagnostic, ErrorMessage, TxnStatusEcho, TxnStatusQuery, ValidationEcho, ValidationRequest } from './messages';
import type { ParsedDocument } from './parse';
import { readBillDetails, readChannel, readHead, readTxn } from './read-common';
import { attrOf, childOnce, childrenNamed, type XmlElement } from './xml-tree';

function expectRoot(doc: ParsedDocument, ...apis: ParsedDocument['api'][]): XmlElement {
  if (!apis.includes(doc.api)) {
    throw new AppError('REQUEST_INVALID', `expected a ${apis.join(' or ')} but the root element is ${doc.api}`);
  }
  return doc.root;
}

export function toValidationRequest(doc: ParsedDocument): { request: ValidationRequest; echo: ValidationEcho } {
  const root = expectRoot(doc, 'BillValidationRequest');
  const head = readHead(root);
  const billDetails = readBillDetails(root);
  const { agentId, channel } = readChannel(root);
  const amount = attrOf(childOnce(root, 'Amount', 'Amount'), 'amount');
  const request: ValidationRequest = { refId: head.refId, origInst: head.origInst, billerId: billDetails.billerId, params: billDetails.params };
  if (agentId !== undefined) request.agentId = agentId;
  if (channel !== undefined) request.channel = channel;
  if (amount !== undefined) request.amountPaise = paiseField(amount, 'Amount/@amount');
  return { request: checkValidationShape(request), echo: { head, billDetails } };
}

export function toTxnStatusRequest(doc: ParsedDocument): { query: TxnStatusQuery; echo: TxnStatusEcho } {
  const root = expectRoot(doc, 'TxnStatusRequest');
  const head = readHead(root);
  const txn = readTxn(root, false) ?? {};
  const req = childOnce(root, 'TxnStatusReq', 'TxnStatusReq');
  const query: TxnStatusQuery = {
    refId: head.refId,
    origInst: head.origInst,
    txnReferenceId: requiredId(req, 'txnReferenceId', 'TxnStatusReq/@txnReferenceId', 'REQUEST_INVALID'),
  };
  const msgId = attrOf(req, 'msgId');
  if (msgId !== undefined && msgId !== '') query.msgId = requiredId(req, 'msgId', 'TxnStatusReq/@msgId', 'REQUEST_INVALID');
  return { query, echo: { head, txn } };
}

/** errorMessages children (Ack, ResDiagnostic): `errorCd` + `errorDtl` text, each at most once. */
export function readErrorMessages(root: XmlElement): ErrorMessage[] {
  return childrenNamed(root, 'errorMessages').map((m) => ({
    code: childOnce(m, 'errorCd', 'errorMessages/errorCd')?.text ?? '',
    detail: childOnce(m, 'errorDtl', 'errorMessages/errorDtl')?.text ?? '',
  }));
}

export function toDiagnostic(doc: ParsedDocument): Diagnostic {
  const root = expectRoot(doc, 'ReqDiagnostic', 'ResDiagnostic');
  const diagnostic: Diagnostic = { kind: doc.api as Diagnostic['kind'], head: readHead(root), errors: readErrorMessages(root) };
  const reason = attrOf(root, 'responseReason');
  if (reason !== undefined) diagnostic.responseReason = reason;
  return diagnostic;
}

export function toAck(doc: ParsedDocument): AckMessage {
  const root = expectRoot(doc, 'Ack');
  // protocol §2.3: the older XSD spells it rspCd, live traffic RspCd; both are read, never both at once
  const upper = attrOf(root, 'RspCd');
  const lower = attrOf(root, 'rspCd');
  if (upper !== undefined && lower !== undefined) throw new AppError('REQUEST_INVALID', 'Ack has both RspCd and rspCd');
  const rspCd = upper ?? lower ?? '';
  const ack: AckMessage = {
    api: attrOf(root, 'api') ?? '',
    refId: attrOf(root, 'refId') ?? '',
    rspCd,
    ok: rspCd === 'Successful',
    ts: attrOf(root, 'ts') ?? '',
    errors: readErrorMessages(root),
  };
  const msgId = attrOf(root, 'msgId');
  if (msgId !== undefined) ack.msgId = msgId;
  return ack;
}
