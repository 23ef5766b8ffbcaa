// Unresolved, Callbacks and Reversals: the operators' lists, with Resolve now and Resend per item.
import type { OutboxItem, PaymentRecord } from '../../../core/ports';
import type { ReversalEntry } from '../../../jobs/ops-log';
import { age, rupees, when } from '../format';
import type { Signed } from '../guard';
import { html } from '../html';
import { actionButton, csrfField, viewerNote } from '../layout';
import { paymentHref } from './payments';
import { resolveForm } from './payment';

export function unresolvedBody(items: PaymentRecord[], now: number, signed: Signed) {
  const rows = items.map((p) => html`<tr><td><a href="${paymentHref(p.txnReferenceId)}">${p.txnReferenceId}</a></td><td>${p.billerId}</td>
<td class="state-${p.state}">${p.state}</td><td class="num">${rupees(p.request.amountPaise)}</td><td class="num">${p.attempts}</td><td>${age(now - p.createdAt)}</td><td>${p.note ?? ''}</td>
<td>${resolveForm(signed, p.txnReferenceId, 'unresolved')}</td></tr>`);
  return html`<p>Payments still RECEIVED, POSTING or UNKNOWN a minute after they arrived, oldest first. The sweeper keeps working on them; Resolve now asks DIGIT at once.</p>
${viewerNote(signed)}
<table><thead><tr><th scope="col">txnReferenceId</th><th scope="col">Biller</th><th scope="col">State</th><th scope="col" class="num">Amount</th><th scope="col" class="num">Attempts</th><th scope="col">Age</th><th scope="col">Note</th><th scope="col">Action</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="8">Nothing unresolved.</td></tr>`}</tbody></table>`;
}

const cbRow = (i: OutboxItem, action: unknown) => html`<tr><td><code>${i.id}</code></td><td>${i.api}</td><td>${i.refId}</td><td class="num">${i.attempts}</td><td>${when(i.createdAt)}</td><td>${when(i.updatedAt)}</td><td>${i.lastError ?? ''}</td>${action === undefined ? '' : html`<td>${action}</td>`}</tr>`;

export function callbacksBody(parked: OutboxItem[], pending: OutboxItem[], limit: number, signed: Signed) {
  const head = (action: boolean) => html`<thead><tr><th scope="col">Id</th><th scope="col">Message</th><th scope="col">refId</th><th scope="col" class="num">Attempts</th><th scope="col">Queued</th><th scope="col">Last change</th><th scope="col">Last error</th>${action ? html`<th scope="col">Action</th>` : ''}</tr></thead>`;
  const resend = (i: OutboxItem) => html`<form method="post" action="/console/callbacks/${encodeURIComponent(i.id)}/resend">${csrfField(signed)}${actionButton(signed, 'Resend')}</form>`;
  const more = (items: OutboxItem[]) => (items.length >= limit ? html`<p class="hint">The newest ${limit} are shown; GET /ops/outbox pages through all of them.</p>` : '');
  return html`<p>Answers to the BBPS central unit waiting in the outbox (ids <code>cb:…</code>), and accepted requests still being answered (<code>work:…</code>). An item not delivered for BBPS_CALLBACK_PARK_AFTER_MS is parked; Resend queues it again exactly as it was stored.</p>
${viewerNote(signed)}
<section aria-labelledby="parked"><h2 id="parked">Parked (${parked.length})</h2>
<table>${head(true)}<tbody>${parked.length ? parked.map((i) => cbRow(i, resend(i))) : html`<tr><td colspan="8">None parked.</td></tr>`}</tbody></table>${more(parked)}</section>
<section aria-labelledby="pending"><h2 id="pending">Pending (${pending.length})</h2>
<table>${head(false)}<tbody>${pending.length ? pending.map((i) => cbRow(i, undefined)) : html`<tr><td colspan="7">None pending.</td></tr>`}</tbody></table>${more(pending)}</section>`;
}

const RESULT: Record<ReversalEntry['result'], string> = {
  NOT_POSTED: 'not posted: closed, can never post',
  CANCELLED_IN_DIGIT: 'cancelled in DIGIT',
  POSTED_MANUAL: 'in DIGIT, which cannot cancel it: reverse it by hand',
};

export function reversalsBody(entries: ReversalEntry[]) {
  const rows = entries.map((e) => html`<tr><td><a href="${paymentHref(e.txnReferenceId)}">${e.txnReferenceId}</a></td><td>${e.billerId}</td><td class="num">${rupees(e.amountPaise)}</td>
<td>${RESULT[e.result] ?? e.result}</td><td>${e.receipts.map((r) => r.receiptNumber).join(', ')}</td><td>${e.note}</td><td>${when(e.at)}</td></tr>`);
  return html`<p>Every BBPS reversal with what was done about it, newest first.</p>
<table><thead><tr><th scope="col">txnReferenceId</th><th scope="col">Biller</th><th scope="col" class="num">Amount</th><th scope="col">Result</th><th scope="col">Receipts</th><th scope="col">Note</th><th scope="col">When</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="7">No reversal.</td></tr>`}</tbody></table>`;
}
