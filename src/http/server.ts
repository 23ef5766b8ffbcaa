// The listening socket: plain HTTP, or HTTPS when TLS_CERT_FILE/TLS_KEY_FILE are set, with client
// certificates required (mutual TLS) when TLS_CLIENT_CA_FILE names the CA that issues them.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Express } from 'express';
import type { Config } from '../config/env';
import { AppError } from '../core/errors';

const read = (key: string, path: string) => {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new AppError('CONFIG_INVALID', `configuration: ${key} cannot be read (${(e as Error).message})`);
  }
};

export function createServer(app: Express, config: Config): { server: http.Server; scheme: 'http' | 'https' } {
  if (!config.tlsCertFile || !config.tlsKeyFile) return { server: http.createServer(app), scheme: 'http' };
  const ca = config.tlsClientCaFile ? read('TLS_CLIENT_CA_FILE', config.tlsClientCaFile) : undefined;
  const server = https.createServer(
    {
      cert: read('TLS_CERT_FILE', config.tlsCertFile),
      key: read('TLS_KEY_FILE', config.tlsKeyFile),
      minVersion: 'TLSv1.2',
      ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : {}),
    },
    app,
  );
  return { server, scheme: 'https' };
}
