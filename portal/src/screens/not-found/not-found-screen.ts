/** <portal-not-found>: a path the portal does not know (or one the signed-in person may not see). */
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { href } from '../../router/router.js';
import { ScreenElement } from '../screen.js';

@customElement('portal-not-found')
export class NotFoundScreen extends ScreenElement {
  override render() {
    return html`<div class="page-header"><h1 tabindex="-1">Page not found</h1></div>
      <p>There is nothing here, or it is not for your account.</p>
      <p><a href=${href('/')}>Go to the start page</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-not-found': NotFoundScreen;
  }
}
