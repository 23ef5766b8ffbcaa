// Overview: today's payments in IST by state (count and sum: the ledger's own figures), the unresolved
// ones, the callbacks waiting, and DIGIT as the readiness probe sees it.
import type { Overview } from '../../../core/ops-overview';
import { age, rupees } from '../format';
import { html } from '../html';

export function overviewBody(o: Overview) {
  const rows = o.byState.map((t) => html`<tr><td class="state-${t.state}">${t.state}${t.reversed ? ' (reversed since)' : ''}</td><td class="num">${t.count}</td><td class="num">${rupees(t.sumPaise)}</td></tr>`);
  const count = o.byState.reduce((s, t) => s + t.count, 0);
  const circuits = Object.entries(o.digit.circuits).map(([group, state]) => html`<tr><td>${group}</td><td>${state}</td></tr>`);
  return html`
<section aria-labelledby="today">
<h2 id="today">Payments today (${o.day}, IST)</h2>
<table>
<thead><tr><th scope="col">State</th><th scope="col" class="num">Count</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="3">No payment yet today.</td></tr>`}</tbody>
<tfoot><tr><th scope="row">All</th><td class="num">${count}</td><td></td></tr></tfoot>
</table>
<p class="hint">Amount: for SUCCESS the receipts' sum (what DIGIT took); for the other states the amount asked. A payment reversed since is counted apart: it is no longer money collected.</p>
</section>
<section aria-labelledby="unresolved">
<h2 id="unresolved">Unresolved</h2>
<p><a href="/console/unresolved">${o.unresolved.count} payment${o.unresolved.count === 1 ? '' : 's'} unresolved after a minute</a>${o.unresolved.oldestAgeMs === null ? '' : html`; the oldest for ${age(o.unresolved.oldestAgeMs)}`}.</p>
</section>
<section aria-labelledby="callbacks">
<h2 id="callbacks">Callbacks</h2>
<p><a href="/console/callbacks">${o.callbacks.parked} parked, ${o.callbacks.pending} pending</a>.</p>
</section>
<section aria-labelledby="digit">
<h2 id="digit">DIGIT</h2>
<dl><dt>Readiness</dt><dd>${o.digit.ready ? 'ready' : 'not ready'} (${o.digit.detail})</dd></dl>
<table>
<thead><tr><th scope="col">Endpoint group</th><th scope="col">Circuit breaker</th></tr></thead>
<tbody>${circuits}</tbody>
</table>
</section>`;
}
