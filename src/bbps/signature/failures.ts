// Why a signed document was refused. `code` is for logs, metrics and tests; `reason` is a sentence.
import type { Document, Element } from '@xmldom/xmldom';

export type SignatureFailureCode =
  | 'MALFORMED' // not well-formed XML (as xmldom reads it)
  | 'DOCTYPE' // DOCTYPE or entity declarations
  | 'PROCESSING_INSTRUCTION'
  | 'COMMENT' // comments are not signed (C14N without comments drops them): none are accepted
  | 'XML_ATTRIBUTE' // xml:* attributes that make C14N 1.0 and 1.1 differ
  | 'NO_SIGNATURE'
  | 'MULTIPLE_SIGNATURES'
  | 'SIGNATURE_NOT_ROOT_CHILD'
  | 'MULTIPLE_SIGNED_INFO'
  | 'MULTIPLE_REFERENCES'
  | 'REFERENCE_URI' // anything but URI="" (the whole document)
  | 'OBJECT_IN_SIGNATURE' // Object or Manifest: unsigned content inside Signature
  | 'SIGNATURE_STRUCTURE' // any other departure from the profile
  | 'ALGORITHM' // an algorithm outside the allow-list
  | 'DIGEST_MISMATCH' // the signed content was changed
  | 'SIGNATURE_MISMATCH' // SignedInfo changed, or signed by another key than the pinned one
  | 'PINNED_KEY' // the configured key cannot be used
  | 'MARKUP_CHARACTER' // a character XML parsers read differently (XML 1.1 line ends, Unicode spaces in tags)
  | 'PARSER_REPAIR'; // xmldom dropped or repaired something (an attribute lost to a duplicate expanded name, …)

export interface VerifyOk {
  readonly ok: true;
  /** Exactly the bytes that were verified (the input, unchanged). */
  readonly xml: string;
  /** The DOM the digest was computed on: business fields are read from THIS (bbps/parse-verified.ts). */
  readonly doc: Document;
  /** the verified (enveloped) Signature element in `doc`: not covered by the signature, never read */
  readonly signature: Element;
}

export interface VerifyFailure {
  readonly ok: false;
  readonly code: SignatureFailureCode;
  readonly reason: string;
}

export type VerifyResult = VerifyOk | VerifyFailure;

export class SignatureRefused extends Error {
  constructor(
    readonly code: SignatureFailureCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SignatureRefused';
  }
}

// a function declaration (not an arrow) so that TypeScript treats calls as ending the flow
export function refuse(code: SignatureFailureCode, reason: string): never {
  throw new SignatureRefused(code, reason);
}
