// The one HTTP channel to DIGIT: keep-alive agents, a wall-clock deadline per call, raw text bodies
// and every status handed back unjudged (errors.ts classifies). No redirects: a redirected POST
// could be replayed somewhere we did not mean.
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
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

export function createHttpChannel(baseUrl: string, timeoutMs: number, maxSockets: number): HttpChannel {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  const client: AxiosInstance = axios.create({
    baseURL: baseUrl.replace(/\/+$/, ''),
    httpAgent,
    httpsAgent,
    maxRedirects: 0,
    // DIGIT is addressed directly; an ambient HTTP(S)_PROXY must not silently reroute payments
    proxy: false,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxContentLength: MAX_RESPONSE_BYTES,
    maxBodyLength: MAX_RESPONSE_BYTES,
  });
  let closed = false;

  return {
    async post(pathAndQuery, body, headers) {
      if (closed) throw new TransportError('CLIENT_CLOSED', false, false, 'DIGIT client is closed');
      const deadline = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        deadline.abort();
      }, timeoutMs);
      try {
        const res = await client.post(pathAndQuery, body, { headers, signal: deadline.signal });
        return { status: res.status, text: typeof res.data === 'string' ? res.data : '' };
      } catch (err) {
        throw toTransportError(err, timedOut);
      } finally {
        clearTimeout(timer);
      }
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
