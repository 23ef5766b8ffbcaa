// winston JSON logs: one line per event. Personal data is masked as a last line of defence:
// callers log ids (refId, msgId, txnReferenceId), never names; any mobile number that slips in is masked.
import winston from 'winston';
import type { Logger } from '../core/logger';
import { isNameKey, maskPii } from './mask';

export { maskPii } from './mask';

const mask = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'timestamp') continue;
    (info as Record<string, unknown>)[key] = isNameKey(key) ? '[masked]' : maskPii(info[key]);
  }
  return info;
});

/** `stream`: where the JSON lines go instead of the console (tests scan them). */
export function createLogger(level: string, silent = false, stream?: NodeJS.WritableStream): Logger {
  return winston.createLogger({
    level,
    silent,
    format: winston.format.combine(mask(), winston.format.timestamp(), winston.format.json()),
    transports: [stream ? new winston.transports.Stream({ stream }) : new winston.transports.Console()],
  });
}
