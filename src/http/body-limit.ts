// Reads a request body within a byte limit (design §7, size before work): a Content-Length over the
// limit is refused before one byte is read, a body without one (chunked) the moment it passes the
// limit. express's own parsers would read off the whole rest of an oversized body before answering
// (a lying Content-Length hung for seconds); here the refused request's connection is closed instead,
// once its 413 is written, so nothing more is read from it — as it is after any answer given before
// the body was read (closeWhenBodyUnread).
import type { Request, RequestHandler, Response } from 'express';
import getRawBody from 'raw-body';
import { AppError } from '../core/errors';
import { asAppError } from './error-map';

/**
 * Every answer given while the request's body is still unread (a 401 before the body, a 404, an IP
 * refusal, …) closes the connection: Node would otherwise read off and discard the whole rest of the
 * body to keep the connection alive, so a client without a key could make the server read a gigabyte
 * for as long as HTTP_REQUEST_TIMEOUT_MS allows. A route that read its body keeps the connection.
 */
export function closeWhenBodyUnread(): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length'];
    if ((declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined) return next();
    const writeHead = res.writeHead as (...args: unknown[]) => Response;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (!req.complete) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    } as Response['writeHead'];
    next();
  };
}

/** The refusal of a request whose body is left unread: answered, then the connection closed. */
export function refuseUnread(res: Response, e: AppError): AppError {
  res.setHeader('Connection', 'close');
  return e;
}

/** The body as bytes; throws PAYLOAD_TOO_LARGE / REQUEST_INVALID / UNSUPPORTED_MEDIA_TYPE. */
export async function readWithin(req: Request, res: Response, maxBytes: number): Promise<Buffer> {
  const coding = req.headers['content-encoding'];
  if (coding !== undefined && coding.toLowerCase() !== 'identity') {
    throw refuseUnread(res, new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${coding.slice(0, 20)} is not accepted: send the body uncompressed`));
  }
  const declared = req.headers['content-length'];
  try {
    return await getRawBody(req, { length: declared ?? null, limit: maxBytes });
  } catch (e) {
    throw refuseUnread(res, asAppError(e));
  }
}
