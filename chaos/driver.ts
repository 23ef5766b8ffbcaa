// Runs the operations of a plan against the world: fetches, payments and their concurrent copies,
// late and conflicting duplicates, reversals and status queries, recording every answer in the journal.
import { BbpsClient, fetchXml, paymentXml, readAck, readMessage, replyOf, statusXml } from './client';
import type { Journal, PaymentEntry } from './journal';
import { exchangeKey } from './journal';
import type { KillSwitch } from './kills';
import type { ConflictOp, FetchOp, Op, PayOp, ReversalOp, StatusOp } from './plan';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Driver {
  /** ops run, by kind; requests skipped (a follow-up whose target was never acknowledged) */
  readonly ran: Record<string, number> = {};
  skipped = 0;

  constructor(
    private readonly client: BbpsClient,
    private readonly journal: Journal,
    private readonly kills: KillSwitch,
    private readonly byId: Map<number, PayOp>,
    /** a counter clerk pays this consumer's bill in DIGIT (someone else's payment) */
    private readonly clerk: (consumer: number) => void,
  ) {}

  async run(op: Op, epoch: number): Promise<void> {
    this.ran[op.kind] = (this.ran[op.kind] ?? 0) + 1;
    switch (op.kind) {
      case 'pay':
        return this.pay(op, epoch);
      case 'fetch':
        return this.fetch(op);
      case 'repeat':
        return this.repeat(this.entry(op.target), op.otherRoute);
      case 'conflict':
        return this.conflict(op);
      case 'reversal':
        return this.reversal(op);
      case 'status':
        return this.status(op);
    }
  }

  private entry(target: number): PaymentEntry | undefined {
    const op = this.byId.get(target);
    return op ? this.journal.payments.get(op.txn) : undefined;
  }

  /** A kill "before the Ack": right after the op's first request went out. */
  private onSent(op: number): (() => void) | undefined {
    const step = this.kills.killsBeforeAck(op);
    return step ? () => void sleep(1).then(() => this.kills.fire(step)) : undefined;
  }

  private async pay(op: PayOp, epoch: number): Promise<void> {
    if (op.fetchFirst) {
      if (op.channel === 'sync') await this.client.postSync('BillFetchRequest', fetchXml(op.refId, op.consumer));
      else await this.sendAsync('BillFetchRequest', op.refId, fetchXml(op.refId, op.consumer), 'fetch');
    }
    const xml = paymentXml({ refId: op.refId, txn: op.txn, consumer: op.consumer, amountPaise: op.amountPaise });
    const entry: PaymentEntry = { txn: op.txn, refId: op.refId, amountPaise: op.amountPaise, channel: op.channel, xml, acknowledged: false, answered: false, epoch };
    this.journal.payments.set(op.txn, entry);
    const onSent = this.onSent(op.id);
    const first = this.sendPayment(entry, onSent);
    const copies = Array.from({ length: op.copies - 1 }, () => this.sendPayment(entry));
    await Promise.all([first, ...copies, this.race(op, first)]);
  }

  /** A reversal or status query right behind the payment's Ack, a copy on the other route, or a counter clerk. */
  private async race(op: PayOp, first: Promise<void>): Promise<void> {
    if (!op.race) return;
    if (op.race === 'clerk' || op.race === 'otherRoute') {
      await sleep(op.raceDelayMs ?? 0);
      if (op.race === 'clerk') return this.clerk(op.consumer);
      return this.sendPayment(this.journal.payments.get(op.txn) as PaymentEntry, undefined, true);
    }
    await first;
    await sleep(op.raceDelayMs ?? 0);
    if (op.race === 'reversal') await this.reversal({ kind: 'reversal', id: op.id, target: op.id });
    else await this.status({ refId: `${op.refId.slice(0, 30)}STAT0`, target: op.id });
  }

  /** One copy of a forward payment (first send, concurrent copy or late repeat), on its route or the other. */
  private async sendPayment(p: PaymentEntry, onSent?: () => void, otherRoute = false): Promise<void> {
    if ((p.channel === 'sync') !== otherRoute) {
      const a = await this.client.postSync('BillPaymentRequest', p.xml, onSent);
      if (!a) return void this.journal.unanswered.push(`sync payment ${p.txn}`);
      if (a.status === 202) p.acknowledged = true;
      else if (a.status === 200) {
        const m = readMessage(a.body);
        p.acknowledged = true;
        if (m) this.journal.syncAnswer(p.txn, replyOf(m), 'sync');
        else this.journal.unanswered.push(`sync payment ${p.txn}: unreadable answer`);
      } else this.journal.unanswered.push(`sync payment ${p.txn}: HTTP ${a.status}`);
      return;
    }
    const acked = await this.sendAsync('BillPaymentRequest', p.refId, p.xml, 'forward', p.txn, onSent);
    if (acked) {
      p.acknowledged = true;
      this.kills.paymentAcked();
    }
  }

  /** Posts on the async route; records the exchange; true when a Successful Ack came back. */
  private async sendAsync(api: string, refId: string, xml: string, role: 'forward' | 'reversal' | 'status' | 'fetch' | 'conflict', txn?: string, onSent?: () => void): Promise<boolean> {
    const a = await this.client.postAsync(api, refId, xml, onSent);
    const callbackApi = api.replace('Request', 'Response');
    const kind = role === 'conflict' ? 'forward' : role;
    if (!a) {
      this.journal.unanswered.push(`${api} ${refId}`);
      return false;
    }
    const ack = readAck(a.body);
    const ok = a.status === 200 && ack?.ok === true;
    if (!ok && role !== 'conflict') this.journal.unanswered.push(`${api} ${refId}: refused, HTTP ${a.status} ${ack?.errors.map((e) => e.code).join(',') ?? a.body.slice(0, 80)}`);
    if (!ok && role === 'conflict') this.journal.conflicts.push({ txn: txn as string, via: 'async same refId', outcome: ack?.errors[0]?.code ?? `HTTP ${a.status}` });
    this.journal.asyncSent(exchangeKey(callbackApi, refId, kind), role, ok, txn);
    return ok;
  }

  private async fetch(op: FetchOp): Promise<void> {
    if (op.channel === 'sync') {
      const a = await this.client.postSync('BillFetchRequest', fetchXml(op.refId, op.consumer));
      if (!a || a.status !== 200) this.journal.unanswered.push(`sync fetch ${op.refId}: ${a ? `HTTP ${a.status}` : 'no answer'}`);
    } else await this.sendAsync('BillFetchRequest', op.refId, fetchXml(op.refId, op.consumer), 'fetch');
  }

  /** A late duplicate: the same request again (on the other route: a COU that switched). */
  async repeat(p: PaymentEntry | undefined, otherRoute = false): Promise<void> {
    if (!p) return void (this.skipped += 1);
    await this.sendPayment(p, undefined, otherRoute);
  }

  private async conflict(op: ConflictOp): Promise<void> {
    const target = this.byId.get(op.target) as PayOp;
    const p = this.journal.payments.get(target.txn);
    // only a payment the service has taken: an unrecorded one would simply be a new payment
    if (!p?.acknowledged) return void (this.skipped += 1);
    const xml = paymentXml({ refId: op.refId, txn: target.txn, consumer: target.consumer, amountPaise: op.amountPaise });
    if (p.channel === 'sync') {
      const a = await this.client.postSync('BillPaymentRequest', xml);
      const m = a?.status === 200 ? readMessage(a.body) : undefined;
      this.journal.conflicts.push({ txn: p.txn, via: 'sync', outcome: m ? m.reason.complianceRespCd || `${m.reason.responseCode} ${m.reason.approvalRefNum}` : `HTTP ${a?.status ?? 'no answer'}` });
      return;
    }
    const acked = await this.sendAsync('BillPaymentRequest', op.refId, xml, 'conflict', p.txn);
    // under the payment's own refId other content must be refused at the Ack
    if (acked && op.refId === p.refId) this.journal.conflicts.push({ txn: p.txn, via: 'async same refId', outcome: 'acknowledged' });
  }

  private async reversal(op: ReversalOp): Promise<void> {
    const target = this.byId.get(op.target) as PayOp;
    const p = this.journal.payments.get(target.txn);
    if (!p?.acknowledged) return void (this.skipped += 1);
    const xml = paymentXml({ refId: target.refId, txn: target.txn, consumer: target.consumer, amountPaise: target.amountPaise, reversal: true });
    await this.sendAsync('BillPaymentRequest', target.refId, xml, 'reversal', target.txn);
  }

  async status(op: Pick<StatusOp, 'refId' | 'target'> & { txn?: string }): Promise<void> {
    const txn = op.txn ?? this.byId.get(op.target)?.txn;
    if (!txn || !this.journal.payments.get(txn)?.acknowledged) return void (this.skipped += 1);
    await this.sendAsync('TxnStatusRequest', op.refId, statusXml(op.refId, txn), 'status', txn);
  }
}
