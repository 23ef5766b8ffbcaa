// GET /ops/recon?from=&to=[&tenant=][&format=csv] (any operator key): the reconciliation report, as
// JSON or as a CSV download; POST /ops/recon/repair {from,to[,tenant]} (operator role, ops-auth.ts
// refuses viewers): runs the reconciliation, repairs the safe class, answers what was done.
import express, { type Request, type Response, type Router } from 'express';
import { AppError } from '../core/errors';
import { reconCsv } from '../core/recon-csv';
import { needingAction, reconcile, repairReconciliation, type ReconDeps, type ReconQuery, type ReconReport } from '../core/reconcile';
import type { Metrics } from '../observability/metrics';
import { operatorOf } from './ops-auth';

export interface ReconRouteDeps {
  recon: ReconDeps;
  metrics?: Metrics;
}

const text = (v: unknown, param: string): string | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new AppError('REQUEST_INVALID', `${param} must be given once, as text`, { param });
  return v;
};

function queryOf(source: Record<string, unknown>): ReconQuery {
  const from = text(source.from, 'from');
  const to = text(source.to, 'to');
  if (!from) throw new AppError('REQUEST_INVALID', 'from is required (yyyy-MM-dd, an IST day)', { param: 'from' });
  if (!to) throw new AppError('REQUEST_INVALID', 'to is required (yyyy-MM-dd, an IST day, inclusive)', { param: 'to' });
  const tenant = text(source.tenant, 'tenant');
  return { from, to, ...(tenant ? { tenant } : {}) };
}

export function reconRoutes(router: Router, deps: ReconRouteDeps): void {
  const run = async (q: ReconQuery): Promise<ReconReport> => {
    const report = await reconcile(deps.recon, q);
    deps.metrics?.setReconNeedingAction(needingAction(report));
    return report;
  };
  router.get('/recon', async (req: Request, res: Response) => {
    const query = req.query as Record<string, unknown>;
    const format = text(query.format, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new AppError('REQUEST_INVALID', 'format must be json or csv', { param: 'format' });
    const q = queryOf(query);
    const report = await run(q);
    if (format === 'json') {
      res.json(report);
      return;
    }
    // from and to are checked days (yyyy-MM-dd): nothing in the name needs escaping
    res.type('text/csv; charset=utf-8').set('content-disposition', `attachment; filename="recon-${q.from}-${q.to}.csv"`).send(reconCsv(report));
  });
  router.post('/recon/repair', express.json({ limit: '4kb' }), async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('REQUEST_INVALID', 'send a JSON object {"from","to"}', { param: 'body' });
    const q = queryOf(body);
    const report = await reconcile(deps.recon, q);
    const result = await repairReconciliation(deps.recon, report);
    deps.recon.log.info('reconciliation repair', { operator: operatorOf(res).id, from: q.from, to: q.to, repaired: result.repaired.length, skipped: result.skipped.length });
    // what is true after the repair sets the gauge
    await run(q);
    res.json({ from: q.from, to: q.to, ...result });
  });
}
