// /_admin: seeding, fault injection, clock-free shortcuts and statistics (no auth; loopback use).
//   POST   /_admin/reset                 back to the default seed
//   POST   /_admin/demands               DemandSeed, or {"demands":[DemandSeed…]}
//   POST   /_admin/demands/bulk          {"count","amount","tenantId"?,"start"?} → {"consumerCodes":[…]}
//   POST   /_admin/users                 NewUser
//   GET    /_admin/faults                active faults
//   POST   /_admin/faults                FaultSpec {"route","mode","latencyMs"?,"times"?,"status"?}
//   DELETE /_admin/faults                clear faults (held connections are closed)
//   POST   /_admin/tokens/expire         every token stops working → {"expired":n}
//   POST   /_admin/bills/expire          {"tenantId","businessService","consumerCode"} → {"billId"}
//   POST   /_admin/payments/elsewhere    {"billId"} or consumer ref, + {"amount","paymentMode","transactionNumber","paidBy","mobileNumber"}?
//   POST   /_admin/payments/amend        {"transactionNumber","amount"} a stored payment now says amount rupees (data fault)
//   POST   /_admin/mark-paid/flush       run pending mark-as-paid now → {"ran":n}
//   GET    /_admin/stats                 SandboxStats
//   GET    /_admin/payments              stored payments, oldest first
import { Router, type NextFunction, type Request, type Response } from 'express';
import { DigitHttpError, envelope } from '../errors';
import type { DigitSandbox } from '../sandbox';

const bodyOf = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

export function adminRouter(sandbox: DigitSandbox): Router {
  const r = Router();
  r.post('/reset', (_req, res) => {
    sandbox.reset();
    res.json({ ok: true });
  });
  r.post('/demands', (req, res) => {
    const b = bodyOf(req);
    const seeds = Array.isArray(b.demands) ? b.demands : [b];
    sandbox.addDemands(seeds as never);
    res.status(201).json({ added: seeds.length });
  });
  r.post('/demands/bulk', (req, res) => {
    res.status(201).json({ consumerCodes: sandbox.addBulkPtConsumers(bodyOf(req) as never) });
  });
  r.post('/users', (req, res) => {
    sandbox.addUser(bodyOf(req) as never);
    res.status(201).json({ ok: true });
  });
  r.get('/faults', (_req, res) => {
    res.json({ faults: sandbox.faults() });
  });
  r.post('/faults', (req, res) => {
    sandbox.setFault(bodyOf(req) as never);
    res.status(201).json({ faults: sandbox.faults() });
  });
  r.delete('/faults', (_req, res) => {
    sandbox.clearFaults();
    res.json({ faults: [] });
  });
  r.post('/tokens/expire', (_req, res) => {
    res.json({ expired: sandbox.expireTokens() });
  });
  r.post('/bills/expire', (req, res) => {
    const billId = sandbox.expireBill(bodyOf(req) as never);
    if (!billId) res.status(404).json({ error: 'no ACTIVE bill for that consumer' });
    else res.json({ billId });
  });
  r.post('/payments/elsewhere', (req, res) => {
    const b = bodyOf(req);
    const target = typeof b.billId === 'string' ? { billId: b.billId } : (b as never);
    res.status(201).json({ Payment: sandbox.payElsewhere(target, b as never) });
  });
  r.post('/payments/amend', (req, res) => {
    const b = bodyOf(req);
    const ok = typeof b.transactionNumber === 'string' && typeof b.amount === 'number' && sandbox.amendPayment(b.transactionNumber, b.amount);
    if (!ok) res.status(404).json({ error: 'no payment with that transactionNumber, or amount is not a positive number of rupees (2 decimals at most)' });
    else res.json({ amended: b.transactionNumber });
  });
  r.post('/mark-paid/flush', (_req, res) => {
    res.json({ ran: sandbox.flushMarkPaid() });
  });
  r.get('/stats', (_req, res) => {
    res.json(sandbox.stats());
  });
  r.get('/payments', (_req, res) => {
    res.json({ Payments: sandbox.listPayments() });
  });
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof DigitHttpError) res.status(err.status).json(envelope(err.errors));
    else res.status(400).json({ error: err instanceof Error ? err.message : String(err) });
  });
  return r;
}
