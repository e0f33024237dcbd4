/**
 * Full-screen panel on phones: while active, size it to the visual viewport (`--_vv-h`,
 * `--_vv-top` on the given element), so the on-screen keyboard never covers the composer. The CSS
 * only uses them under 480px wide; the page's zoom and viewport meta are left alone.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ViewportController implements ReactiveController {
  private off: (() => void) | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly target: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.track(false);
  }

  track(on: boolean): void {
    this.off?.();
    this.off = null;
    const vv = window.visualViewport;
    if (!on || !vv) return;
    const apply = () => {
      this.target()?.style.setProperty('--_vv-h', `${vv.height}px`);
      this.target()?.style.setProperty('--_vv-top', `${vv.offsetTop}px`);
    };
    apply();
    vv.addEventListener('resize', apply);
    vv.addEventListener('scroll', apply);
    this.off = () => {
      vv.removeEventListener('resize', apply);
      vv.removeEventListener('scroll', apply);
    };
  }
}
