// Stored BBPS message bodies, compressed (design §6: ≤ 3 KB of ledger per payment with its fetch, the
// signed messages kept). A body is kept byte for byte: deflate is lossless, so the signed bytes read
// back are exactly those received or sent. Messages are short and alike, so each is deflated alone
// against a preset dictionary of what BBPS messages are made of: most of a message is then references
// into it. The first byte names the codec, so a later dictionary is a new tag, never a change to this one.
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';

const DEFLATE_DICT_1 = 1;
const TAG_1 = Buffer.from([DEFLATE_DICT_1]);

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

// a small window and state: a message is a few KB, and a full-size zlib state per call would be
// allocated (and collected) per request
const OPTIONS = { dictionary: DICTIONARY_1, level: 6, windowBits: 13, memLevel: 6, strategy: constants.Z_DEFAULT_STRATEGY };

/** The stored form of a body: [tag 1][deflate-raw against DICTIONARY_1]. */
export function packBody(text: string): Buffer {
  return Buffer.concat([TAG_1, deflateRawSync(text, OPTIONS)]);
}

/** The body as it was stored: exact bytes back (UTF-8). */
export function unpackBody(packed: Uint8Array): string {
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  if (bytes[0] !== DEFLATE_DICT_1) throw new Error(`stored body has an unknown codec tag ${bytes[0]}`);
  return inflateRawSync(bytes.subarray(1), { dictionary: DICTIONARY_1, windowBits: 13 }).toString('utf8');
}
