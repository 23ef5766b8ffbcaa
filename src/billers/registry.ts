import type { BillerConfig } from './types';

/** The configured billers, by BBPS biller id. */
export class BillerRegistry {
  private readonly byId = new Map<string, BillerConfig>();

  constructor(billers: BillerConfig[]) {
    for (const b of billers) this.byId.set(b.billerId, b);
  }

  get(billerId: string): BillerConfig | undefined {
    return this.byId.get(billerId);
  }

  all(): BillerConfig[] {
    return [...this.byId.values()];
  }
}
