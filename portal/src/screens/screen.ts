/** The base of every screen: it gets the app's context, shares the common styles, and can focus its heading. */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { PortalContext } from '../app/context.js';
import { shared } from '../styles/shared.js';

export class ScreenElement extends LitElement {
  static override styles = [shared];

  @property({ attribute: false }) ctx!: PortalContext;

  /** Moves focus to the screen's <h1 tabindex="-1"> after a navigation, so screen readers start there. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }
}
