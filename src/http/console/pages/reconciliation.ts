// Reconciliation: the From/To days (today by default), Run reconciliation (a read: a GET any operator
// may run), the classes with counts and sums, the items of each, Download CSV, and Repair for the safe
// items (the operator role's). The report is the reconciliation use case's own, as GET /ops/recon's.
import { RECON_CLASSES, type ReconReport } from '../../../core/reconcile';
import { rupees } from '../format';
import type { Signed } from '../guard';
import { html, query } from '../html';
import { actionButton, csrfField, viewerNote } from '../layout';
import { paymentHref } from './payments';

export function reconciliationBody(days: { from: string; to: string }, report: ReconReport | undefined, signed: Signed) {
  const form = html`
<form method="get" action="/console/reconciliation" class="filters">
<label for="from">From <input id="from" name="from" type="date" value="${days.from}" required></label>
<label for="to">To <input id="to" name="to" type="date" value="${days.to}" required></label>
<button type="submit">Run reconciliation</button>
</form>
<p class="hint">The ledger's payments of those IST days against every BBPS payment DIGIT holds for the configured billers.</p>`;
  if (!report) return form;
  const classes = RECON_CLASSES.map((c) => html`<tr><td>${c === 'MATCHED' || report.classes[c].count === 0 ? c : html`<a href="#class-${c}">${c}</a>`}</td><td class="num">${report.classes[c].count}</td><td class="num">${rupees(report.classes[c].paise)}</td></tr>`);
  const repairable = report.items.filter((i) => i.repairable).length;
  const sections = RECON_CLASSES.filter((c) => c !== 'MATCHED' && report.classes[c].count > 0).map((c) => {
    const rows = report.items.filter((i) => i.class === c).map((i) => html`<tr>
<td>${i.txnReferenceId ? html`<a href="${paymentHref(i.txnReferenceId)}">${i.txnReferenceId}</a>` : '—'}</td><td>${i.ledgerState ?? '—'}</td>
<td class="num">${rupees(i.ledgerPaise)}</td><td class="num">${rupees(i.digitPaise)}</td><td>${i.receiptNumbers.join(', ')}</td>
<td>${i.tenantId}</td><td>${i.businessService}</td><td>${i.repairable ? 'yes' : ''}</td><td>${i.note ?? ''}</td></tr>`);
    return html`<section aria-labelledby="class-${c}"><h3 id="class-${c}">${c} (${report.classes[c].count})</h3>
<table><thead><tr><th scope="col">txnReferenceId</th><th scope="col">Ledger state</th><th scope="col" class="num">Ledger</th><th scope="col" class="num">DIGIT</th><th scope="col">Receipts</th><th scope="col">Tenant</th><th scope="col">Service</th><th scope="col">Repairable</th><th scope="col">Note</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
  });
  const csv = `/console/reconciliation.csv${query({ from: report.from, to: report.to })}`;
  return html`${form}
<section aria-labelledby="report"><h2 id="report">Report for ${report.from} to ${report.to}</h2>
<p>${report.needsAction ? 'Something needs action.' : 'Nothing needs action: every payment matches.'} <a href="${csv}" download>Download CSV</a></p>
<table><thead><tr><th scope="col">Class</th><th scope="col" class="num">Count</th><th scope="col" class="num">Amount</th></tr></thead><tbody>${classes}</tbody></table>
<p class="hint">Amount: the ledger's figure of each item (DIGIT's when the ledger has none).</p>
<h2 id="repair">Repair</h2>
<p>Repair settles only the safe items: an UNRESOLVED payment DIGIT holds once, with the amount planned, becomes SUCCESS with DIGIT's receipt. Nothing is posted to DIGIT. ${repairable} item${repairable === 1 ? '' : 's'} can be repaired.</p>
<form method="post" action="/console/reconciliation/repair">${csrfField(signed)}<input type="hidden" name="from" value="${report.from}"><input type="hidden" name="to" value="${report.to}">${repairable > 0 ? actionButton(signed, 'Repair') : html`<button type="submit" disabled>Repair</button>`}</form>
${viewerNote(signed)}
${sections.length ? html`<h2 id="items">Items needing attention</h2>${sections}` : ''}
</section>`;
}
