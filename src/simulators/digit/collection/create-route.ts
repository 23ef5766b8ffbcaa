// POST /collection-services/payments/_create → HTTP 200 (not the YAML's 201).
import type { Request, Response } from 'express';
import { callerOf } from '../auth/gateway';
import type { SandboxContext } from '../context';
import { createPayment } from './create-payment';
import { collectionResponseInfo } from './response-info';

export function createPaymentHandler(ctx: SandboxContext) {
  return async (req: Request, res: Response) => {
    const { user, requestInfo } = callerOf(res);
    if (ctx.createHooks.received?.() === 'drop') return void req.socket.destroy();
    const record = await createPayment(ctx, req.body as Record<string, unknown>, user);
    if (ctx.createHooks.committed?.(record.json) === 'drop') return void req.socket.destroy();
    res.status(200).json({ ResponseInfo: collectionResponseInfo(requestInfo), Payments: [record.json] });
  };
}
