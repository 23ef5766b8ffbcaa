// A TCP proxy in front of the test PostgreSQL that can lose a statement's answer after the server
// committed it: the connection that sent a named statement is cut the moment the server says it is
// idle again (ReadyForQuery 'I': the autocommit statement committed), and that answer is never passed
// on. The client sees "Connection terminated" for a statement that took effect.
import { createServer, connect, type Socket } from 'node:net';
import { TEST_DATABASE_URL } from './pg';

/** ReadyForQuery, transaction status idle: 'Z', length 5, 'I' */
const READY_IDLE = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);

export interface PgDropProxy {
  /** TEST_DATABASE_URL through the proxy */
  url: string;
  /** Cuts the next connection that sends `statementName` once its commit is acknowledged by the server. */
  dropAfterCommitOf(statementName: string): Promise<void>;
  close(): Promise<void>;
}

export async function startPgDropProxy(): Promise<PgDropProxy> {
  const target = new URL(TEST_DATABASE_URL);
  const sockets = new Set<Socket>();
  let armed: { marker: Buffer; done: () => void } | undefined;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let doomed: (() => void) | undefined;
    client.on('data', (chunk) => {
      if (armed && chunk.includes(armed.marker)) {
        doomed = armed.done;
        armed = undefined;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (doomed && chunk.includes(READY_IDLE)) {
        const done = doomed;
        doomed = undefined;
        client.destroy();
        upstream.destroy();
        return done();
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(TEST_DATABASE_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    dropAfterCommitOf(statementName) {
      return new Promise<void>((resolve) => {
        armed = { marker: Buffer.from(`${statementName}\0`), done: resolve };
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
