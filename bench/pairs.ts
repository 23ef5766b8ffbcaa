// Fetched-and-not-yet-paid consumers: a payment pays what a fetch showed (the BBPS flow), each
// consumer once, so every payment in the run is a distinct bill paid in full.

export interface Fetched {
  consumerCode: string;
  /** adapter side: the refId of the fetch (the payment reuses it); baseline: DIGIT's bill id */
  key: string;
  amountPaise: number;
  mobile: string;
}

export class FetchedPool {
  private readonly queue: Fetched[] = [];
  private head = 0;
  private readonly taken = new Set<string>();

  /** A consumer fetched twice is kept once (the first fetch wins; both show the same bill). */
  add(f: Fetched): void {
    if (this.taken.has(f.consumerCode)) return;
    this.taken.add(f.consumerCode);
    this.queue.push(f);
  }

  get size(): number {
    return this.queue.length - this.head;
  }

  take(): Fetched | undefined {
    if (this.head >= this.queue.length) return undefined;
    const f = this.queue[this.head];
    this.queue[this.head++] = undefined as never; // let it go
    return f;
  }
}

/** Consumer codes `PB-PT-2024-01-01-nnnnnn` handed out in order within [first, last]. */
export class ConsumerRange {
  private next: number;

  constructor(
    readonly first: number,
    readonly last: number,
  ) {
    this.next = first;
  }

  get used(): number {
    return this.next - this.first;
  }

  /** the highest index handed out so far (first - 1 before any) */
  get high(): number {
    return this.next - 1;
  }

  take(): { index: number; consumerCode: string } {
    if (this.next > this.last) throw new Error(`consumer range ${this.first}..${this.last} exhausted`);
    const index = this.next++;
    return { index, consumerCode: consumerCode(index) };
  }
}

export const consumerCode = (i: number): string => `PB-PT-2024-01-01-${String(i).padStart(6, '0')}`;
/** the mobile the sandbox gives bulk consumer i */
export const consumerMobile = (i: number): string => `7${String(i).padStart(9, '0')}`;
