// The frame of every console page: lang="en", one h1, a skip link, the navigation by the names the
// operators know, who is signed in and Sign out (a POST with the session's token).
import { html, token, type Html } from './html';
import type { Signed } from './guard';

export const NAV = [
  { name: 'Overview', href: '/console' },
  { name: 'Payments', href: '/console/payments' },
  { name: 'Unresolved', href: '/console/unresolved' },
  { name: 'Callbacks', href: '/console/callbacks' },
  { name: 'Reversals', href: '/console/reversals' },
  { name: 'Reconciliation', href: '/console/reconciliation' },
] as const;

export type Section = (typeof NAV)[number]['name'];

/** Messages after an action, by fixed code: nothing from the request is ever echoed into a page. */
const NOTICES: Record<string, string> = {
  settled: 'Resolved: the payment is settled.',
  'already-settled': 'The payment was settled already: nothing to do.',
  'still-unknown': 'DIGIT did not answer in time: the payment is still unresolved and the sweeper keeps trying.',
  resent: 'The callback is queued again and is being sent.',
  repaired: 'Repair done: the safe items are settled.',
};

export function noticeOf(code: unknown): string | undefined {
  return typeof code === 'string' ? NOTICES[code] : undefined;
}

export function csrfField(s: Signed): Html {
  return html`<input type="hidden" name="_csrf" value="${token(s.csrf)}">`;
}

function head(title: string): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · BBPS adapter console</title>
<link rel="stylesheet" href="/console/assets/console.css">
</head>`;
}

export function page(opts: { title: string; section?: Section; signed: Signed; notice?: string; body: Html }): string {
  const { signed } = opts;
  const nav = NAV.map((n) => html`<li><a href="${n.href}"${n.name === opts.section ? html` aria-current="page"` : ''}>${n.name}</a></li>`);
  return html`${head(opts.title)}
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<p class="brand">BBPS adapter console</p>
<nav aria-label="Console"><ul>${nav}</ul></nav>
<form method="post" action="/console/sign-out" class="who">
${csrfField(signed)}<span>Signed in as <strong>${signed.operator.name}</strong> (${signed.operator.id}, ${signed.operator.role})</span>
<button type="submit">Sign out</button>
</form>
</header>
<main id="main">
<h1>${opts.title}</h1>
${opts.notice ? html`<p class="notice" role="status">${opts.notice}</p>` : ''}
${opts.body}
</main>
</body>
</html>
`.text;
}

/** A page without a session: sign-in, or a refusal before sign-in. */
export function barePage(title: string, body: Html): string {
  return html`${head(title)}
<body>
<main id="main" class="bare">
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.text;
}

/** An action button: a viewer sees it disabled (and the server refuses it anyway). */
export function actionButton(signed: Signed, label: string): Html {
  return signed.operator.role === 'operator'
    ? html`<button type="submit">${label}</button>`
    : html`<button type="submit" disabled aria-describedby="viewer-note">${label}</button>`;
}

export function viewerNote(signed: Signed): Html {
  return signed.operator.role === 'operator' ? html`` : html`<p id="viewer-note" class="hint">You are signed in as a viewer: actions need the operator role.</p>`;
}
