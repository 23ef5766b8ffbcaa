// The BBPS central unit simulator (design §5): builds and signs requests, posts them to the adapter's
// async routes, receives the callbacks on its own HTTP server, verifies and records them, Acks them
// (or misbehaves on demand), and answers heartbeats with a ResDiagnostic.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseBbps, toAck, type AckMessage } from '../../bbps';
import { MisbehaviourQueue, type Misbehaviour } from './misbehaviour';
import { readResponse, type Received } from './received';
import * as req from './requests';
import { cuSign, cuVerify } from './signing';

export interface CuSimulatorOptions {
  /** the adapter's base URL, e.g. http://127.0.0.1:8080 (the simulator posts to `{adapterUrl}/bbps/...`) */
  adapterUrl?: string;
  /** the CU's private key (PEM): requests, Acks and ResDiagnostic are signed with it */
  privateKeyPem?: string;
  /** the adapter's public key or certificate (PEM): callbacks must verify under it */
  adapterKeyPem?: string;
  /** Head/@origInst of what the simulator sends */
  ouId?: string;
  /** answer each heartbeat with a ResDiagnostic to the adapter (default true) */
  answerHeartbeats?: boolean;
}

export interface Sent {
  refId: string;
  status: number;
  body: string;
  ack?: AckMessage;
}

const ROUTE = /\/(\w+)\/1\.0\/urn:referenceId:([^/?]+)$/;
const ACK_API: Record<string, string> = {
  BillFetchResponse: 'FETCH_RESPONSE', BillPaymentResponse: 'PAYMENT_RESPONSE', BillValidationResponse: 'VALIDATION_RESPONSE',
  TxnStatusResponse: 'TXN_STATUS_RESPONSE', ReqHbt: 'DIAGNOSTIC_REQUEST',
};

export class CuSimulator {
  readonly received: Received[] = [];
  private readonly faults = new MisbehaviourQueue();
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly waiters = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  adapterUrl: string;

