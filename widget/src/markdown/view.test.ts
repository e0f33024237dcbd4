import { expect } from '@esm-bundle/chai';
import { markdownStyles } from './markdown.styles.js';
import { MarkdownView } from './view.js';

const labels = { copy: 'Copy code', copied: 'Copied', table: 'Scrollable table' };

function whole(text: string): MarkdownView {
  const view = new MarkdownView(labels);
  view.push(text);
  view.end();
  return view;
}

/** Feed the text in pieces (as a stream would), then end. */
function pieces(text: string, size: number): MarkdownView {
  const view = new MarkdownView(labels);
  for (let i = 0; i < text.length; i += size) view.push(text.slice(i, i + size));
  view.end();
  return view;
}

/** Run `test` with a host element of the given style in the page, the markdown styles applied. */
async function inStyledHost(style: string, test: (host: HTMLElement) => void | Promise<void>): Promise<void> {
  const sheet = markdownStyles;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const host = document.createElement('div');
  host.style.cssText = style;
  document.body.append(host);
  try {
    await test(host);
  } finally {
    host.remove();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  }
}

const SHOWCASE = [
  '## Formatting showcase ✨',
  '',
  'This answer has **bold text**, _emphasis_, `inline code` and a [link](https://example.com).',
  'Second line — Grüße 🎉',
  '',
  '- First bullet',
  '- Second with **bold**',
  '  - nested bullet',
  '- Third',
  '',
  '1. Step one',
  '2. Step two',
  '',
  '> A blockquote',
  '> over two lines',
  '',
  '| Plan | Messages | Price |',
  '| --- | ---: | :-: |',
  '| Café | 1 000 | 9 € |',
  '| Über | 10 000 | 49 € |',
  '',
  '```ts',
  'export function greet(name: string) {',
  '  return `Hello, ${name}!`;',
  '}',
  '```',
  '',
  '---',
  'Text right after a table:',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
].join('\n');

