import { expect } from '@esm-bundle/chai';
import { inline, safeHref } from './inline.js';

function render(text: string): HTMLElement {
  const p = document.createElement('p');
  inline(text, p);
  return p;
}

describe('markdown/inline', () => {
  it('renders emphasis, strong, strikethrough and code spans', () => {
    const p = render('a **bold** and _em_ and *em2* and ~~gone~~ and `co*de*`');
    expect(p.querySelector('strong')!.textContent).to.equal('bold');
    expect([...p.querySelectorAll('em')].map((e) => e.textContent)).to.deep.equal(['em', 'em2']);
    expect(p.querySelector('s')!.textContent).to.equal('gone');
    expect(p.querySelector('code')!.textContent).to.equal('co*de*');
  });

  it('nests strong and emphasis', () => {
    const p = render('***both*** and **bold _inner_**');
    expect(p.querySelector('strong > em')!.textContent).to.equal('both');
    expect(p.querySelectorAll('strong')[1]!.querySelector('em')!.textContent).to.equal('inner');
  });

  it('leaves unmatched and intra-word delimiters alone', () => {
    expect(render('2 * 3 * 4').textContent).to.equal('2 * 3 * 4');
    expect(render('snake_case_name').querySelector('em')).to.equal(null);
    expect(render('**open but never closed').textContent).to.equal('**open but never closed');
    expect(render('\\*not em\\*').textContent).to.equal('*not em*');
  });

  it('makes http(s) and mailto links that open in a new tab without opener', () => {
    const p = render('see [docs](https://example.com/a?b=1) or https://example.org/x. mail [me](mailto:a@b.c)');
    const links = [...p.querySelectorAll('a')];
    expect(links.map((a) => a.href)).to.deep.equal(['https://example.com/a?b=1', 'https://example.org/x', 'mailto:a@b.c']);
    expect(links[1]!.textContent).to.equal('https://example.org/x');
    for (const a of links) {
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.equal('noopener noreferrer');
    }
  });

  it('drops javascript:, data:, vbscript: and relative links but keeps their text', () => {
    const p = render(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,<script>x</script>) [d](vbscript:x) [e](/relative) [f]( java\tscript:alert(1))',
    );
    expect(p.querySelector('a')).to.equal(null);
    expect(p.textContent).to.equal('a b c d e f');
    for (const bad of ['javascript:alert(1)', ' data:text/html,x', 'ftp://x', '//evil.example', 'x'])
      expect(safeHref(bad)).to.equal(null);
  });

  it('renders images as plain links (no request from the visitor, no img element)', () => {
    const p = render('![a cat](https://example.com/cat.png) ![x](javascript:alert(1))');
    expect(p.querySelector('img')).to.equal(null);
    expect(p.querySelector('a')!.textContent).to.equal('a cat');
    expect(p.querySelectorAll('a').length).to.equal(1);
  });

  it('never interprets HTML', () => {
    const p = render('<img src=x onerror="alert(1)"> <script>alert(2)</script> <a href="javascript:alert(3)">x</a>');
    expect(p.children.length).to.equal(0);
    expect(p.textContent).to.contain('<script>alert(2)</script>');
  });
});
