// Raw XML bodies for the BBPS routes: size checked before any parsing (413), XML media types only.
import express, { type RequestHandler } from 'express';
import { AppError } from '../core/errors';

const XML_TYPES = ['application/xml', 'text/xml'];

export function xmlBody(maxBytes: number): RequestHandler[] {
  const raw = express.raw({ type: XML_TYPES, limit: maxBytes, inflate: false });
  const requireXml: RequestHandler = (req, _res, next) => {
    if (!Buffer.isBuffer(req.body)) {
      next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the message as application/xml or text/xml'));
      return;
    }
    next();
  };
  return [raw, requireXml];
}
