/**
 * Answers that survive the visitor: on Velo Bikes a visitor asks for a long answer and, while it
 * streams, reloads the page, or clicks through to another page of the site; the answer goes on
 * where it was and ends with exactly the text ChatBotKit sent, from the one completion it made (no
 * retry, nothing cut). A second tab shows the same answer streaming, and Stop still stops
 * ChatBotKit at once. The emulator is the upstream: its completion log says what happened there.
 * After the file, nothing the browsers saw may hold a secret (recordedVisitors).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demo, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();

interface Completion {
  conversationId: string;
  userId: string;
  outcome: string;
  tokensSent: number;
}

const emulator = (path: string, init: RequestInit = {}) => fetch(`${demo().emulatorUrl}/_emulator${path}`, init);

async function completions(): Promise<Completion[]> {
  return ((await (await emulator('/completions')).json()) as { items: Completion[] }).items;
}

/** The next completion streams slowly (`delayMs` between tokens), so there is time to leave mid-answer. */
async function slowNextAnswer(delayMs: number) {
  const res = await emulator('/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault: { kind: 'slow-tokens', delayMs }, path: '/complete$', times: 1 }),
  });
  expect(res.status).toBeLessThan(300);
}

/** The bot's last message as ChatBotKit stored it: what the upstream sent, whole. */
async function storedAnswer(c: Completion): Promise<string> {
  const { emulatorUrl, partnerToken } = demo();
  const res = await fetch(`${emulatorUrl}/v1/conversation/${c.conversationId}/message/list?take=100`, {
    headers: { authorization: `Bearer ${partnerToken}`, 'x-runas-userid': c.userId },
  });
  const { items } = (await res.json()) as { items: { type: string; text: string }[] };
  return items.filter((m) => m.type === 'bot').at(-1)?.text ?? '';
}

/** Words only: the rendered answer's line breaks are markdown's, the words must be the upstream's. */
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The last answer's own text (its markdown view: not the face, the screen reader's "Assistant:" or the actions). */
const lastAnswer = async (page: Page) =>
  widget(page)
    .botMessages.last()
    .locator('.md')
    .innerText()
    .catch(() => '');

async function openPanel(page: Page) {
  const w = widget(page);
  await w.launcher.waitFor();
  if ((await w.launcher.getAttribute('aria-expanded')) !== 'true') await w.launcher.click();
  await expect.poll(() => w.launcher.getAttribute('aria-expanded')).toBe('true');
  return w;
}

/** Ask, and wait until part of the answer is on screen while ChatBotKit is still sending it. */
async function askAndWaitForSome(page: Page, question: string) {
  const w = await openPanel(page);
  const before = (await completions()).length;
  await w.input.fill(question);
  await w.input.press('Enter');
  await expect.poll(async () => (await lastAnswer(page)).length, { timeout: 10_000 }).toBeGreaterThan(20);
  const all = await completions();
  expect(all.length).toBe(before + 1);
  const running = all.at(-1)!;
  expect(running.outcome).toBe('running');
  return { w, count: all.length };
}

/** The answer on screen is complete (the send button is back) and its words are the upstream's. */
async function finishedAsUpstream(page: Page, count: number) {
  await expect.poll(async () => (await completions()).at(-1)!.outcome, { timeout: 20_000, interval: 100 }).toBe('completed');
  const done = (await completions()).at(-1)!;
  const expected = words(await storedAnswer(done));
  expect(expected.split(' ').length).toBeGreaterThan(100);
  await expect
    .poll(async () => (await widget(page).root.locator('[part~="send-button"]').count()) === 1 && words(await lastAnswer(page)), {
      timeout: 20_000,
      interval: 100,
    })
    .toBe(expected);
  // One completion: the answer was continued, not asked again.
  expect((await completions()).length).toBe(count);
  // No "interrupted" notice, no Retry.
  expect(await widget(page).notice.count()).toBe(0);
}

/** A new visitor on Velo's home page, with a long answer streaming slowly and part of it on screen. */
async function longAnswerUnderWay() {
  const page = await (await visitors.open()).newPage();
  await page.goto(`${demo().sites.velo.origin}/`);
  await slowNextAnswer(25);
  return { page, ...(await askAndWaitForSome(page, 'tokens:160')) };
}

describe('an answer survives the visitor', () => {
  it('a reload mid-answer: the answer continues where it was and ends exactly as the upstream sent it', async () => {
    const { page, count } = await longAnswerUnderWay();
    await page.reload();
    await openPanel(page);
    // Part of it is back at once, and it keeps streaming: still running upstream when it shows.
    await expect.poll(async () => (await lastAnswer(page)).length, { timeout: 10_000 }).toBeGreaterThan(20);
    await shot(page, 'resume-01-after-reload');
    await finishedAsUpstream(page, count);
    await shot(page, 'resume-02-finished-after-reload');
    await visitors.snapshot(page);
  });

  it('a navigation to another page of the site mid-answer: the answer finishes there', async () => {
    const { page, count } = await longAnswerUnderWay();
    await page.goto(`${demo().sites.velo.origin}/repairs.html`);
    await openPanel(page);
    await finishedAsUpstream(page, count);
    await shot(page, 'resume-03-finished-on-another-page');
  });

  it('two tabs: the second shows the same answer while it streams', async () => {
    const { velo } = demo().sites;
    const context = await visitors.open();
    const first = await context.newPage();
    await first.goto(`${velo.origin}/`);
    await openPanel(first);
    // A first exchange, so both tabs show the same conversation.
    await widget(first).input.fill('When are you open?');
    await widget(first).input.press('Enter');
    await expect.poll(async () => (await widget(first).root.locator('[part~="send-button"]').count()) === 1).toBe(true);
    const second = await context.newPage();
    await second.goto(`${velo.origin}/repairs.html`);
    await openPanel(second);
    await expect.poll(() => widget(second).botMessages.count()).toBeGreaterThan(0);

    await slowNextAnswer(25);
    const { count } = await askAndWaitForSome(first, 'tokens:160');
    // The other tab shows the question and the answer as it grows, before it is complete upstream.
    await expect.poll(async () => (await widget(second).userMessages.last().textContent()) ?? '').toContain('tokens:160');
    await expect.poll(async () => (await lastAnswer(second)).length, { timeout: 10_000 }).toBeGreaterThan(20);
    expect((await completions()).at(-1)!.outcome).toBe('running');
    await shot(second, 'resume-04-second-tab-streaming');
    await finishedAsUpstream(first, count);
    await finishedAsUpstream(second, count);
  });

  it('Stop still stops ChatBotKit at once', async () => {
    const { page, w } = await longAnswerUnderWay();
    const stopped = Date.now();
    await w.root.locator('[part~="stop-button"]').click();
    await expect.poll(async () => (await completions()).at(-1)!.outcome, { timeout: 3000, interval: 50 }).toBe('client-closed');
    expect(Date.now() - stopped).toBeLessThan(3000);
    const sent = (await completions()).at(-1)!.tokensSent;
    expect(sent).toBeLessThan(160);
    await expect.poll(() => w.root.locator('[part~="send-button"]').count()).toBe(1);
    await shot(page, 'resume-05-stopped');
    // After a reload the stopped answer is not continued.
    await page.reload();
    await openPanel(page);
    await page.waitForTimeout(500);
    expect((await completions()).at(-1)!.tokensSent).toBe(sent);
  });
});
