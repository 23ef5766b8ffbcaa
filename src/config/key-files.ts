// The PEM files the configuration names, read and parsed at boot so that a placeholder, a wrong file
// or a mismatched pair stops the process before any network call, with one line naming the variable
// and the file: `BBPS_SIGNING_KEY_FILE (/run/secrets/key.pem): not a PEM private key`.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { createSigner, loadPinnedKey } from '../bbps/signature';
import type { Config } from './env';

/** PEM texts for the HTTPS server (and the client certificate of callbacks). */
export interface TlsMaterial {
  cert: string;
  key: string;
  ca?: string;
}

/** Collects problems instead of stopping at the first: an operator sees every mistake at once. */
export type Problems = string[];

/** `KEY (path)`: how every message names its setting. */
const named = (key: string, path: string) => `${key} (${path})`;

function read(problems: Problems, key: string, path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    problems.push(`${named(key, path)}: cannot be read (${err.code ?? err.message})`);
    return undefined;
  }
}

/** A PEM block's BEGIN line on a line of its own (a template's prose that quotes one does not count). */
const isPem = (text: string, label: RegExp) => new RegExp(`^-----BEGIN ${label.source}-----\\s*$`, 'm').test(text);

/** What is wrong with a private key PEM, or undefined. */
function privateKeyProblem(pem: string): string | undefined {
  if (!isPem(pem, /(RSA |EC |ENCRYPTED )?PRIVATE KEY/)) return 'not a PEM private key';
  try {
    createPrivateKey(pem);
  } catch (e) {
    return `not a usable PEM private key (${(e as Error).message.slice(0, 80)})`;
  }
  return undefined;
}

function certificateProblem(pem: string): string | undefined {
  if (!isPem(pem, /CERTIFICATE/)) return 'not a PEM certificate';
  try {
    new X509Certificate(pem);
  } catch (e) {
    return `not a usable PEM certificate (${(e as Error).message.slice(0, 80)})`;
  }
  return undefined;
}

/** The reason text of an AppError from the signature module, without its own prefix. */
const reasonOf = (e: unknown) => (e as Error).message.replace(/^(signing key|pinned key): /, '');

/** BBPS_SIGNING_KEY_FILE and BBPS_CU_CERT_FILE: readable, PEM, RSA. */
export function checkBbpsKeys(config: Config, problems: Problems): void {
  const keyFile = config.signingKeyFile;
  const keyPem = keyFile && read(problems, 'BBPS_SIGNING_KEY_FILE', keyFile);
  if (keyFile && keyPem !== undefined) {
    const problem = privateKeyProblem(keyPem ?? '');
    if (problem) problems.push(`${named('BBPS_SIGNING_KEY_FILE', keyFile)}: ${problem}`);
    else {
      try {
        createSigner(keyPem ?? '');
      } catch (e) {
        problems.push(`${named('BBPS_SIGNING_KEY_FILE', keyFile)}: ${reasonOf(e)}`);
      }
    }
  }
  const certFile = config.cuCertFile;
  const certPem = certFile && read(problems, 'BBPS_CU_CERT_FILE', certFile);
  if (certFile && certPem !== undefined) {
    if (!isPem(certPem ?? '', /(CERTIFICATE|(RSA )?PUBLIC KEY|(RSA )?PRIVATE KEY)/)) {
      problems.push(`${named('BBPS_CU_CERT_FILE', certFile)}: not a PEM certificate or public key`);
    } else {
      try {
        loadPinnedKey(certPem ?? '');
      } catch (e) {
        problems.push(`${named('BBPS_CU_CERT_FILE', certFile)}: ${reasonOf(e)}`);
      }
    }
  }
}

/** TLS_CERT_FILE / TLS_KEY_FILE / TLS_CLIENT_CA_FILE: readable, PEM, and the key belongs to the certificate. */
export function loadTls(config: Config, problems: Problems): TlsMaterial | undefined {
  const { tlsCertFile: certFile, tlsKeyFile: keyFile, tlsClientCaFile: caFile } = config;
  if (!certFile || !keyFile) return undefined;
  const before = problems.length;
  const cert = read(problems, 'TLS_CERT_FILE', certFile);
  const key = read(problems, 'TLS_KEY_FILE', keyFile);
  const ca = caFile ? read(problems, 'TLS_CLIENT_CA_FILE', caFile) : undefined;
  const check = (name: string, file: string, text: string | undefined, problem: (t: string) => string | undefined) => {
    const p = text === undefined ? undefined : problem(text);
    if (p) problems.push(`${named(name, file)}: ${p}`);
  };
  check('TLS_CERT_FILE', certFile, cert, certificateProblem);
  check('TLS_KEY_FILE', keyFile, key, privateKeyProblem);
  if (caFile) check('TLS_CLIENT_CA_FILE', caFile, ca, certificateProblem);
  if (problems.length > before || cert === undefined || key === undefined) return undefined;
  try {
    createSecureContext({ cert, key, ...(ca ? { ca } : {}) });
  } catch (e) {
    problems.push(`${named('TLS_KEY_FILE', keyFile)}: does not match TLS_CERT_FILE (${certFile}) (${(e as Error).message.slice(0, 80)})`);
    return undefined;
  }
  return { cert, key, ...(ca ? { ca } : {}) };
}
