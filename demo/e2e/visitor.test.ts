/**
 * A visitor on a customer site: opens the launcher, uses a starter prompt, sees a streamed markdown
 * answer, reloads and finds the conversation again, continues it. Another visitor sees none of it.
 * Every response, script and storage entry of the run is searched for secrets at the end.
 */
import { describe, expect, it } from 'vitest';
import { answered, demo, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();

describe('a visitor on Velo Bikes', () => {
  it('chats, reloads, finds the conversation, continues it; another visitor sees none of it', async () => {
    const { velo } = demo().sites;
    const context = await visitors.open();
    const page = await context.newPage();
    await page.goto(`${velo.origin}/`);
    const w = widget(page);
    await w.launcher.waitFor();
    await expect.poll(() => w.launcher.getAttribute('aria-expanded')).toBe('false');
    await shot(page, '01-site-launcher');

    await w.launcher.click();
    await expect.poll(() => w.launcher.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => w.prompts.count()).toBe(3);
    await shot(page, '02-panel-open');

    // The markdown showcase is long: it must arrive in pieces, as it streams.
    await w.prompts.filter({ hasText: 'Show me some markdown' }).click();
    const lengths: number[] = [];
    await expect
      .poll(
        async () => {
          const text =
            (await w.botMessages
              .last()
              .textContent()
              .catch(() => '')) ?? '';
          lengths.push(text.length);
          return (await w.root.locator('[part~="send-button"]').count()) === 1 && text.length > 300;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
    expect(new Set(lengths.filter((n) => n > 0)).size).toBeGreaterThan(2); // it grew, piece by piece
    const answer = w.botMessages.last();
    expect(await answer.locator('table').count()).toBe(1);
    expect(await answer.locator('pre code').count()).toBeGreaterThanOrEqual(1);
    expect(await answer.locator('strong').count()).toBeGreaterThanOrEqual(1);
    const link = answer.locator('a[href^="https://"]').first();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await shot(page, '03-markdown-answer');

    await w.input.fill('When are you open?');
    await w.input.press('Enter');
    await answered(w, 'we ride.');
    await visitors.snapshot(page);

    // Reload: the same conversation comes back, history included.
    await page.reload();
    const again = widget(page);
    await again.launcher.waitFor();
    if ((await again.launcher.getAttribute('aria-expanded')) !== 'true') await again.launcher.click();
    await expect.poll(() => again.userMessages.count(), { timeout: 15_000 }).toBe(2);
    expect(await again.botMessages.count()).toBe(2);
    expect(await again.botMessages.last().textContent()).toContain('Tuesday to Saturday');
    await shot(page, '04-restored-after-reload');

    // ... and continues.
    await again.input.fill('How much is a service?');
    await again.send.click();
    await answered(again, '€49');
    expect(await again.userMessages.count()).toBe(3);

    // A navigation to another page of the site keeps it too.
    await page.goto(`${velo.origin}/repairs.html`);
    const third = widget(page);
    await third.launcher.waitFor();
    if ((await third.launcher.getAttribute('aria-expanded')) !== 'true') await third.launcher.click();
    await expect.poll(() => third.userMessages.count(), { timeout: 15_000 }).toBe(3);
    await visitors.snapshot(page);

    // Another visitor (another browser profile) starts from nothing.
    const other = await visitors.open();
    const page2 = await other.newPage();
    await page2.goto(`${velo.origin}/`);
    const w2 = widget(page2);
    await w2.launcher.click();
    await expect.poll(() => w2.prompts.count()).toBe(3);
    expect(await w2.userMessages.count()).toBe(0);
    expect(await w2.botMessages.count()).toBe(0);
    await w2.input.fill('hello');
    await w2.input.press('Enter');
    await answered(w2, 'Hello');
    expect(await w2.userMessages.count()).toBe(1);
    // Their stored sessions are different visitors.
    const storage = (p: typeof page) => p.evaluate(() => JSON.stringify({ ...localStorage }));
    const [a, b] = [await storage(page), await storage(page2)];
    const visitorOf = (s: string) => /vi_[0-9A-Za-z]{22}/.exec(s)?.[0];
    expect(visitorOf(a)).toBeTruthy();
    expect(visitorOf(b)).toBeTruthy();
    expect(visitorOf(a)).not.toBe(visitorOf(b));
    await visitors.snapshot(page2);
    await context.close();
    await other.close();
  });
});
