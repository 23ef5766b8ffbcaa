// Raw XML bodies for the BBPS routes: XML media types in UTF-8 only (415), size checked before any
// parsing and before the body is read where the request declares it (413, body-limit.ts).
import type { RequestHandler } from 'express';
import { AppError } from '../core/errors';
import { readWithin, refuseUnread } from './body-limit';
import { foreignCharset } from './charset';

const XML_TYPES = ['application/xml', 'text/xml'];

export function xmlBody(maxBytes: number): RequestHandler[] {
  const read: RequestHandler = (req, res, next) => {
    if (!req.is(XML_TYPES)) {
      next(refuseUnread(res, new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the message as application/xml or text/xml')));
      return;
    }
    const charset = foreignCharset(req);
    if (charset !== undefined) {
      next(refuseUnread(res, new AppError('UNSUPPORTED_MEDIA_TYPE', `only UTF-8 is accepted (Content-Type declares charset ${charset})`)));
      return;
    }
    readWithin(req, res, maxBytes).then((body) => {
      req.body = body;
      next();
    }, next);
  };
  return [read];
}
