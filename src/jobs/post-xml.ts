// One XML POST with a hard timeout (connect + answer), over http or https. node:http rather than fetch:
// a client certificate for mutual TLS towards the CU is a plain request option here.
import http from 'node:http';
import https from 'node:https';
import { traceHeaders } from '../observability/tracing';

export interface PostXmlOptions {
  timeoutMs: number;
  /** client certificate and key (PEM) presented to an https CU */
  clientCert?: { cert: string; key: string };
}

export interface PostXmlResult {
  status: number;
  /** the answer decoded leniently (invalid bytes as U+FFFD): for messages and logs only */
  body: string;
  /** the answer's bytes, for the guard's strict reading */
  bytes: Buffer;
}

/** an answer larger than this is cut off: an Ack is well under a kilobyte */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export function postXml(url: string, body: string, opts: PostXmlOptions): Promise<PostXmlResult> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8', 'content-length': Buffer.byteLength(body), ...traceHeaders() },
        agent: false, // one connection per callback: a CU that drops connections leaves nothing pooled behind
        ...(target.protocol === 'https:' && opts.clientCert ? opts.clientCert : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error('the answer is too large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body: bytes.toString('utf8'), bytes });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('error', reject);
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}
