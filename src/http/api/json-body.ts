// JSON request bodies of the API, read within MAX_JSON_BYTES like the BBPS bodies (../body-limit.ts):
// 413 before reading when Content-Length says too much, at the limit for a chunked body. Strict JSON:
// an object or an array, no key twice in one object (repeated-keys.ts); another media type is left
// unread for the route to refuse.
import type { RequestHandler } from 'express';
import { AppError } from '../../core/errors';
import { readWithin } from '../body-limit';
import { foreignCharset } from '../charset';
import { firstRepeatedKey } from './repeated-keys';

const JSON_TYPES = ['application/json', 'application/*+json'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonBody(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    if (!req.is(JSON_TYPES)) {
      next();
      return;
    }
    if (foreignCharset(req) !== undefined) {
      next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'only UTF-8 JSON bodies are accepted'));
      return;
    }
    readWithin(req, res, maxBytes).then((bytes) => {
      req.body = parseStrict(bytes);
      next();
    }).catch(next);
  };
}

function parseStrict(bytes: Buffer): unknown {
  if (bytes.length === 0) return {};
  let value: unknown;
  let text: string;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new AppError('REQUEST_INVALID', 'the request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null) throw new AppError('REQUEST_INVALID', 'the request body must be a JSON object');
  const repeated = firstRepeatedKey(text);
  if (repeated !== undefined) throw new AppError('REQUEST_INVALID', `the key "${repeated.slice(0, 40)}" appears twice in one object of the request body`);
  return value;
}
