// A call that got no HTTP response at all. What matters to the core is whether DIGIT may have seen
// the request: only failures to open the connection prove it did not.

/** Failures that happen before a connection exists, so the request was never written. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** axios refusing its own configuration (bad URL, unsupported protocol) before any I/O */
const CONFIG_CODES = new Set(['ERR_INVALID_URL', 'ERR_BAD_OPTION', 'ERR_BAD_OPTION_VALUE', 'ERR_NOT_SUPPORT']);
/** TLS certificate failures end the handshake, also before the request is written. */
const TLS_HANDSHAKE = /^(CERT_|ERR_TLS_CERT|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|UNABLE_TO_(GET|VERIFY)_)/;

export class TransportError extends Error {
  constructor(
    readonly code: string,
    /** false only when the connection was never made */
    readonly maybeSent: boolean,
    /** the request went out on a pooled keep-alive socket (a stale-socket reset is then likely) */
    readonly reusedSocket: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  request?: { reusedSocket?: unknown };
}

/** The first error code found on the error, its cause, or (Happy Eyeballs) its AggregateError members. */
function codeOf(e: ErrorLike | undefined, depth = 0): string | undefined {
  if (!e || depth > 3) return undefined;
  if (typeof e.code === 'string' && e.code !== 'ERR_BAD_REQUEST' && e.code !== 'ERR_BAD_RESPONSE') return e.code;
  const nested = [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  for (const n of nested) {
    const c = codeOf(n as ErrorLike, depth + 1);
    if (c) return c;
  }
  return typeof e.code === 'string' ? e.code : undefined;
}

/** Turns whatever axios threw into a TransportError; `timedOut` = our own deadline fired. */
export function toTransportError(err: unknown, timedOut: boolean): TransportError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const reused = e.request?.reusedSocket === true;
  if (timedOut) return new TransportError('ETIMEDOUT', true, reused, 'no answer within the timeout');
  const code = codeOf(e) ?? 'UNKNOWN_TRANSPORT_ERROR';
  const notSent = NOT_SENT_CODES.has(code) || CONFIG_CODES.has(code) || TLS_HANDSHAKE.test(code);
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : code;
  return new TransportError(code, !notSent, reused, message);
}
