// Turns anything thrown by a route into DIGIT's envelope: service errors 400 (tracer), gateway 401/403/404.
import type { NextFunction, Request, Response } from 'express';
import { DigitHttpError, entry, envelope, notFoundError } from '../errors';

export const notFound = (req: Request) => {
  throw notFoundError(req.path);
};

export function errorMiddleware(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  if (err instanceof DigitHttpError) {
    res.status(err.status).json(envelope(err.errors));
    return;
  }
  const e = err as { type?: string; message?: string; name?: string };
  if (e.type === 'entity.parse.failed') {
    // Jackson's JsonParseException as the tracer shows it
    res.status(400).json(envelope([entry('JsonParseException', `JSON parse error: ${e.message ?? ''}`)]));
    return;
  }
  if (e.type === 'entity.too.large') {
    res.status(413).json(envelope([entry('PayloadTooLargeException', 'Request body too large')]));
    return;
  }
  res.status(400).json(envelope([entry(e.name ?? 'Exception', 'An unhandled exception occurred on the server', e.message ?? null)]));
}
