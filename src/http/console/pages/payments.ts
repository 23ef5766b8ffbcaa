// Payments: the search form (labelled fields, a GET: bookmarkable) and a page of results, each linked
// to its payment's page by txnReferenceId.
import type { PaymentsPage, FindPaymentsQuery } from '../../../core/find-payments';
import type { PaymentRecord } from '../../../core/ports';
import { when, rupees } from '../format';
import { html, query } from '../html';
import { PAYMENT_STATES } from '../../ops-payments-query';

export const paymentHref = (txn: string) => `/console/payments/${encodeURIComponent(txn)}`;

export function paymentsBody(q: FindPaymentsQuery, result: PaymentsPage | undefined, billerIds: string[], error?: string) {
  const opt = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const form = html`
<form method="get" action="/console/payments" class="filters" role="search">
<label for="search">Search <input id="search" name="search" type="search" value="${q.search ?? ''}" placeholder="txnReferenceId, refId, consumer code or receipt number" size="40"></label>
<label for="biller">Biller <select id="biller" name="biller">${opt('', 'Any biller', !q.billerId)}${billerIds.map((b) => opt(b, b, q.billerId === b))}</select></label>
<label for="state">State <select id="state" name="state">${opt('', 'Any state', !q.state)}${PAYMENT_STATES.map((s) => opt(s, s, q.state === s))}</select></label>
<label for="from">From <input id="from" name="from" type="date" value="${q.fromDay ?? result?.fromDay ?? ''}"></label>
<label for="to">To <input id="to" name="to" type="date" value="${q.toDay ?? result?.toDay ?? ''}"></label>
<button type="submit">Find payments</button>
</form>
<p class="hint">A search term is matched exactly, on any day unless From/To are given; without one, the days default to today (IST).</p>`;
  if (error) return html`${form}<p class="error" role="alert">${error}</p>`;
  if (!result) return form;
  const rows = result.items.map(row);
  const keep = { search: q.search, biller: q.billerId, state: q.state, from: result.fromDay, to: result.toDay };
  return html`${form}
<h2 id="results">Results${result.fromDay ? html` (${result.fromDay} to ${result.toDay})` : ''}, page ${result.page}</h2>
<table aria-labelledby="results">
<thead><tr><th scope="col">txnReferenceId</th><th scope="col">refId</th><th scope="col">Biller</th><th scope="col">State</th><th scope="col" class="num">Amount</th><th scope="col">Receipts</th><th scope="col">Received</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="7">No payment found.</td></tr>`}</tbody>
</table>
<nav class="pager" aria-label="Pages">
${result.page > 1 ? html`<a href="/console/payments${query({ ...keep, page: result.page - 1 })}">Previous page</a>` : ''}
${result.hasNext ? html`<a href="/console/payments${query({ ...keep, page: result.page + 1 })}">Next page</a>` : ''}
</nav>`;
}

function row(p: PaymentRecord) {
  const receipts = p.outcome?.status === 'SUCCESS' ? p.outcome.receipts.map((r) => r.receiptNumber).join(', ') : '';
  return html`<tr><td><a href="${paymentHref(p.txnReferenceId)}">${p.txnReferenceId}</a></td><td>${p.refId}</td><td>${p.billerId}</td>
<td class="state-${p.state}">${p.state}${p.reversedAt !== undefined ? ' (reversed)' : ''}</td><td class="num">${rupees(p.request.amountPaise)}</td><td>${receipts}</td><td>${when(p.createdAt)}</td></tr>`;
}
