// An independent check of the adapter's signatures: xml-crypto's SignedXml used directly with the
// adapter's public key (KeyInfo ignored), nothing from src/.
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

export function independentlyVerified(xml: string, publicKeyPem: string): boolean {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const sigs = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature');
  if (sigs.length !== 1) return false;
  const sx = new SignedXml({ publicCert: publicKeyPem, getCertFromKeyInfo: () => null });
  sx.loadSignature(sigs.item(0) as never);
  const ok = sx.checkSignature(xml);
  const [ref] = sx.getReferences();
  return ok && sx.getReferences().length === 1 && ref?.uri === '' && sx.signatureAlgorithm === 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
}
