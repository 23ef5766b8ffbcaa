// A payment's page: summary, Resolve now when unresolved, the state history (derived, and saying
// so), DIGIT receipts, attempts and last error, the customer parameters and the BBPS messages in and
// out — all from the same masked view as GET /ops/payments/:txnReferenceId.
import type { paymentDetailView } from '../../ops-payment-views';
import { rupees, when } from '../format';
import type { Signed } from '../guard';
import { html } from '../html';
import { actionButton, csrfField, viewerNote } from '../layout';
import { paymentHref } from './payments';

type View = ReturnType<typeof paymentDetailView>;

export function resolveForm(signed: Signed, txn: string, back: 'payment' | 'unresolved') {
  return html`<form method="post" action="${paymentHref(txn)}/resolve">${csrfField(signed)}<input type="hidden" name="back" value="${back}">${actionButton(signed, 'Resolve now')}</form>`;
}

export function paymentBody(v: View, signed: Signed) {
  const history = v.history.map((e) => html`<tr><td>${when(e.at)}</td><td>${e.what}</td><td>${e.source}</td></tr>`);
  const receipts = v.receipts.map((r) => html`<tr><td>${r.receiptNumber}</td><td>${r.billNumber}</td><td>${r.businessService}</td><td class="num">${rupees(r.amountPaise)}</td></tr>`);
  const bills = v.bills.map((b) => html`<tr><td>${b.billNumber}</td><td>${b.consumerCode}</td><td>${b.businessService}</td><td class="num">${rupees(b.amountPaise)}</td></tr>`);
  const params = v.customerParams.map((p) => html`<tr><td>${p.name}</td><td>${p.value}</td></tr>`);
  const messages = v.messages.map((m) => html`<details><summary>${when(m.at)} · ${m.direction === 'IN' ? 'in' : 'out'} · ${m.api}${m.outcome ? ` · ${m.outcome}` : ''} (refId ${m.refId})</summary><pre>${m.body || '(empty body)'}</pre></details>`);
  return html`
<dl>
<dt>State</dt><dd class="state-${v.state}">${v.state}${v.reversed ? ' (reversed since)' : ''}</dd>
<dt>refId</dt><dd>${v.refId}</dd>
<dt>msgId</dt><dd>${v.msgId}</dd>
<dt>Biller</dt><dd>${v.billerId}${v.tenantId ? ` (tenant ${v.tenantId})` : ''}</dd>
<dt>Amount asked</dt><dd>${rupees(v.amountPaise)}</dd>
<dt>Paid into DIGIT</dt><dd>${rupees(v.paidPaise)}</dd>
<dt>Payment mode</dt><dd>${v.paymentMode}</dd>
<dt>Customer mobile</dt><dd>${v.customerMobile ?? '—'}</dd>
<dt>Received</dt><dd>${when(v.createdAt)}</dd>
</dl>
${v.unresolved ? html`<section aria-labelledby="resolve"><h2 id="resolve">Unresolved</h2>
<p>The outcome in DIGIT is not known yet. Resolve now searches DIGIT by this transaction number first and settles the payment; it never posts it twice.</p>
${resolveForm(signed, v.txnReferenceId, 'payment')}${viewerNote(signed)}</section>` : ''}
<section aria-labelledby="history"><h2 id="history">State history</h2>
<table><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Read from</th></tr></thead><tbody>${history}</tbody></table>
<p class="hint">${v.historyNote}</p></section>
<section aria-labelledby="receipts"><h2 id="receipts">DIGIT receipts</h2>
${receipts.length ? html`<table><thead><tr><th scope="col">Receipt number</th><th scope="col">Bill number</th><th scope="col">Service</th><th scope="col" class="num">Amount</th></tr></thead><tbody>${receipts}</tbody></table>` : html`<p>No receipt.</p>`}
${bills.length ? html`<h3>Bills posted</h3><table><thead><tr><th scope="col">Bill number</th><th scope="col">Consumer code</th><th scope="col">Service</th><th scope="col" class="num">Amount</th></tr></thead><tbody>${bills}</tbody></table>` : ''}</section>
<section aria-labelledby="attempts"><h2 id="attempts">Attempts and last error</h2>
<dl><dt>DIGIT attempts</dt><dd>${v.attempts}</dd><dt>Latest attempt started</dt><dd>${when(v.lastPostAt)}</dd><dt>Last error</dt><dd>${v.lastError ?? '—'}</dd>
<dt>Reversal asked</dt><dd>${v.reversalRequested ? 'yes' : 'no'}</dd></dl></section>
<section aria-labelledby="params"><h2 id="params">Customer parameters</h2>
<table><thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead><tbody>${params}</tbody></table></section>
<section aria-labelledby="messages"><h2 id="messages">BBPS messages in and out</h2>
${messages.length ? messages : html`<p>No message recorded.</p>`}</section>`;
}
