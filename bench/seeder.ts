// Seeds the sandbox's bulk PT consumers on demand, per consumer range, in chunks.
import { adminPost } from './processes';

/** rupees per consumer: whole rupees (DIGIT _create takes no paise) */
export const BILL_RUPEES = 1500;
const CHUNK = 10_000;

export class Seeder {
  private readonly high = new Map<number, number>();
  seeded = 0;

  constructor(private readonly sandboxUrl: string) {}

  async upTo(range: { first: number; last: number }, index: number): Promise<void> {
    const target = Math.min(index, range.last);
    let from = (this.high.get(range.first) ?? range.first - 1) + 1;
    while (from <= target) {
      const count = Math.min(CHUNK, target - from + 1);
      await adminPost(this.sandboxUrl, '/demands/bulk', { count, amount: BILL_RUPEES, start: from });
      this.seeded += count;
      from += count;
      this.high.set(range.first, from - 1);
    }
  }
}
