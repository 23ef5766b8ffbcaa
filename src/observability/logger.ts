// winston JSON logs: one line per event. Personal data is masked as a last line of defence:
// callers log ids (refId, msgId, txnReferenceId), never names; any mobile number that slips in is masked.
// Every line written inside a request, or inside the background work it caused, names its traceId.
import winston from 'winston';
import type { Logger } from '../core/logger';
import { isNameKey, maskPii } from './mask';
import { currentTraceId } from './tracing';

export { maskPii } from './mask';

// a trace id is hex: a run of ten digits in it is not a mobile number
const UNMASKED = new Set(['level', 'timestamp', 'traceId']);

const mask = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (UNMASKED.has(key)) continue;
    (info as Record<string, unknown>)[key] = isNameKey(key) ? '[masked]' : maskPii(info[key]);
  }
  return info;
});

/** `stream`: where the JSON lines go instead of the console (tests scan them). */
export function createLogger(level: string, silent = false, stream?: NodeJS.WritableStream): Logger {
  const w = winston.createLogger({
    level,
    silent,
    format: winston.format.combine(mask(), winston.format.timestamp(), winston.format.json()),
    transports: [stream ? new winston.transports.Stream({ stream }) : new winston.transports.Console()],
  });
  // the trace id is read when the line is logged, in the caller's context (winston may format later)
  const at = (lvl: string) => (msg: string, meta?: Record<string, unknown>) => {
    if (silent || !w.isLevelEnabled(lvl)) return;
    const traceId = currentTraceId();
    w.log(lvl, msg, traceId ? { ...meta, traceId } : meta);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
