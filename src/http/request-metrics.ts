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
      // nested routers restore req.baseUrl as they unwind: the mount prefix is read off the request
      // path instead (mount paths here are static; only the matched route has parameters)
      const pattern = typeof route === 'string' ? `${mountPrefix(req.originalUrl, route)}${route}` : `${mountedAt} (no route)`;
      metrics.apiRequest(req.method, pattern, res.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}

/** `/api/v1/payments/x` with route `/payments/:ref` → `/api/v1`. */
function mountPrefix(originalUrl: string, route: string): string {
  const path = originalUrl.split('?', 1)[0].split('/').filter(Boolean);
  const routeParts = route.split('/').filter(Boolean).length;
  return path.length >= routeParts ? `/${path.slice(0, path.length - routeParts).join('/')}`.replace(/\/$/, '') : '';
}
