/**
 * The story of an answer that did not help, end to end: a visitor on Velo Bikes asks in the widget,
 * gets the answer, rates it down with a comment; then Velo's owner signs in to the portal through
 * the partner's server, finds that conversation in the inbox as "rated down", and reads its
 * transcript: the question, the answer, the thumbs down and the comment.
 */
import { describe, expect, it } from 'vitest';
import { answered, demo, portalHeading, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();
const QUESTION = 'Can you fix my hydraulic brakes before the weekend?';
const COMMENT = 'I asked about hydraulic brakes, not a standard service';

describe('an answer rated down, from the widget to the portal', () => {
  it("the visitor's thumbs down and comment reach the owner's inbox and transcript", async () => {
    const { partnerUrl, sites } = demo();
    const { velo } = sites;

    // The visitor, on the customer's site.
    const visitor = await visitors.open();
    const page = await visitor.newPage();
    const feedback: number[] = [];
    page.on('response', (r) => r.url().endsWith('/feedback') && feedback.push(r.status()));
    await page.goto(`${velo.origin}/`);
    const w = widget(page);
    await w.launcher.click();
    await w.input.fill(QUESTION);
    await w.input.press('Enter');
    await answered(w, '€49');
    const answer = w.botMessages.last();
    await shot(page, '21-story-answer');

    await answer.getByRole('button', { name: 'Not helpful' }).click();
    await expect.poll(() => answer.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed')).toBe('true');
    const comment = answer.getByRole('textbox', { name: 'What was wrong?' });
    await comment.fill(COMMENT);
    await shot(page, '22-story-thumbs-down');
    await comment.press('Enter');
    await expect.poll(() => comment.count()).toBe(0); // sent: the comment box is done
    await expect.poll(() => feedback).toEqual([200, 200]); // the thumbs down, then its comment
    await shot(page, '23-story-comment-sent');
    await visitors.snapshot(page);
    await visitor.close();

    // The customer's owner, signed in by the partner's product.
    const context = await visitors.open({ viewport: { width: 1280, height: 860 } });
    const owner = await context.newPage();
    await owner.goto(`${partnerUrl}/portal/customer/velo`);
    await owner.getByText('owner@velo.example').waitFor();
    await owner.getByRole('button').click();
    await owner.waitForURL((url) => !url.pathname.startsWith('/portal/links/'));
    // Home, by the brand's link, then the inbox from the space's navigation.
    await owner.locator('portal-shell a.home').click();
    await portalHeading(owner, 'Your chat for Velo Bikes');
    await owner.getByRole('link', { name: 'Conversations', exact: true }).click();
    await portalHeading(owner, 'Conversations');

    // Only the conversations rated down.
    await owner.locator('sl-select[label="Outcome"]').click();
    await owner.getByRole('option', { name: 'Rated down' }).click();
    await expect.poll(() => new URL(owner.url()).searchParams.get('outcome')).toBe('rated_down');
    const row = owner.locator('tr', { has: owner.getByRole('link', { name: QUESTION }) });
    await row.waitFor();
    expect(await row.locator('sl-badge', { hasText: 'Rated down' }).count()).toBe(1);
    expect(await row.locator('sl-badge', { hasText: 'Answered' }).count()).toBe(1);
    await shot(owner, '24-story-inbox-rated-down');

    await row.getByRole('link', { name: QUESTION }).click();
    await portalHeading(owner, /^Conversation of/);
    // In the order it happened: the question, the answer, its thumbs down, the comment.
    const steps = [
      owner.getByText(QUESTION, { exact: true }).first(),
      owner.getByText('A standard service costs').first(),
      owner.getByText('The visitor rated this answer down.'),
      owner.getByText(COMMENT),
    ];
    const tops: number[] = [];
    for (const step of steps) {
      await step.waitFor();
      tops.push((await step.boundingBox())!.y);
    }
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    await shot(owner, '25-story-transcript');
    await visitors.snapshot(owner);
    await context.close();
  });
});
