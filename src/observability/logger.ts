// winston JSON logs: one line per event. Personal data is masked as a last line of defence:
// callers log ids (refId, msgId, txnReferenceId), never names; any mobile number that slips in is masked.
import winston from 'winston';
import type { Logger } from '../core/logger';

const MOBILE = /(?<![0-9])([6-9][0-9])[0-9]{6}([0-9]{2})(?![0-9])/g;
const NAME_KEYS = new Set(['customerName', 'payerName', 'paidBy', 'name', 'mobile', 'mobileNumber', 'VPA', 'vpa']);

export function maskPii(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(MOBILE, '$1XXXXXX$2');
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskPii(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = NAME_KEYS.has(k) ? '[masked]' : maskPii(v, depth + 1);
  return out;
}

const mask = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'timestamp') continue;
    (info as Record<string, unknown>)[key] = NAME_KEYS.has(key) ? '[masked]' : maskPii(info[key]);
  }
  return info;
});

export function createLogger(level: string, silent = false): Logger {
  return winston.createLogger({
    level,
    silent,
    format: winston.format.combine(mask(), winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}
