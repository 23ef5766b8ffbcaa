// Timers the sandbox starts (mark-as-paid), tracked so they can be flushed or cancelled and never
// keep a test process alive.
export class Scheduler {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.pending.set(timer, fn);
  }

  /** Runs every pending job now (tests and the admin API use it instead of waiting). */
  flush(): number {
    const jobs = [...this.pending];
    this.pending.clear();
    for (const [timer, fn] of jobs) {
      clearTimeout(timer);
      fn();
    }
    return jobs.length;
  }

  cancelAll(): void {
    for (const timer of this.pending.keys()) clearTimeout(timer);
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }
}
