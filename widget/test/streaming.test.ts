/**
 * Streaming render against a scripted stream (the emulator's slow-tokens fault): tokens appear as
 * they arrive, completed blocks are never re-rendered, and the rest of the transcript is not
 * touched per token.
 */
import { expect } from '@esm-bundle/chai';
import {
  botBodies,
  cleanup,
  clearFaults,
  createSite,
  fault,
  mountReady,
  q,
  type TestSite,
  typeAndSend,
  until,
  waitForAnswer,
} from './support/helpers.js';

describe('tessera-chat: streaming render', () => {
  let site: TestSite;

  before(async () => {
    site = await createSite();
  });
  afterEach(async () => {
    cleanup();
    await clearFaults();
  });

  it('renders tokens as they arrive and never re-renders a completed block', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 8 }, path: '/complete$' });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'markdown');
    const body = await until(() => botBodies(el)[0], 'bot bubble');
    const removed: Node[] = [];
    const observer = new MutationObserver((records) =>
      records.forEach((r) => {
        removed.push(...r.removedNodes);
      }),
    );
    observer.observe(body, { childList: true, subtree: true });
    const heading = await until(
      () => body.querySelector('h3') && body.querySelector('ul') && body.querySelector('h3'),
      'heading done',
    );
    const headingText = heading.firstChild!;
    const seenLengths = new Set<number>();
    await until(
      () => {
        seenLengths.add(body.textContent!.length);
        return !q(el, '[part~="stop-button"]');
      },
      'answer',
      15_000,
    );
    observer.disconnect();
    removed.push(...observer.takeRecords().flatMap((r) => [...r.removedNodes]));
    expect(seenLengths.size, 'intermediate renders').to.be.above(10);
    expect(body.querySelector('h3')).to.equal(heading);
    expect(heading.firstChild).to.equal(headingText);
    const table = body.querySelector('table')!;
    expect(table.querySelectorAll('tbody tr').length).to.equal(3);
    for (const node of removed) {
      expect(node.contains(heading), 'heading removed').to.equal(false);
      expect(node.contains(table), 'finished table removed').to.equal(false);
    }
  });

  it('does not touch the rest of the transcript per token', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'echo: earlier turn');
    await waitForAnswer(el);
    await fault({ fault: { kind: 'slow-tokens', delayMs: 3 }, path: '/complete$' });
    await typeAndSend(el, 'tokens:600');
    const body = await until(() => botBodies(el)[1], 'second bubble');
    const log = q(el, '[part~="transcript"]')!;
    let outside = 0;
    let inside = 0;
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (body.contains(r.target)) inside++;
        else outside++;
      }
    });
    observer.observe(log, { childList: true, subtree: true, characterData: true, attributes: true });
    await waitForAnswer(el, 2);
    observer.disconnect();
    expect(body.innerText.trim().split(/\s+/).length).to.equal(600);
    expect(inside).to.be.above(50);
    // Only the start/end of the answer changes the rest: typing indicator, aria-busy, the stop button.
    expect(outside).to.be.below(15);
  });

  it('keeps the per-chunk DOM work flat over a long answer (first vs last part of 3,000 tokens)', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 1 }, path: '/complete$' });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'tokens:3000');
    const body = await until(() => botBodies(el)[0], 'bubble');
    const samples: { chars: number; removed: number }[] = [];
    const observer = new MutationObserver((records) => {
      samples.push({ chars: body.textContent!.length, removed: records.reduce((n, r) => n + r.removedNodes.length, 0) });
    });
    observer.observe(body, { childList: true, subtree: true });
    await waitForAnswer(el);
    observer.disconnect();
    const total = body.textContent!.length;
    const early = samples.filter((s) => s.chars < total * 0.2);
    const late = samples.filter((s) => s.chars > total * 0.8);
    const mean = (xs: typeof samples) => xs.reduce((n, s) => n + s.removed, 0) / Math.max(1, xs.length);
    expect(early.length).to.be.above(5);
    expect(late.length).to.be.above(5);
    expect(mean(late)).to.be.at.most(mean(early) * 1.5 + 2);
  });
});
