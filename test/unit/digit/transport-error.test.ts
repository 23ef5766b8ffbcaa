import { toTransportError } from '../../../src/digit/transport-error';
import { fromTransport } from '../../../src/digit/errors';
import { createDigitGateway } from '../../../src/digit';

const err = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? 'x')), props);

describe('toTransportError: was the request possibly sent?', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_INVALID_URL', 'ERR_NOT_SUPPORT'])(
    '%s: never sent → UNAVAILABLE',
    (code) => {
      const t = toTransportError(err({ code }), false);
      expect(t).toMatchObject({ code, maybeSent: false });
      expect(fromTransport(t, 'x').kind).toBe('UNAVAILABLE');
    },
  );

  it.each(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED', 'ERR_BAD_RESPONSE'])('%s: maybe sent → UNKNOWN', (code) => {
    const t = toTransportError(err({ code }), false);
    expect(t.maybeSent).toBe(true);
    expect(fromTransport(t, 'x').kind).toBe('UNKNOWN');
  });

  it('our own deadline wins over whatever axios reports', () => {
    expect(toTransportError(err({ code: 'ERR_CANCELED' }), true)).toMatchObject({ code: 'ETIMEDOUT', maybeSent: true });
  });

  it('reads the code of a Happy-Eyeballs AggregateError or a cause', () => {
    const agg = Object.assign(new AggregateError([err({ code: 'ECONNREFUSED' }), err({ code: 'ECONNREFUSED' })]), {});
    expect(toTransportError(err({ code: 'ERR_BAD_REQUEST', cause: agg }), false)).toMatchObject({ code: 'ECONNREFUSED', maybeSent: false });
    expect(toTransportError(err({ cause: err({ code: 'ENOTFOUND' }) }), false).maybeSent).toBe(false);
  });

  it('no code at all → maybe sent', () => {
    expect(toTransportError('boom', false)).toMatchObject({ code: 'UNKNOWN_TRANSPORT_ERROR', maybeSent: true });
  });

  it('notes a reused keep-alive socket', () => {
    expect(toTransportError(err({ code: 'ECONNRESET', request: { reusedSocket: true } }), false).reusedSocket).toBe(true);
  });

  it('an unusable base URL fails fast as UNAVAILABLE', async () => {
    const gw = createDigitGateway({ baseUrl: 'ftp://127.0.0.1:9', username: 'u', password: 'p', loginTenant: 'pb', userType: 'EMPLOYEE', timeoutMs: 500 });
    try {
      await expect(gw.fetchBills({ tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: 'C' })).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    } finally {
      gw.close();
    }
  });
});
