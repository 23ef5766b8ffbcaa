// Express middleware checking a request against its operation in schemas/openapi.json.
import type { NextFunction, Request, Response } from 'express';
import { OPERATIONS } from './openapi';

export function validate(operationId: string) {
  const op = OPERATIONS.get(operationId);
  if (!op) throw new Error(`openapi: no operation ${operationId}`);
  return (req: Request, res: Response, next: NextFunction) => {
    const checked = op.check({ params: req.params as Record<string, string>, query: req.query as Record<string, unknown>, headers: req.headers, body: req.body });
    res.locals.query = checked.query;
    next();
  };
}

/** Query parameters as validated (integers coerced, defaults not applied). */
export const queryOf = (res: Response): Record<string, unknown> => res.locals.query as Record<string, unknown>;
