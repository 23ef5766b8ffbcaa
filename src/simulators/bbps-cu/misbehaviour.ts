// How the simulated CU answers the adapter's callbacks and heartbeats, for tests: normally a signed
// Successful Ack; on demand slowly, with an HTTP error, by dropping the connection, or with a Failure Ack.
export type MisbehaviourMode = 'slow' | 'error' | 'drop' | 'failure';

export interface Misbehaviour {
  mode: MisbehaviourMode;
  /** how many answers misbehave (default: until cleared) */
  times?: number;
  /** slow: delay before the Ack (default 2000) */
  delayMs?: number;
  /** error: the HTTP status (default 503) */
  status?: number;
}

export class MisbehaviourQueue {
  private current?: Misbehaviour & { left: number };

  set(m: Misbehaviour): void {
    this.current = { ...m, left: m.times ?? Number.POSITIVE_INFINITY };
  }

  clear(): void {
    this.current = undefined;
  }

  /** The misbehaviour for the next answer, counted down; undefined = answer normally. */
  take(): Misbehaviour | undefined {
    const c = this.current;
    if (!c || c.left <= 0) return undefined;
    c.left -= 1;
    return c;
  }
}
