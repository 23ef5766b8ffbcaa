// KeyInfo/KeyValue/RSAKeyValue of our public key (BBPS publishes the key inline, not X509Data).
import type { KeyObject } from 'node:crypto';

const b64urlToB64 = (v: string) => Buffer.from(v, 'base64url').toString('base64');

/** `<KeyValue><RSAKeyValue><Modulus>…</Modulus><Exponent>…</Exponent></RSAKeyValue></KeyValue>`, unprefixed
 *  (the Signature element declares the xmldsig namespace as default). */
export function rsaKeyValueXml(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('not an RSA public key');
  // JWK n/e are unsigned big-endian without leading zeros, which is ds:CryptoBinary
  return `<KeyValue><RSAKeyValue><Modulus>${b64urlToB64(jwk.n)}</Modulus><Exponent>${b64urlToB64(jwk.e)}</Exponent></RSAKeyValue></KeyValue>`;
}
