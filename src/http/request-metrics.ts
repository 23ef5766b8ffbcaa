// JSON API requests counted by method, route pattern and status once answered. The pattern comes from
// the route that matched (`/api/v1/payments/:clientReference`): a raw URL would put client references
// into label values, one series per payment.
import type { RequestHandler } from 'express';
import type { Metrics } from '../observability/metrics';

export function countRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const mountedAt = req.baseUrl;
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      // the routers below re-base req.baseUrl as they match; by now it names the innermost one
      const pattern = typeof route === 'string' ? `${req.baseUrl}${route}` : `${mountedAt} (no route)`;
      metrics.apiRequest(req.method, pattern, res.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}
