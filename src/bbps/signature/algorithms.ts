// The XMLDSig profile BBPS uses (reference/bbps-protocol.md §3.1) and what verification accepts.

export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
/**
 * Inclusive C14N 1.1 differs from 1.0 only in how xml:id / xml:base (and other xml:* attributes) are
 * inherited into an element whose ancestors are left out of a node set. Documents carrying xml:*
 * attributes other than xml:lang / xml:space, or any xml:* attribute on SignedInfo's ancestors, are
 * refused (profile.ts), so on everything that is verified the 1.0 canonicaliser gives the 1.1 bytes.
 * The published NPCI samples are signed with 1.1 and verify this way.
 */
export const C14N_11 = 'http://www.w3.org/2006/12/xml-c14n11';
export const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** CanonicalizationMethod: inclusive, without comments. Exclusive C14N is refused: BBPS never uses it
 *  and it leaves namespace declarations that are not visibly used out of what is signed. */
export const ALLOWED_C14N: ReadonlySet<string> = new Set([C14N_10, C14N_11]);

/** The Reference's transforms, exactly one of these sequences. */
export const ALLOWED_TRANSFORMS: ReadonlyArray<readonly string[]> = [[ENVELOPED], [ENVELOPED, C14N_10], [ENVELOPED, C14N_11]];

export const sameSequence = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);
