// WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit that takes the WAL
// past 1000 pages: that commit copies the WAL into the database file and syncs both, and node:sqlite
// runs it on the event loop, so every request waits behind it. Here the service's connection stops
// checkpointing (wal_autocheckpoint = 0) and a worker thread with a connection of its own runs a PASSIVE
// checkpoint every `everyMs`: PASSIVE never takes the write lock and never waits for readers, and in WAL
// mode any connection may checkpoint for the others. Commits stay as durable as before: a commit is
// durable when it is in the WAL (per `synchronous`), not when it has been copied into the database.
import { Worker } from 'node:worker_threads';

// plain CommonJS run by the worker (eval): no file to find whether the service runs from dist/ or ts-jest
const SOURCE = `
const { DatabaseSync } = require('node:sqlite');
const { parentPort, workerData } = require('node:worker_threads');
const db = new DatabaseSync(workerData.path, { timeout: 0 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try { checkpoint.get(); } catch (e) { parentPort.postMessage({ error: String(e) }); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export class Checkpointer {
  private readonly worker: Worker;
  private stopping = false;

  /** `onLost`: the worker ended or failed; the caller turns the connection's own checkpoints back on. */
  constructor(path: string, everyMs: number, onLost: (why: string) => void) {
    this.worker = new Worker(SOURCE, { eval: true, workerData: { path, everyMs } });
    this.worker.unref(); // never what keeps the process alive
    this.worker.on('message', (m: { error?: string }) => {
      if (m.error) onLost(m.error);
    });
    this.worker.on('error', (e) => onLost(String(e)));
    this.worker.on('exit', (code) => {
      if (!this.stopping) onLost(`checkpoint worker exited with ${code}`);
    });
  }

  /** Stops the worker (its connection closed first), before the service's connection closes. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // held while stopping: an unref'd worker alone would let the process end in the middle of close()
    this.worker.ref();
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
    await this.worker.terminate();
  }
}
