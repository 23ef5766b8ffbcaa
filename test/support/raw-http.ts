// Raw HTTP/1.1 exchanges over a TCP socket, for what fetch cannot send: a lying Content-Length, a body
// trickled byte by byte, a head that never ends. Every exchange is bounded (it rejects after `giveUpMs`).
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** everything the server sent, as latin1 text */
  answer: string;
  /** bytes written after the head, when the answer's head arrived (or the socket closed) */
  sentAfterHead: number;
  /** the server closed the connection (not only answered) before the exchange ended */
  closedByServer: boolean;
}

export interface RawOptions {
  /** sent right after the head */
  first?: string | Buffer;
  /** called every `everyMs` until an answer comes; its result is written (nothing when undefined) */
  more?: () => string | Buffer | undefined;
  everyMs?: number;
  /** wait for the server to close the connection, not only for an answer's head */
  untilClosed?: boolean;
  /** the exchange is over when this holds of what was received (instead of at the first answer's head) */
  done?: (answer: string) => boolean;
  giveUpMs?: number;
}

const portOf = (url: string) => Number(new URL(url).port);

/** Sends `head` (request line and headers, as written) and then the body as told; resolves on the answer. */
export function rawExchange(baseUrl: string, head: string, o: RawOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(portOf(baseUrl), '127.0.0.1');
    let answer = '';
    let sent = 0;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const write = (chunk: string | Buffer | undefined) => {
      if (chunk === undefined || socket.destroyed || !socket.writable) return;
      sent += Buffer.byteLength(chunk);
      socket.write(chunk);
    };
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ answer, sentAfterHead: sent, closedByServer });
    };
    const giveUp = setTimeout(() => {
      if (done) return;
      done = true;
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`no ${o.untilClosed ? 'close' : 'answer'} within ${o.giveUpMs ?? 5000} ms; got ${JSON.stringify(answer.slice(0, 300))}`));
    }, o.giveUpMs ?? 5000);
    socket.on('connect', () => {
      socket.write(head);
      write(o.first);
      if (o.more) timer = setInterval(() => write(o.more?.()), o.everyMs ?? 2);
    });
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (o.done ? o.done(answer) : !o.untilClosed && answer.includes('\r\n\r\n')) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (e) => {
      if (answer || o.untilClosed) finish(true);
      else if (!done) {
        done = true;
        clearInterval(timer);
        clearTimeout(giveUp);
        reject(e);
      }
    });
  });
}

/** The status code of the first answer in a raw exchange's text, or undefined. */
export const statusOf = (answer: string): number | undefined => {
  const m = /^HTTP\/1\.1 (\d{3}) /.exec(answer);
  return m ? Number(m[1]) : undefined;
};

/** A request head for a POST with the given headers (Host added). */
export const postHead = (path: string, headers: Record<string, string | number>): string =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
