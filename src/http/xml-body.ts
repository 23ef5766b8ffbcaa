// Raw XML bodies for the BBPS routes: XML media types in UTF-8 only (415), size checked before any
// parsing and before the body is read where the request declares it (413, body-limit.ts).
import type { RequestHandler } from 'express';
import { AppError } from '../core/errors';
import { declaredCharset, readWithin, refuseUnread } from './body-limit';

const XML_TYPES = ['application/xml', 'text/xml'];

export function xmlBody(maxBytes: number): RequestHandler[] {
  const read: RequestHandler = (req, res, next) => {
    if (!req.is(XML_TYPES)) {
      next(refuseUnread(res, new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the message as application/xml or text/xml')));
      return;
    }
    // a charset parameter outranks the XML declaration (RFC 7303 §3.2): another one than UTF-8 would be
    // read as UTF-8 regardless, so the document would not say what the sender meant
    const charset = declaredCharset(req);
    if (charset !== undefined && charset !== 'utf-8') {
      next(refuseUnread(res, new AppError('UNSUPPORTED_MEDIA_TYPE', `only UTF-8 is accepted (Content-Type declares charset ${charset.slice(0, 20)})`)));
      return;
    }
    readWithin(req, res, maxBytes).then((body) => {
      req.body = body;
      next();
    }, next);
  };
  return [read];
}
