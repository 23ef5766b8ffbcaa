// The listening socket: plain HTTP, or HTTPS when TLS_CERT_FILE/TLS_KEY_FILE are set, with client
// certificates required (mutual TLS) when TLS_CLIENT_CA_FILE names the CA that issues them; bound to
// HOST:PORT, with a refusal (port in use, …) reported as one line.
import http from 'node:http';
import https from 'node:https';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../config/key-files';
import { AppError } from '../core/errors';

/** HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS: how long a client may take to send a request */
export interface RequestTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

// Node checks the two timeouts on an interval (30 s by default, which would let a slow-loris client
// hold a connection that long past its timeout): check at a tenth of the shorter one, at most every 1 s
const timeoutOptions = (t: RequestTimeouts): http.ServerOptions => ({
  headersTimeout: t.headersTimeoutMs,
  requestTimeout: t.requestTimeoutMs,
  connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(t.headersTimeoutMs / 10))),
});

/** `tls`: the PEM texts read and checked in the config phase (config/boot.ts); undefined → HTTP. */
export function createServer(app: Express, tls: TlsMaterial | undefined, timeouts: RequestTimeouts): { server: http.Server; scheme: 'http' | 'https' } {
  if (!tls) return { server: http.createServer(timeoutOptions(timeouts), app), scheme: 'http' };
  const ca = tls.ca;
  const server = https.createServer(
    {
      ...timeoutOptions(timeouts),
      cert: tls.cert,
      key: tls.key,
      minVersion: 'TLSv1.2',
      ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : {}),
    },
    app,
  );
  return { server, scheme: 'https' };
}

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (another process listens there)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'HOST is not an address of this machine',
};

/** Listens on HOST:PORT; a refusal is one CONFIG_INVALID line naming both, never an unhandled 'error'. */
export function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const why = LISTEN_PROBLEMS[e.code ?? ''] ?? e.message;
      reject(new AppError('CONFIG_INVALID', `PORT (${port}) on HOST (${host}): cannot listen: ${why}`));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** The URL of what is really bound (an IPv6 address in brackets). */
export const boundUrl = (scheme: string, a: AddressInfo) =>
  `${scheme}://${a.family === 'IPv6' || a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`;
