// What the ledger stores compressed (design §6: ≤ 3 KB of ledger per payment with its fetch, the
// signed messages kept): BBPS message bodies (tag 1) and, in SQLite, the JSON documents of a payment
// (request, plan, outcome; tag 2). Deflate is lossless, so the signed bytes read back are exactly those
// received or sent. The pieces are short and alike, so each is deflated alone against a preset
// dictionary of what such pieces are made of: most of one is then references into it. The first byte
// names the codec (which dictionary), so a later dictionary is a new tag, never a change to one in use.
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';

/** tag 1: BBPS message bodies (messages.body_z, both dialects) */
const DEFLATE_DICT_1 = 1;
/** tag 2: a payment's JSON documents (SQLite payments.request_z, plan_z, outcome_z) */
const DEFLATE_DICT_2 = 2;

// What every BBPS message repeats (element and attribute names, fixed values, the signature's
// algorithm URIs). Deflate finds matches up to 32 KB back, nearer ones cost fewer bits: the most common
// pieces come last. NEVER EDIT: bodies stored with tag 1 are inflated with exactly these bytes.
const DICTIONARY_1 = Buffer.from(
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
  '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>' +
  '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
  '<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>' +
  '</ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>' +
  '</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue>' +
  '<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus></ds:Modulus><ds:Exponent>AQAB</ds:Exponent>' +
  '</ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo></ds:Signature>' +
  '<ns2:TxnStatusRequest xmlns:ns2="http://bbps.org/schema"><TxnStatusReq txnReferenceId="" msgId="" />' +
  '<ns2:TxnStatusResponse xmlns:ns2="http://bbps.org/schema"><TxnStatusResp txnReferenceId="" />' +
  '<ns2:BillValidationRequest xmlns:ns2="http://bbps.org/schema"><ns2:BillValidationResponse xmlns:ns2="http://bbps.org/schema">' +
  '<ErrorMessages errorCd="" errorDtl=""/><RspCd="" errorMessages complianceRespCd="" complianceReason="" ' +
  '<RiskScores><Score provider="" type="TXNRISK" value=""/></RiskScores>' +
  '<Analytics><Tag name="" value=""/></Analytics><AdditionalInfo><Tag name="" value=""/></AdditionalInfo>' +
  '<Ack xmlns="http://bbps.org/schema" api="FETCH_REQUEST" api="PAYMENT_REQUEST" RspCd="SUCCESS" RspCd="FAILURE" ts="" ' +
  '<PaymentInformation><Tag name="Remarks" value=""/><Tag name="CardNum|AuthCode" value=""/><Tag name="IFSC|AccountNo" value=""/>' +
  '<Tag name="VPA" value=""/></PaymentInformation>' +
  '<PaymentMethod quickPay="No" splitPay="No" paymentMode="Internet Banking"/><PaymentMethod quickPay="Yes" splitPay="No" paymentMode="UPI"/>' +
  '<Amount><Amt amount="" custConvFee="0" currency="356"/><SplitPayAmount></SplitPayAmount></Amount>' +
  '<Txn ts="" msgId="" type="FORWARD TYPE REQUEST" txnReferenceId="" paymentRefId=""/>' +
  '<Customer mobile=""><Tag name="EMAIL" value=""/></Customer>' +
  '<Agent id=""><Device><Tag name="INITIATING_CHANNEL" value="MOB"/><Tag name="INITIATING_CHANNEL" value="AGT"/><Tag name="IP" value=""/>' +
  '<Tag name="IMEI" value=""/><Tag name="OS" value=""/><Tag name="APP" value=""/><Tag name="MAC" value=""/><Tag name="TERMINAL_ID" value=""/>' +
  '<Tag name="GEOCODE" value=""/><Tag name="POSTAL_CODE" value=""/></Device></Agent>' +
  '<BillerResponse customerName="" amount="" dueDate="" billDate="" billNumber="" billPeriod="NA"/>' +
  '<Reason approvalRefNum="" responseCode="000" responseReason="Successful"/>' +
  '<Reason approvalRefNum="" responseCode="200" responseReason="Failure" complianceRespCd="" complianceReason=""/>' +
  '<?xml version="1.0" encoding="UTF-8"?><?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<ns2:BillPaymentResponse xmlns:ns2="http://bbps.org/schema"></ns2:BillPaymentResponse>' +
  '<ns2:BillFetchResponse xmlns:ns2="http://bbps.org/schema"></ns2:BillFetchResponse>' +
  '<ns2:BillPaymentRequest xmlns:ns2="http://bbps.org/schema"></ns2:BillPaymentRequest>' +
  '<ns2:BillFetchRequest xmlns:ns2="http://bbps.org/schema"></ns2:BillFetchRequest>' +
  '<Head ver="1.0" ts="T00:00:00+05:30" origInst="BBCU" refId=""/><Head ver="1.0" ts="" origInst="" refId=""/>' +
  '<BillDetails><Biller id=""/><CustomerParams><Tag name="City" value=""/><Tag name="Property ID" value=""/>' +
  '<Tag name="Consumer Code" value=""/><Tag name="Mobile Number" value=""/></CustomerParams></BillDetails>',
  'utf8',
);

