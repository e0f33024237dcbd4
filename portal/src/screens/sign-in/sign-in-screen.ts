/**
 * <portal-sign-in>: a passkey first (one button), then email and password. Errors stay on the
 * screen next to what caused them; what was typed is kept. On success the app sends the person on
 * to where they were going (`?next=`).
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import { browserSupportsWebAuthn, startAuthentication, WebAuthnError } from '@simplewebauthn/browser';
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { type FieldErrors, formValues, helpText, invalid } from '../../lib/forms.js';
import { brandMark, supportLinks } from '../../shell/brand-mark.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';
import { signInStyles } from './sign-in-screen.styles.js';

type Busy = '' | 'passkey' | 'password' | 'email';

@customElement('portal-sign-in')
export class SignInScreen extends ScreenElement {
  static override styles = [shared, signInStyles];

  /** Where to go after signing in (a /portal/ path), from the URL. */
  @property() next = '';
  @state() private busy: Busy = '';
  @state() private error = '';
  @state() private errors: FieldErrors = {};
  private readonly passkeys = browserSupportsWebAuthn();
  /** An emailed link is offered only where the service can send one (SMTP configured). */
  @state() private emailLinks = false;
  /** What the service said after an emailed link was asked for. */
  @state() private emailSent = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.ctx.api.signInMethods().then(
      (m) => (this.emailLinks = m.emailLink),
      () => (this.emailLinks = false),
    );
  }

  private async withEmailLink(): Promise<void> {
    const form = this.renderRoot.querySelector('form');
    const { email = '' } = form ? formValues(form) : {};
    this.error = '';
    this.errors = {};
    this.emailSent = '';
    if (!email.trim()) {
      this.errors = { email: 'Enter your email, and we will send you a link.' };
      return;
    }
    this.busy = 'email';
    try {
      this.emailSent = (await this.ctx.api.emailLink(email.trim())).message;
      this.ctx.announce(this.emailSent);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_request') this.errors = err.fieldErrors();
      else this.error = passwordMessage(err);
    } finally {
      this.busy = '';
    }
  }

  private async withPasskey(): Promise<void> {
    this.busy = 'passkey';
    this.error = '';
    try {
      const { challengeId, options } = await this.ctx.api.passkeySignInOptions();
      const response = await startAuthentication({ optionsJSON: options as never });
      await this.ctx.setMe(await this.ctx.api.passkeySignIn(challengeId, response));
    } catch (err) {
      this.error = passkeyMessage(err);
    } finally {
      this.busy = '';
    }
  }

  private async withPassword(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { email = '', password = '' } = formValues(event.target as HTMLFormElement);
    this.busy = 'password';
    this.error = '';
    this.errors = {};
    try {
      await this.ctx.setMe(await this.ctx.api.signIn(email.trim(), password));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_request') this.errors = err.fieldErrors();
      else this.error = passwordMessage(err);
    } finally {
      this.busy = '';
    }
    if (this.error || Object.keys(this.errors).length) this.ctx.announce(this.error || 'Check the highlighted fields.');
  }

  override render() {
    const { brand } = this.ctx;
    return html`<main>
      <div class="panel">
        <div class="brand">${brandMark(brand, { withName: true })}</div>
        <h1 tabindex="-1">Sign in</h1>
        ${this.error ? html`<sl-alert variant="danger" open>${this.error}</sl-alert>` : ''}
        ${
          this.passkeys
            ? html`<sl-button class="passkey" variant="primary" size="large" ?loading=${this.busy === 'passkey'} ?disabled=${!!this.busy}
                  @click=${this.withPasskey}>Sign in with a passkey</sl-button>
                <div class="or" role="separator">or with your password</div>`
            : ''
        }
        <form @submit=${this.withPassword} novalidate>
          <sl-input name="email" type="email" label="Email" autocomplete="username" required class=${invalid(this.errors, 'email')}
            >${helpText(this.errors, 'email')}</sl-input>
          <sl-input name="password" type="password" label="Password" autocomplete="current-password" required password-toggle
            class=${invalid(this.errors, 'password')}>${helpText(this.errors, 'password')}</sl-input>
          <sl-button type="submit" variant=${this.passkeys ? 'default' : 'primary'} ?loading=${this.busy === 'password'} ?disabled=${!!this.busy}
            >Sign in</sl-button>
          ${
            this.emailLinks
              ? html`<sl-button variant="text" ?loading=${this.busy === 'email'} ?disabled=${!!this.busy} @click=${this.withEmailLink}
                  >Email me a sign-in link instead</sl-button>`
              : ''
          }
        </form>
        ${this.emailSent ? html`<sl-alert variant="success" open>${this.emailSent}</sl-alert>` : ''}
        <p class="hint">New here? Use the invitation link you were sent.</p>
      </div>
      <footer>${supportLinks(brand)}</footer>
    </main>`;
  }
}

function passwordMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Sign-in failed. Try again.';
  if (err.code === 'sign_in_failed') return 'That email and password do not match an account.';
  if (err.code === 'rate_limited') return `Too many attempts. Try again ${retryIn(err.retryAfter)}.`;
  return err.message;
}

function passkeyMessage(err: unknown): string {
  if (err instanceof ApiError)
    return err.code === 'rate_limited' ? `Too many attempts. Try again ${retryIn(err.retryAfter)}.` : err.message;
  if (err instanceof WebAuthnError || (err instanceof Error && err.name === 'NotAllowedError')) {
    return 'No passkey was used. Try again, or sign in with your password.';
  }
  return 'The passkey could not be used. Try again, or sign in with your password.';
}

function retryIn(seconds: number | undefined): string {
  if (!seconds) return 'in a minute';
  return seconds < 90 ? `in ${seconds} seconds` : `in ${Math.ceil(seconds / 60)} minutes`;
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-sign-in': SignInScreen;
  }
}
