// Sign-in: one field, the operator key (checked by the same registry as /ops; never stored).
import { html } from '../html';
import { barePage } from '../layout';

export function signInPage(error?: string): string {
  return barePage('Sign in', html`
<p>The operators' console of the BBPS adapter. Sign in with your operator key (<code>npm run operator:add</code> makes one; the demo prints one at start).</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/console/sign-in" class="stack">
<label for="key">Operator key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>`);
}