// What a payment's JSON documents repeat (ledger.ts encodeJson of PaymentRequest, PostingPlan,
// PaymentOutcome, Bill): their key names in the order they are written, and the fixed values (channels,
// payment modes, states). Most common last: the request and plan of every payment. NEVER EDIT: documents
// stored with tag 2 are inflated with exactly these bytes.
const DICTIONARY_2 = Buffer.from(
  '"INT""AGT""BNKBRNCH""KIOSK""ATM""MOBB""POS""BSC""Credit Card""Debit Card""Prepaid Card""Cash""Wallet""NEFT""IMPS""AEPS""Account Transfer"' +
  '"Internet Banking""UPI""JSON_API""MOB""BBCU""quickPay":true"reversal":true"fractional":true' +
  '[{"billId":"","billNumber":"","consumerCode":"","businessService":"","tenantId":"","amountPaise":,"fractional":false,' +
  '"customerName":"","billDate":"20","dueDate":"20","billPeriod":"NA","billPeriod":"Yearly","expiresAt":17}]' +
  '{"status":"PENDING"}{"status":"FAILED","code":"","reason":""}' +
  '{"status":"SUCCESS","receipts":[{"billId":"","billNumber":"","businessService":"PT","receiptNumber":"PT/","amountPaise":}]}' +
  '{"tenantId":"","paidBy":"","mobileNumber":"","paymentMode":"ONLINE","bills":[{"billId":"","billNumber":"","businessService":"PT",' +
  '"consumerCode":"","amountPaise":}],"additionalDetails":{"bbps":{"txnReferenceId":"","refId":"","msgId":"","paymentRefId":"",' +
  '"billerId":"","agentId":"","channel":"","paymentMode":"","ouId":""}}}' +
  '{"refId":"","msgId":"","origInst":"","agentId":"","channel":"","customerMobile":"","billerId":"",' +
  '"params":[{"name":"City","value":""},{"name":"Consumer Code","value":""},{"name":"Property ID","value":""}],' +
  '"txnReferenceId":"","paymentRefId":"","amountPaise":,"custConvFeePaise":0,"paymentMode":"","quickPay":false,' +
  '"billsNamed":[{"billNumber":"","amountPaise":}],"customerName":"","reversal":false}',
  'utf8',
);

// a small window and state: a body is a few KB, a document under one, and a full-size zlib state per
// call would be allocated (and collected) per request
const DEFLATE = { level: 6, windowBits: 13, memLevel: 6, strategy: constants.Z_DEFAULT_STRATEGY };
const DICTIONARIES: ReadonlyMap<number, Buffer> = new Map([[DEFLATE_DICT_1, DICTIONARY_1], [DEFLATE_DICT_2, DICTIONARY_2]]);
const PACKING = new Map([...DICTIONARIES].map(([tag, dictionary]) => [tag, { tag: Buffer.from([tag]), options: { ...DEFLATE, dictionary } }]));

function pack(tag: number, text: string): Buffer {
  const p = PACKING.get(tag)!;
  return Buffer.concat([p.tag, deflateRawSync(text, p.options)]);
}

/** The stored form of a message body: [tag 1][deflate-raw against DICTIONARY_1]. */
export const packBody = (text: string): Buffer => pack(DEFLATE_DICT_1, text);

/** The stored form of a JSON document (its text, as encodeJson wrote it): [tag 2][deflate-raw against DICTIONARY_2]. */
export const packDocument = (json: string): Buffer => pack(DEFLATE_DICT_2, json);

/**
 * No stored text comes near this (a body is at most BBPS_MAX_BODY_BYTES, a document a few KB): a blob
 * inflating past it is corrupt or planted, and is refused before it takes the process's memory.
 */
export const MAX_STORED_TEXT_BYTES = 16 * 1024 * 1024;

/**
 * The text as it was stored, exact bytes back (UTF-8), whichever dictionary its tag names. `what` says
 * in an error which stored thing could not be read (a corrupt or unknown blob is never guessed at).
 */
export function unpack(packed: Uint8Array, what = 'stored text'): string {
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const dictionary = DICTIONARIES.get(bytes[0]);
  if (!dictionary) throw new Error(`${what} has an unknown codec tag ${bytes[0]}`);
  try {
    return inflateRawSync(bytes.subarray(1), { dictionary, windowBits: 13, maxOutputLength: MAX_STORED_TEXT_BYTES }).toString('utf8');
  } catch (e) {
    throw new Error(`${what} is corrupt (codec tag ${bytes[0]}, ${bytes.length} bytes): ${(e as Error).message}`);
  }
}

/** A stored message body. */
export const unpackBody = (packed: Uint8Array): string => unpack(packed, 'stored body');
