// Per-client rate limit (express-rate-limit, one-minute window, the client's ratePerMinute). Counted
// in this process: with several instances each allows the rate (say so to clients, or divide it).
import type { Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { clientOf } from './auth';
import { problemOf, sendProblem } from './problem';

export function perClientRateLimit() {
  return rateLimit({
    windowMs: 60_000,
    limit: (_req: Request, res: Response) => clientOf(res).ratePerMinute,
    keyGenerator: (_req: Request, res: Response) => clientOf(res).id,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req: Request, res: Response) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000));
      res.set('Retry-After', String(seconds));
      sendProblem(res, problemOf('RATE_LIMITED', `more than ${clientOf(res).ratePerMinute} requests a minute; retry after ${seconds} s`));
    },
  });
}
