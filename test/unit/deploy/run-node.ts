// Runs a health-check command line (`node -e …`) the way the container would, with this Node.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Exit code of `argv` (argv[0] must be `node`), bounded by `timeoutMs`. */
export function runNode(argv: string[], env: Record<string, string>, timeoutMs = 10_000): Promise<number> {
  if (argv[0] !== 'node') throw new Error(`expected a node command, got ${argv[0]}`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv.slice(1), { env: { PATH: process.env.PATH ?? '', ...env }, timeout: timeoutMs }, (err) => {
      if (!err) return resolve(0);
      const code = (err as NodeJS.ErrnoException & { code?: unknown }).code;
      if (typeof code === 'number') return resolve(code);
      reject(err);
    });
  });
}

/** A loopback HTTP server answering every request with `status`; returns its port and a closer. */
export async function statusServer(status: number): Promise<{ port: number; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.statusCode = status;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const s = await statusServer(200);
  await s.close();
  return s.port;
}
