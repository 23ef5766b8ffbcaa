// The one HTTP channel to DIGIT: keep-alive agents, a wall-clock deadline per call, raw text bodies
// and every status handed back unjudged (errors.ts classifies); every call carries the active
// `traceparent`. No redirects: a redirected POST
// could be replayed somewhere we did not mean. Plain node:http(s) — axios cost three times the CPU
// per call (docs/benchmark.md) for features this channel turns off anyway.
import http from 'node:http';
import https from 'node:https';
import { traceHeaders } from '../observability/tracing';
import { TransportError, toTransportError } from './transport-error';

export interface RawResponse {
  status: number;
  text: string;
}

export interface HttpChannel {
  post(pathAndQuery: string, body: string, headers: Record<string, string>): Promise<RawResponse>;
  /** destroys pooled sockets; later calls fail with a not-sent TransportError */
  close(): void;
}

/** DIGIT answers are small; anything near this is not a DIGIT answer */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const codedError = (code: string, message: string) => Object.assign(new Error(message), { code });

export function createHttpChannel(baseUrl: string, timeoutMs: number, maxSockets: number): HttpChannel {
  const base = baseUrl.replace(/\/+$/, '');
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  let closed = false;

  return {
    post(pathAndQuery, body, headers) {
      if (closed) return Promise.reject(new TransportError('CLIENT_CLOSED', false, false, 'DIGIT client is closed'));
      let url: URL;
      try {
        url = new URL(base + pathAndQuery);
      } catch (e) {
        return Promise.reject(toTransportError(e, false)); // ERR_INVALID_URL: nothing was sent
      }
      // an ambient HTTP(S)_PROXY is never consulted: DIGIT is addressed directly
      const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
      if (!client) return Promise.reject(toTransportError(codedError('ERR_NOT_SUPPORT', `unsupported protocol ${url.protocol}`), false));
      const agent = client === https ? httpsAgent : httpAgent;
      const payload = Buffer.from(body, 'utf8');

      return new Promise<RawResponse>((resolve, reject) => {
        let settled = false;
        let timedOut = false;
        const req = client.request(url, { method: 'POST', agent, headers: { ...headers, ...traceHeaders(), 'Content-Length': payload.length } }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) req.destroy(codedError('ERR_BAD_RESPONSE', 'DIGIT answer larger than 16 MiB'));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', fail);
          // the connection ended mid-answer: the request was sent, its outcome is unknown
          res.on('close', () => {
            if (!res.complete) fail(codedError('ECONNRESET', 'DIGIT closed the connection mid-answer'));
          });
        });
        function fail(err: Error & { code?: unknown }) {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(toTransportError({ code: err.code, message: err.message, cause: err, request: { reusedSocket: req.reusedSocket } }, timedOut));
        }
        req.on('error', fail);
        const timer = setTimeout(() => {
          timedOut = true;
          req.destroy(codedError('ETIMEDOUT', 'no answer within the timeout'));
        }, timeoutMs);
        req.end(payload);
      });
    },
    close() {
      closed = true;
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** `a=1&b=x%2Fy`: every value URL-encoded (consumer codes and receipt numbers contain `/`) */
export function queryString(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
