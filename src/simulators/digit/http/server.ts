// A listening HTTP server whose close() does not wait for idle keep-alive or hung connections.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export function listenOn(app: Express, port: number, host: string, releaseHeld: () => void): Promise<Listening> {
  const server = createServer(app);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${shownHost}:${addr.port}`,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            server.close(() => done());
            releaseHeld();
            for (const s of sockets) s.destroy();
            sockets.clear();
          })),
      });
    });
  });
}
