// GET /api/v1/billers and POST /api/v1/bills/fetch: thin routes over the BBPS use case FetchBill.
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { BillerRegistry } from '../../billers/registry';
import type { FetchBill } from '../../core/fetch-bill';
import { outcomeCode } from '../../core/outcome-codes';
import { withDeadline } from '../bbps-sync';
import { allowBiller, clientOf } from './auth';
import { problemOf, sendProblem } from './problem';
import { API_CHANNEL, API_ORIGIN, toCustomerParams } from './to-payment';
import { validate } from './validate';
import { billerView, billView } from './views';

export interface BillsDeps {
  billers: BillerRegistry;
  fetchBill: FetchBill;
  /** longest a fetch waits for DIGIT (BBPS_SYNC_DEADLINE_MS), then BILLER_UNAVAILABLE */
  deadlineMs: number;
}

/** A fetch's id is the refId it is stored under: 35 letters and digits like a BBPS refId, never guessable. */
const newFetchId = (): string => `F${randomBytes(26).toString('base64url').replace(/[^A-Za-z0-9]/g, '').padEnd(34, '0').slice(0, 34)}`;

export function billsRoutes(deps: BillsDeps): Router {
  const router = Router();

  router.get('/billers', validate('listBillers'), (_req, res) => {
    const client = clientOf(res);
    const billers = client.billers.map((id) => deps.billers.get(id)).filter((b) => b !== undefined);
    res.json({ billers: billers.map(billerView) });
  });

  router.post('/bills/fetch', validate('fetchBills'), async (req, res) => {
    const client = clientOf(res);
    const body = req.body as { billerId: string; customerParams: Record<string, string> };
    allowBiller(client, body.billerId);
    const fetchId = newFetchId();
    const request = {
      refId: fetchId, msgId: fetchId, origInst: API_ORIGIN, agentId: client.id, channel: API_CHANNEL,
      billerId: body.billerId, params: toCustomerParams(body.customerParams),
    };
    const outcome = await withDeadline(deps.fetchBill.execute(request), Date.now() + deps.deadlineMs);
    if (!outcome.ok) return sendProblem(res, problemOf(outcomeCode(outcome.code), outcome.reason));
    res.json({ fetchId, billerId: body.billerId, bills: outcome.bills.map(billView) });
  });

  return router;
}