describe('markdown/view', () => {
  it('renders every block type', () => {
    const el = whole(SHOWCASE).el;
    expect(el.querySelector('h3.h2')!.textContent).to.equal('Formatting showcase ✨');
    expect(el.querySelector('p')!.querySelector('br')).to.not.equal(null);
    expect(el.querySelectorAll('ul > li').length).to.equal(4);
    expect(el.querySelector('ul > li > ul > li')!.textContent).to.equal('nested bullet');
    expect(el.querySelectorAll('ol > li').length).to.equal(2);
    expect(el.querySelector('blockquote p')!.textContent).to.equal('A blockquoteover two lines');
    const tables = el.querySelectorAll('table');
    expect(tables.length).to.equal(2);
    expect([...tables[0]!.querySelectorAll('th')].map((th) => th.textContent)).to.deep.equal(['Plan', 'Messages', 'Price']);
    expect(tables[0]!.querySelectorAll('tbody tr').length).to.equal(2);
    expect(tables[0]!.querySelector('tbody td.r')!.textContent).to.equal('1 000');
    expect(tables[0]!.querySelector('tbody td.c')!.textContent).to.equal('9 €');
    expect(el.querySelector('pre code')!.textContent).to.equal(
      'export function greet(name: string) {\n  return `Hello, ${name}!`;\n}\n',
    );
    expect(el.querySelector('.code button')!.textContent).to.equal('Copy code');
    expect(el.querySelector('hr')).to.not.equal(null);
    expect(el.querySelector(':scope > p:last-of-type')!.textContent).to.equal('Text right after a table:');
  });

  it('gives the same DOM however the text is split', () => {
    const docs = [
      SHOWCASE,
      '> quoted\n> - item in quote\n>   more\n> ```\n> code in quote\n> ```\nafter',
      '3. three\n4. four\n   ```js\n   let x = 1;\n   ```\n5. five\nlazy line\n\n* star\n+ plus',
      'a | b\n--|--\n1 | 2\n\n### Title ###\n***\n___\ntext with trailing pipe |\nnext',
      'para\n- interrupts\n\n2. does not start\n\n```\nunclosed',
    ];
    for (const doc of docs) {
      const expected = whole(doc).el.innerHTML;
      for (const size of [1, 2, 3, 5, 7, 16, 100])
        expect(pieces(doc, size).el.innerHTML, `pieces of ${size}: ${doc}`).to.equal(expected);
    }
  });

  it('never re-renders a completed line: earlier nodes keep their identity and are never removed', () => {
    const view = new MarkdownView(labels);
    const removed: Node[] = [];
    const observer = new MutationObserver((records) =>
      records.forEach((r) => {
        removed.push(...r.removedNodes);
      }),
    );
    observer.observe(view.el, { childList: true, subtree: true });
    view.push('# Title\n\nFirst paragraph line\nsecond line\n\n- item one\n- item');
    const heading = view.el.querySelector('h3')!;
    const firstText = view.el.querySelector('p')!.firstChild!;
    const firstItem = view.el.querySelector('li')!;
    observer.takeRecords().forEach((r) => {
      removed.push(...r.removedNodes);
    });
    removed.length = 0;
    for (const token of [' two', '\n- item three', '\n\nA closing **paragraph**', ...' of many words']) view.push(token);
    view.end();
    observer.takeRecords().forEach((r) => {
      removed.push(...r.removedNodes);
    });
    expect(view.el.querySelector('h3')).to.equal(heading);
    expect(view.el.querySelector('p')!.firstChild).to.equal(firstText);
    expect(view.el.querySelector('li')).to.equal(firstItem);
    for (const node of removed) {
      expect(node.contains(heading) || node.contains(firstText) || node.contains(firstItem)).to.equal(false);
    }
    expect(view.el.querySelectorAll('li').length).to.equal(3);
    expect(view.el.querySelector('p:last-child strong')!.textContent).to.equal('paragraph');
  });

  it('keeps the per-token work constant: 10,000 tokens, first and last 1,000 cost the same DOM mutations', () => {
    const view = new MarkdownView(labels);
    let mutations = 0;
    const observer = new MutationObserver((records) => {
      for (const r of records) mutations += r.addedNodes.length + r.removedNodes.length;
    });
    observer.observe(view.el, { childList: true, subtree: true, characterData: true });
    const words = ['lorem', 'ipsum', 'café', 'dolor', '**über**', 'sit', 'amet', '—', 'token', '`naïve`', '🎉', 'relay'];
    const counts: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const token = words[i % words.length] + ((i + 1) % 16 === 0 ? '\n' : ' ');
      const t0 = performance.now();
      view.push(token);
      times.push(performance.now() - t0);
      counts.push((mutations += observer.takeRecords().reduce((n, r) => n + r.addedNodes.length + r.removedNodes.length, 0)));
    }
    const perToken = (from: number) => (counts[from + 999]! - (from ? counts[from - 1]! : 0)) / 1000;
    expect(perToken(9000)).to.be.at.most(perToken(0) * 1.1 + 1);
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    // Time is noisy; only a clear growth with length would fail this.
    expect(sum(times.slice(9000))).to.be.below(sum(times.slice(0, 1000)) * 4 + 50);
  });

  for (const [name, newline] of [
    ['one long paragraph', '\n'],
    ['many paragraphs', '\n\n'],
    ['a long list', '\n- '],
  ] as const) {
    it(`keeps the browser's layout work per token flat: ${name}`, () =>
      inStyledHost('width: 360px; height: 400px; overflow: auto; font: 15px/1.45 sans-serif', (host) => {
        const view = new MarkdownView(labels);
        host.append(view.el);
        const words = ['lorem', 'ipsum', 'café', 'dolor', 'über', 'sit', 'amet', '—', 'token', 'naïve', '🎉', 'relay'];
        const times: number[] = [];
        for (let i = 0; i < 6000; i++) {
          const t0 = performance.now();
          view.push(words[i % words.length] + ((i + 1) % 16 === 0 ? newline : ' '));
          host.scrollTop = host.scrollHeight; // forces layout, as autoscroll does once per frame
          times.push(performance.now() - t0);
        }
        const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
        const first = sum(times.slice(0, 1000));
        const last = sum(times.slice(5000));
        expect(last, `first 1000: ${first.toFixed(0)} ms, last 1000: ${last.toFixed(0)} ms`).to.be.below(first * 2 + 100);
      }));
  }

  it('treats hostile bot output as text', () => {
    const el = whole(
      [
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(1)">',
        '<iframe src="javascript:alert(1)"></iframe>',
        '[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:alert(2)">x</a>',
        '<style>* { display: none }</style>',
        '# <b onclick=alert(1)>heading</b>',
        '| <img src=x onerror=alert(1)> | b |',
        '|---|---|',
        '| <script>x</script> | [y](javascript:y) |',
      ].join('\n'),
    ).el;
    expect(el.querySelectorAll('script, img, iframe, style, b, [onerror], [onclick]').length).to.equal(0);
    expect(el.querySelectorAll('a').length).to.equal(0);
    expect(el.textContent).to.contain('<script>alert(1)</script>');
    expect(el.querySelector('h3')!.textContent).to.equal('<b onclick=alert(1)>heading</b>');
    expect(el.querySelector('td')!.textContent).to.equal('<script>x</script>');
  });

  it('renders an unclosed fence as code to the end, and the text after a closed one normally', () => {
    const el = whole('intro\n```\nline 1\n<b>not bold</b>\n\n**not strong**').el;
    expect(el.querySelector('pre code')!.textContent).to.equal('line 1\n<b>not bold</b>\n\n**not strong**\n');
    expect(el.querySelector('strong')).to.equal(null);
    const closed = whole('~~~\ncode\n~~~\nafter **it**').el;
    expect(closed.querySelector('pre code')!.textContent).to.equal('code\n');
    expect(closed.querySelector('p strong')!.textContent).to.equal('it');
  });

  it('lays out a long answer like a short one: start-aligned, evenly spaced, past the layout boxes', () =>
    // Small enough to fit the viewport: boxes off screen skip layout, so they could not be measured.
    inStyledHost('width: 360px; font: 6px/1 sans-serif', async (host) => {
      const view = whole(Array.from({ length: 40 }, (_, i) => `paragraph ${i}`).join('\n\n'));
      host.append(view.el);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const ps = [...view.el.querySelectorAll('p')];
      expect(ps.length).to.equal(40);
      expect(view.el.querySelectorAll('.k').length, 'layout boxes in use').to.be.above(0);
      for (const p of ps) expect(getComputedStyle(p).textAlign, p.textContent!).to.be.oneOf(['start', 'left']);
      const gaps = ps.slice(1).map((p, i) => Math.round(p.getBoundingClientRect().top - ps[i]!.getBoundingClientRect().bottom));
      expect(new Set(gaps).size, `gaps: ${gaps.join(',')}`).to.equal(1);
    }));

  it('handles an enormous table quickly and keeps it scrollable', () => {
    const header = `|${Array.from({ length: 40 }, (_, i) => ` h${i} `).join('|')}|`;
    const delimiter = `|${' --- |'.repeat(40)}`;
    const row = `|${Array.from({ length: 40 }, (_, i) => ` **${i}** `).join('|')}|`;
    const text = [header, delimiter, ...Array.from({ length: 1000 }, () => row)].join('\n');
    const t0 = performance.now();
    const el = pieces(text, 97).el;
    const ms = performance.now() - t0;
    expect(ms, `${Math.round(ms)} ms`).to.be.below(4000);
    expect(el.querySelectorAll('tbody tr').length).to.equal(1000);
    expect(el.querySelector<HTMLElement>('.table')!.tabIndex).to.equal(0);
  });

  it('names the fence’s language in the code block’s header bar, next to the copy button', () => {
    const el = whole('```ts title="x.ts"\nlet a;\n```\n~~~\nplain\n~~~').el;
    const bars = [...el.querySelectorAll('.code > [part="code-header"]')];
    expect(bars.map((bar) => bar.textContent)).to.deep.equal(['tsCopy code', 'Copy code']);
    expect(el.querySelector('.code > pre')!.textContent).to.equal('let a;\n');
  });

  it('gives each block its own direction, code always left to right', () => {
    const el = whole('para `x`\n\n# head\n\n- item\n\n  more\n\n> quote\n\n| h |\n|---|\n| c |\n\n```\ncode\n```').el;
    const dirs = [...el.querySelectorAll('[dir]')].map(
      (e) => `${e.tagName.toLowerCase()}${e.className ? `.${e.className}` : ''}=${e.getAttribute('dir')}`,
    );
    // Paragraphs in an item or quote follow it: `dir=auto` on the item skips children with a dir.
    expect(dirs).to.deep.equal([
      'p=auto',
      'code=ltr',
      'h3.h1=auto',
      'li=auto',
      'blockquote=auto',
      'div.table=auto',
      'td=auto',
      'div.code=ltr',
    ]);
    expect(el.querySelector('.table')!.getAttribute('aria-label')).to.equal('Scrollable table');
  });

  it('copies code with the copy button', async () => {
    const el = whole('```\nnpm i tessera\n```').el;
    let copied = '';
    const clipboard = navigator.clipboard;
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (t: string) => void (copied = t) },
    });
    try {
      const button = el.querySelector<HTMLButtonElement>('.copy')!;
      button.click();
      await new Promise((r) => setTimeout(r, 0));
      expect(copied).to.equal('npm i tessera\n');
      expect(button.textContent).to.equal('Copied');
    } finally {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });
    }
  });
});