  constructor(private readonly opts: CuSimulatorOptions = {}) {
    this.adapterUrl = (opts.adapterUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  }

  get ouId(): string {
    return this.opts.ouId ?? 'BBCU';
  }

  /** Starts the callback server; returns its base URL (the adapter's BBPS_CALLBACK_URL). */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = http.createServer((r, s) => void this.onRequest(r, s));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    this.server = server;
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  misbehave(m: Misbehaviour): void {
    this.faults.set(m);
  }

  behave(): void {
    this.faults.clear();
  }

  // ------------------------------------------------------------- sending

  /** Signs (when keyed) and posts one request to `{adapterUrl}/bbps/{api}/1.0/urn:referenceId:{refId}`. */
  async send(api: string, refId: string, xml: string, opts: { sign?: boolean; urlRefId?: string } = {}): Promise<Sent> {
    const body = this.opts.privateKeyPem && opts.sign !== false ? cuSign(xml, this.opts.privateKeyPem) : xml;
    return this.post(`${this.adapterUrl}/bbps/${api}/1.0/urn:referenceId:${encodeURIComponent(opts.urlRefId ?? refId)}`, body, refId);
  }

  /** Posts bytes as they are (tests of tampered or foreign signatures). */
  async post(url: string, body: string, refId = ''): Promise<Sent> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body });
    const text = await res.text();
    let ack: AckMessage | undefined;
    try {
      ack = toAck(parseBbps(text, { expect: 'Ack' }));
    } catch {
      ack = undefined;
    }
    return { refId, status: res.status, body: text, ...(ack ? { ack } : {}) };
  }

  fetch(o: { billerId: string; params: Record<string, string>; refId?: string }): Promise<Sent> {
    const refId = o.refId ?? req.cuId();
    return this.send('BillFetchRequest', refId, req.fetchRequest({ refId, msgId: req.cuId(), billerId: o.billerId, params: Object.entries(o.params), origInst: this.ouId }));
  }

  pay(o: {
    billerId: string; params: Record<string, string>; amountPaise: number; refId?: string; txnReferenceId?: string;
    bills?: Array<{ billNumber: string; amountPaise: number }>; paymentMode?: string; reversal?: boolean;
  }): Promise<Sent & { txnReferenceId: string }> {
    const refId = o.refId ?? req.cuId();
    const txnReferenceId = o.txnReferenceId ?? req.cuId(20);
    const xml = req.paymentRequest({
      refId, msgId: req.cuId(), billerId: o.billerId, params: Object.entries(o.params), origInst: this.ouId, txnReferenceId,
      amountPaise: o.amountPaise, bills: o.bills ?? [], paymentMode: o.paymentMode ?? 'UPI', reversal: o.reversal ?? false,
    });
    return this.send('BillPaymentRequest', refId, xml).then((s) => ({ ...s, txnReferenceId }));
  }

  validate(o: { billerId: string; params: Record<string, string>; amountPaise?: number; refId?: string }): Promise<Sent> {
    const refId = o.refId ?? req.cuId();
    return this.send('BillValidationRequest', refId, req.validationRequest({ refId, billerId: o.billerId, params: Object.entries(o.params), origInst: this.ouId, amountPaise: o.amountPaise }));
  }

  status(o: { txnReferenceId: string; refId?: string }): Promise<Sent> {
    const refId = o.refId ?? req.cuId();
    return this.send('TxnStatusRequest', refId, req.statusRequest({ refId, origInst: this.ouId, txnReferenceId: o.txnReferenceId }));
  }

  // ------------------------------------------------------------- receiving

  /** Callbacks answered with a Successful Ack (delivered), optionally of one api. */
  delivered(api?: string): Received[] {
    return this.received.filter((r) => r.answer === 'ack' && (!api || r.api === api));
  }

  /** Waits until a callback of `api` for `refId` has been delivered (Acked); rejects after timeoutMs. */
  waitFor(api: string, refId: string, timeoutMs = 5000): Promise<Received> {
    const find = () => this.received.find((r) => r.api === api && r.refId === refId && r.answer === 'ack');
    return this.until(find, timeoutMs, `${api} for ${refId}`);
  }

  /** Waits until `count` callbacks matching `pred` exist. */
  waitForCount(pred: (r: Received) => boolean, count: number, timeoutMs = 5000): Promise<Received[]> {
    const find = () => {
      const found = this.received.filter(pred);
      return found.length >= count ? found : undefined;
    };
    return this.until(find, timeoutMs, `${count} matching callbacks`);
  }

  private until<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = find();
        if (v === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        this.timers.delete(timer);
        reject(new Error(`CU simulator: no ${what} within ${timeoutMs} ms (received: ${this.received.map((r) => `${r.api}:${r.answer}`).join(', ') || 'nothing'})`));
      }, timeoutMs);
      this.timers.add(timer);
      this.waiters.add(check);
    });
  }

  private async onRequest(r: IncomingMessage, s: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of r) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const m = ROUTE.exec(r.url ?? '');
    if (r.method !== 'POST' || !m) {
      s.writeHead(404).end();
      return;
    }
    const api = m[1] as string;
    const refId = decodeURIComponent(m[2] as string);
    const verified = this.opts.adapterKeyPem ? cuVerify(body, this.opts.adapterKeyPem) : undefined;
    const fault = this.faults.take();
    const entry: Received = { api, refId, body, answer: fault?.mode ?? 'pending', at: Date.now(), ...(verified === undefined ? {} : { verified }) };
    const message = api === 'ReqHbt' ? undefined : readResponse(body);
    if (message) entry.message = message;

    // recorded on arrival (in arrival order); the answer is filled in once given
    this.record(entry);
    if (fault?.mode === 'drop') {
      r.socket.destroy();
      return;
    }
    if (fault?.mode === 'error') {
      s.writeHead(fault.status ?? 503, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    if (fault?.mode === 'slow') await this.sleep(fault.delayMs ?? 2000);
    const ok = fault?.mode !== 'failure' && verified !== false;
    const errors = verified === false ? [{ code: 'G27', detail: 'SIGNATURE-MISMATCH' }] : fault ? [{ code: 'CU_FAILURE', detail: 'simulated failure' }] : [];
    const xml = req.ack(ACK_API[api] ?? api, refId, ok, errors);
    // a slow answer the adapter gave up on stays recorded as 'slow' (not delivered)
    if (!s.destroyed && !r.socket.destroyed) {
      s.writeHead(200, { 'content-type': 'application/xml' }).end(this.opts.privateKeyPem ? cuSign(xml, this.opts.privateKeyPem) : xml);
      entry.answer = ok ? 'ack' : 'failure';
      this.notify();
    }
    if (api === 'ReqHbt' && ok && this.opts.answerHeartbeats !== false) void this.answerHeartbeat(refId);
  }

  private async answerHeartbeat(refId: string): Promise<void> {
    await this.send('ResDiagnostic', refId, req.resDiagnostic(refId, this.ouId)).catch(() => undefined);
  }

  private record(entry: Received): void {
    this.received.push(entry);
    this.notify();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}
