// One authenticated DIGIT call: RequestInfo with the token, a single re-login and retry on 401
// (the gateway refused it before any service saw it, so even `_create` is safe to repeat), status
// classification, and the endpoint group's circuit breaker around all of it, in a span of its own
// (the traceparent DIGIT receives names it) and timed for metrics. Returns the body of a 2xx answer.
import { DigitCallError } from '../core/ports';
import { SpanKind, inSpan } from '../observability/tracing';
import { isCircuitOpen, type CircuitBreaker } from './circuit-breaker';
import type { CallOutcome, DigitLogger, DigitObserver, EndpointGroup } from './config';
import { fromStatus, fromTransport } from './errors';
import { type HttpChannel, type RawResponse, queryString } from './http';
import { requestInfo } from './request-info';
import type { TokenManager } from './token-manager';
import { TransportError } from './transport-error';

export interface CallSpec {
  /** short name for logs and error messages, e.g. "_fetchbill" */
  what: string;
  /** whose circuit breaker guards the call */
  group: EndpointGroup;
  path: string;
  query?: Record<string, string | undefined>;
  /** body fields besides RequestInfo */
  payload?: Record<string, unknown>;
  /**
   * A read that may be repeated: a reset on a reused keep-alive socket (DIGIT closed it while idle)
   * is then retried once on a fresh connection. Never for `_create`.
   */
  repeatable: boolean;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

export class DigitCaller {
  constructor(
    private readonly http: HttpChannel,
    private readonly tokens: TokenManager,
    private readonly breakers: Partial<Record<EndpointGroup, CircuitBreaker>>,
    private readonly now: () => number,
    private readonly log: DigitLogger,
    private readonly observer: DigitObserver,
    /**
     * A call that may not be repeated (`_create`) is not sent later than this after it began: the payment
     * lease written just before it (paymentLeaseMs) must still cover the whole send. A login that waited for
     * another process's login slot can take longer than its own timeout (design §3.7 "Fenced leases").
     */
    private readonly sendWithinMs: number = Infinity,
  ) {}

  call(spec: CallSpec): Promise<RawResponse> {
    return inSpan(`DIGIT ${spec.what}`, async (span) => {
      const started = performance.now();
      let outcome: CallOutcome = 'ok';
      try {
        const breaker = this.breakers[spec.group];
        return await (breaker ? breaker.run(() => this.authenticated(spec)) : this.authenticated(spec));
      } catch (e) {
        outcome = outcomeOf(e);
        throw e;
      } finally {
        this.observer.call(spec.what, outcome, (performance.now() - started) / 1000);
        span.setAttribute('digit.outcome', outcome);
      }
    }, { kind: SpanKind.CLIENT });
  }

  private async authenticated(spec: CallSpec): Promise<RawResponse> {
    const sendBy = spec.repeatable ? Infinity : this.now() + this.sendWithinMs;
    let token = await this.tokens.token();
    this.inTime(spec, sendBy);
    let res = await this.send(spec, token);
    if (res.status === 401) {
      this.log.warn('DIGIT answered 401: logging in again, then one retry', { call: spec.what });
      this.tokens.invalidate(token);
      token = await this.tokens.token();
      this.inTime(spec, sendBy);
      res = await this.send(spec, token);
    }
    if (res.status >= 200 && res.status < 300) return res;
    throw fromStatus(res.status, res.text, spec.what, this.log);
  }

  /** Too late to send (nothing of this call reached a service): refused, so the caller may try again. */
  private inTime(spec: CallSpec, sendBy: number): void {
    if (this.now() <= sendBy) return;
    this.log.warn('DIGIT call not sent: the login took too long for the lease around it', { call: spec.what });
    throw new DigitCallError('UNAVAILABLE', `${spec.what}: not sent, the login took longer than the call's lease allows`);
  }

  private async send(spec: CallSpec, token: string): Promise<RawResponse> {
    const url = spec.path + queryString(spec.query ?? {});
    const body = () => JSON.stringify({ RequestInfo: requestInfo(token, this.now()), ...spec.payload });
    try {
      return await this.http.post(url, body(), JSON_HEADERS);
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      if (!(spec.repeatable && e.reusedSocket && STALE_SOCKET_CODES.has(e.code))) throw fromTransport(e, spec.what);
      this.log.info('DIGIT closed a pooled connection; repeating the read once', { call: spec.what, code: e.code });
      try {
        return await this.http.post(url, body(), JSON_HEADERS);
      } catch (e2) {
        throw e2 instanceof TransportError ? fromTransport(e2, spec.what) : e2;
      }
    }
  }
}

function outcomeOf(e: unknown): CallOutcome {
  if (!(e instanceof DigitCallError)) return 'unknown';
  if (isCircuitOpen(e)) return 'circuit_open';
  return e.kind === 'REJECTED' ? 'rejected' : e.kind === 'UNAVAILABLE' ? 'unavailable' : 'unknown';
}
