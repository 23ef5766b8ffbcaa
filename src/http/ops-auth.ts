// Authorization: Bearer <operator key> on every /ops route (design §3.9): 401 without a key or with
// one no operator holds, 403 when a viewer asks for an action (any method but GET/HEAD). The operator
// is kept in res.locals.operator for the route.
import type { NextFunction, Request, Response } from 'express';
import type { OperatorRegistry } from '../operators/registry';
import type { OperatorIdentity } from '../operators/types';
import { bearerKey } from './api/auth';
import { publicError } from './api/problem';

const READS = new Set(['GET', 'HEAD']);

export function operatorAuth(operators: OperatorRegistry) {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = bearerKey(req);
    const who = key === undefined ? null : operators.resolve(key);
    if (!who) {
      res.set('WWW-Authenticate', 'Bearer realm="ops"');
      const detail = operators.size === 0 ? 'no operator is configured (OPERATORS_FILE): /ops refuses everyone' : key !== undefined ? 'the operator key is not known' : 'send Authorization: Bearer <operator key>';
      return next(publicError('OPERATOR_UNAUTHORIZED', detail));
    }
    if (!READS.has(req.method) && who.role !== 'operator') {
      return next(publicError('OPERATOR_FORBIDDEN', `${req.method} ${req.baseUrl}${req.path} is an action: ${who.id} is a viewer`));
    }
    res.locals.operator = who;
    next();
  };
}

export const operatorOf = (res: Response): OperatorIdentity => res.locals.operator as OperatorIdentity;
