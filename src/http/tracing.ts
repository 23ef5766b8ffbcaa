// Every inbound request runs in a span that continues the caller's W3C `traceparent` (a new trace
// when it has none, or a malformed one); the answer names the trace in its own `traceparent` header,
// so a partner or an operator can quote it. The request and response streams are bound to the span's
// context: body parsers resume the chain from stream events, which would otherwise lose it.
import type { RequestHandler } from 'express';
import { SpanKind, currentTraceparent, startSpan, withContext } from '../observability/tracing';

export function traceRequests(): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.traceparent;
    const { span, ctx } = startSpan(`${req.method} ${req.path.split('/', 2).join('/') || '/'}`, typeof header === 'string' ? header : undefined, SpanKind.SERVER);
    const traceparent = currentTraceparent(ctx);
    if (traceparent) res.setHeader('traceparent', traceparent);
    res.once('close', () => {
      // the route pattern, never the raw URL (ids and customer values stay out of span names)
      const route = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof route === 'string') span.updateName(`${req.method} ${req.baseUrl}${route}`);
      span.setAttribute('http.response.status_code', res.statusCode);
      span.end();
    });
    withContext(ctx, [req, res], next);
  };
}
