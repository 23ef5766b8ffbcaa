// Authorization: Bearer <api key> → the client (res.locals.client), and the per-client biller
// allow-list (design §3.4). Unknown or missing keys are 401, another client's biller 403.
import type { NextFunction, Request, Response } from 'express';
import type { ClientRegistry } from '../../clients/registry';
import type { ApiClient } from '../../clients/types';
import { publicError } from './problem';

const BEARER = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i;

/** The key of an `Authorization: Bearer <key>` header, or undefined (absent or malformed). */
export const bearerKey = (req: Request): string | undefined => BEARER.exec(req.get('authorization') ?? '')?.[1];

export function authenticate(clients: ClientRegistry) {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = bearerKey(req);
    const client = key === undefined ? undefined : clients.byKey(key);
    if (!client) {
      res.set('WWW-Authenticate', 'Bearer realm="api"');
      return next(publicError('UNAUTHORIZED', key !== undefined ? 'the API key is not known' : 'send Authorization: Bearer <api key>'));
    }
    res.locals.client = client;
    next();
  };
}

export const clientOf = (res: Response): ApiClient => res.locals.client as ApiClient;

/** 403 unless the client may use this biller. */
export function allowBiller(client: ApiClient, billerId: string): void {
  if (!client.billers.includes(billerId)) throw publicError('BILLER_NOT_ALLOWED', `biller ${billerId} is not allowed for client ${client.id}`);
}
