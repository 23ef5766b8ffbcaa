#!/usr/bin/env node
// Development key pairs for BBPS XML signatures: ours (adapter) and the BBPS central unit's (cu), each as
// a PKCS#8 private key, an SPKI public key and a self-signed certificate, written with node:crypto only
// (no openssl binary). For local use and tests only: production keys come from the BOU onboarding.
//
//   node scripts/keys-dev.js [dir] [--force]      (dir defaults to config/keys/dev)
//
// Existing files are never overwritten without --force.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

// --- minimal DER writer: just what an X.509 v3 certificate needs ---------------------------------
function derLength(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag, content) => Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
const seq = (...items) => tlv(0x30, Buffer.concat(items));
const set = (...items) => tlv(0x31, Buffer.concat(items));
const explicit = (n, content) => tlv(0xa0 + n, content);
const nul = () => Buffer.from([0x05, 0x00]);
const bool = (v) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const octets = (content) => tlv(0x04, content);
const utf8 = (s) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bitString = (content) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));

function integer(bytes) {
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0 && b[1] < 0x80) b = b.subarray(1);
  if (b[0] >= 0x80) b = Buffer.concat([Buffer.from([0]), b]); // stays positive
  return tlv(0x02, b);
}

function oid(dotted) {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) groups.unshift(0x80 | (v & 0x7f));
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

// UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5)
function time(date) {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), nul());
const name = (commonName) => seq(set(seq(oid('2.5.4.10'), utf8('BBPS DIGIT adapter (development)'))), set(seq(oid('2.5.4.3'), utf8(commonName))));

/**
 * A self-signed X.509 v3 certificate (PEM) for an RSA key pair: sha256WithRSAEncryption, not a CA,
 * key usage digitalSignature. `notBefore`/`notAfter` are Dates.
 */
function selfSignedCertificatePem({ privateKey, publicKey, commonName, notBefore, notAfter }) {
  const serial = crypto.randomBytes(16);
  serial[0] &= 0x7f;
  serial[0] |= 0x01; // positive and not zero-padded
  const extensions = seq(
    seq(oid('2.5.29.19'), bool(true), octets(seq())), // basicConstraints: cA FALSE (critical)
    seq(oid('2.5.29.15'), bool(true), octets(tlv(0x03, Buffer.from([0x07, 0x80])))), // keyUsage: digitalSignature
  );
  const tbs = seq(
    explicit(0, integer([2])), // v3
    integer(serial),
    SHA256_WITH_RSA,
    name(commonName),
    seq(time(notBefore), time(notAfter)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = crypto.sign('sha256', tbs, privateKey);
  const der = seq(tbs, SHA256_WITH_RSA, bitString(signature));
  const body = der.toString('base64').match(/.{1,64}/g).join('\n');
  const pem = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  const cert = new crypto.X509Certificate(pem);
  if (!cert.verify(publicKey) || !cert.checkPrivateKey(privateKey)) throw new Error('the certificate does not verify');
  return pem;
}

const PARTIES = [
  { file: 'adapter', commonName: 'bbps-digit-adapter (dev)' },
  { file: 'cu', commonName: 'bbps-central-unit (dev)' },
];
const DAY_MS = 24 * 60 * 60 * 1000;

function makeDevKeys(dir, { force = false, now = new Date(), validDays = 825 } = {}) {
  const targets = PARTIES.flatMap((p) => ['private', 'public', 'cert'].map((kind) => path.join(dir, `${p.file}-${kind}.pem`)));
  const existing = targets.filter((f) => fs.existsSync(f));
  if (existing.length > 0 && !force) {
    throw new Error(`refusing to overwrite existing keys (use --force): ${existing.join(', ')}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const made = [];
  for (const party of PARTIES) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cert = selfSignedCertificatePem({
      privateKey,
      publicKey,
      commonName: party.commonName,
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + validDays * DAY_MS),
    });
    const files = [
      [`${party.file}-private.pem`, privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600],
      [`${party.file}-public.pem`, publicKey.export({ type: 'spki', format: 'pem' }), 0o644],
      [`${party.file}-cert.pem`, cert, 0o644],
    ];
    for (const [file, content, mode] of files) {
      const target = path.join(dir, file);
      fs.writeFileSync(target, content, { mode });
      fs.chmodSync(target, mode); // an overwritten file keeps its old mode otherwise
      made.push(target);
    }
  }
  return made;
}

function main(argv) {
  const force = argv.includes('--force');
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--force');
  const dirs = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || dirs.length > 1) {
    console.error('usage: node scripts/keys-dev.js [dir] [--force]');
    return 2;
  }
  const dir = dirs[0] ?? path.join('config', 'keys', 'dev');
  try {
    const made = makeDevKeys(dir, { force });
    console.log(`made ${made.length} files (RSA-2048, self-signed certificates valid 825 days):`);
    for (const f of made) console.log(`  ${f}`);
    console.log('our signing key: BBPS_SIGNING_KEY_FILE=' + path.join(dir, 'adapter-private.pem'));
    console.log('the CU pin:      BBPS_CU_CERT_FILE=' + path.join(dir, 'cu-cert.pem'));
    console.log('the CU simulator signs with cu-private.pem and pins adapter-cert.pem');
    return 0;
  } catch (e) {
    console.error(e.message);
    return 1;
  }
}

module.exports = { selfSignedCertificatePem, makeDevKeys };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
