/**
 * Streaming markdown → DOM. Text arrives in pieces; every completed line is turned into DOM once and
 * never touched again, and only the unfinished last line is rebuilt per piece, so the cost of one
 * more token does not grow with the length of the message. The DOM is only ever appended to, which
 * makes undoing the provisional last line cheap: remember each open element's last child, remove
 * what came after it. The browser's share is kept flat too: past CHUNK top-level blocks, or CHUNK
 * lines of one paragraph, new content goes into a fresh block box (`.k`), so a token re-lays out a
 * small box instead of one ever longer paragraph or block list. Block syntax: paragraphs (single
 * newlines become line breaks), ATX headings, fenced code, blockquotes, nested lists, GFM tables,
 * rules.
 *
 * Direction: an answer need not be in the page's language, so every block takes the direction of its
 * own first letter (`dir=auto`): top-level paragraphs and headings, list items, quotes, table cells
 * (the table itself follows its header row). Blocks inside an item or a quote follow it, because an
 * element with `dir=auto` skips text inside children that have a `dir` of their own. Code, in
 * blocks and inline, is always left to right.
 */
import { inline } from './inline.js';

export interface MarkdownLabels {
  copy: string;
  copied: string;
  /** Accessible name of a table's scrolling box. */
  table: string;
}

type Frame =
  | { t: 'root' | 'quote'; el: HTMLElement }
  | { t: 'list'; el: HTMLElement; kind: string; next: number }
  | { t: 'item'; el: HTMLElement; indent: number };
type Leaf =
  /** `el` takes the lines: the paragraph `box` itself, then chunk boxes inside it. */
  | { t: 'p'; el: HTMLElement; box: HTMLElement; lines: number; last: string; mark: ChildNode | null; phase: number }
  | { t: 'code'; el: HTMLElement; box: HTMLElement; lines: number; fence: string; indent: number }
  | { t: 'table'; el: HTMLElement; cols: number; align: string[] };

const QUOTE = /^ {0,3}> ?/;
const LIST = /^( {0,3})([-+*]|(\d{1,9})[.)])( +|$)/;
const RULE = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const HEADING = /^ {0,3}(#{1,6})(?: +(.*?))?(?: +#+)? *$/;
const FENCE = /^( {0,3})(`{3,}|~{3,})([^`]*)$/;
const DELIMITER_ROW = /^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/;
const blank = (s: string) => !s.trim();
/** Blocks or paragraph lines per layout box (see the module comment). */
const CHUNK = 16;
const indentOf = (s: string) => s.length - s.trimStart().length;

export function cells(row: string): string[] {
  const parts = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(^|[^\\])\|$/, '$1')
    .split(/(?<!\\)\|/);
  return parts.map((cell) => cell.trim());
}

const make = (tag: string, parent: Node, className?: string, dir?: string) => {
  const el = parent.appendChild(document.createElement(tag));
  if (className) el.className = className;
  if (dir) el.dir = dir;
  return el;
};

export class MarkdownView {
  readonly el: HTMLElement = document.createElement('div');
  private open: Frame[] = [{ t: 'root', el: this.el }];
  private leaf: Leaf | null = null;
  /** Text not yet committed: the unfinished last line, sometimes with one complete line before it. */
  private pending = '';
  private phase = 0;
  private saved: { open: Frame[]; leaf: Leaf | null; marks: [HTMLElement, ChildNode | null][] } | null = null;

  constructor(private readonly labels: MarkdownLabels) {
    this.el.className = 'md';
  }

  push(text: string): void {
    this.pending += text;
    this.render(false);
  }

  end(): void {
    this.render(true);
  }

  private render(final: boolean): void {
    this.undo();
    const lines = this.pending.split('\n');
    const tail = final ? '' : lines.pop()!;
    // A complete line with a `|` may still become a table header when the next line arrives (unless
    // it is a row of an open table): keep it uncommitted until then, so at most one complete line is
    // ever re-done and a header is processed in the same pass as its delimiter row. `phase` guards
    // the rare rest: a table never rewrites committed DOM.
    this.phase++;
    let commit = 0;
    for (; commit < lines.length; commit++) {
      const line = lines[commit]!;
      const last = !final && commit === lines.length - 1;
      if (last && line.includes('|') && this.leaf?.t !== 'table' && !/^[\s>|:-]+$/.test(line)) break;
      this.line(line);
    }
    const rest = lines.slice(commit);
    this.pending = [...rest, tail].join('\n');
    if (final) return;
    this.save();
    this.phase++;
    for (const line of rest) this.line(line);
    if (tail) this.line(tail);
  }

  private save(): void {
    const leaf = this.leaf;
    const els = [
      this.el,
      ...this.open.map((f) => f.el),
      ...(leaf ? [leaf.el] : []),
      ...(leaf && leaf.t !== 'table' ? [leaf.box] : []),
    ];
    this.saved = {
      open: this.open.map((f) => ({ ...f })),
      leaf: this.leaf && { ...this.leaf },
      marks: els.map((el) => [el, el.lastChild]),
    };
  }

  private undo(): void {
    const saved = this.saved;
    if (!saved) return;
    for (const [el, mark] of saved.marks) while (el.lastChild && el.lastChild !== mark) el.lastChild.remove();
    this.open = saved.open;
    this.leaf = saved.leaf;
    this.saved = null;
  }

  /** Where a new block goes: the innermost container; at the top level, a fresh chunk box when full. */
  private container(): HTMLElement {
    const top = this.open[this.open.length - 1]!;
    if (top.t === 'root' && top.el.childElementCount >= CHUNK) top.el = make('div', this.el, 'k');
    return top.el;
  }

  /** A block of text: at the top level with its own direction, else its item's or quote's (module comment). */
  private text(tag: string, className?: string): HTMLElement {
    return make(tag, this.container(), className, this.open.at(-1)!.t === 'root' ? 'auto' : '');
  }

  private close(depth: number): void {
    this.open.length = depth;
    this.leaf = null;
  }

  private line(raw: string): void {
    let s = raw.replace(/\r$/, '');
    const open = this.open;
    let k = 1;
    for (; k < open.length; k++) {
      const f = open[k]!;
      if (f.t === 'quote') {
        const m = QUOTE.exec(s);
        if (!m) break;
        s = s.slice(m[0].length);
      } else if (f.t === 'item') {
        if (blank(s)) s = '';
        else if (indentOf(s) >= f.indent) s = s.slice(f.indent);
        else break;
      }
    }
    const leaf = this.leaf;
    if (k === open.length && leaf?.t === 'code') {
      const m = /^ {0,3}(`{3,}|~{3,}) *$/.exec(s);
      if (m && m[1]![0] === leaf.fence[0] && m[1]!.length >= leaf.fence.length) this.leaf = null;
      else {
        if (leaf.lines && leaf.lines % CHUNK === 0) leaf.el = make('span', leaf.box, 'k');
        leaf.lines++;
        leaf.el.append(`${s.slice(Math.min(leaf.indent, indentOf(s)))}\n`);
      }
      return;
    }
    if (k < open.length) {
      const list = open[k - 1]!;
      const m = LIST.exec(s);
      if (open[k]!.t === 'item' && list.t === 'list' && m && kindOf(m) === list.kind && !RULE.test(s)) {
        this.close(k);
        this.item(list, m);
        return this.blocks(s.slice(m[0].length));
      }
      // A paragraph line without the container's markers continues the paragraph ("lazy" line).
      if (leaf?.t === 'p' && !blank(s) && !this.starts(s)) return this.paragraph(s);
      this.close(list.t === 'list' ? k - 1 : k);
    }
    this.blocks(s);
  }

  /** Would this line start a block of its own (and so end a paragraph)? */
  private starts(s: string): boolean {
    return QUOTE.test(s) || LIST.test(s) || RULE.test(s) || HEADING.test(s) || FENCE.test(s);
  }

  private item(list: Frame & { t: 'list' }, m: RegExpExecArray): void {
    // A long list continues in a new list element (numbered on): same look, bounded layout work.
    if (list.el.childElementCount >= CHUNK * 4) {
      list.el = make(list.el.tagName, list.el.parentElement!, 'more');
      if (list.el.tagName === 'OL') list.el.setAttribute('start', String(list.next));
    }
    list.next++;
    const li = make('li', list.el, '', 'auto');
    const width = m[1]!.length + m[2]!.length;
    const gap = m[4]!.length;
    this.open.push({ t: 'item', el: li, indent: gap && gap <= 4 ? width + gap : width + 1 });
  }

  private blocks(s: string): void {
    for (;;) {
      const leaf = this.leaf;
      let m: RegExpExecArray | null;
      if (blank(s)) {
        this.leaf = null;
        return;
      }
      if ((m = QUOTE.exec(s))) {
        this.leaf = null;
        this.open.push({ t: 'quote', el: make('blockquote', this.container(), '', 'auto') });
        s = s.slice(m[0].length);
        continue;
      }
      m = LIST.exec(s);
      // Only a bullet or `1.` with content may interrupt a paragraph.
      if (m && !RULE.test(s) && !(leaf?.t === 'p' && ((m[3] && m[3] !== '1') || !m[4]))) {
        this.leaf = null;
        const start = Number(m[3] ?? 1);
        const list = { t: 'list' as const, el: make(m[3] ? 'ol' : 'ul', this.container()), kind: kindOf(m), next: start };
        if (start !== 1) list.el.setAttribute('start', String(start));
        this.open.push(list);
        this.item(list, m);
        s = s.slice(m[0].length);
        continue;
      }
      if (
        leaf?.t === 'p' &&
        leaf.phase === this.phase &&
        leaf.last.includes('|') &&
        DELIMITER_ROW.test(s) &&
        s.includes('|') &&
        cells(leaf.last).length === cells(s).length
      ) {
        return this.table(leaf, s);
      }
      if (leaf?.t === 'table' && s.includes('|')) return this.row(leaf, s, 'td');
      if (RULE.test(s)) {
        this.leaf = null;
        make('hr', this.container());
        return;
      }
      if ((m = HEADING.exec(s))) {
        this.leaf = null;
        // Every heading is an h3 (the panel title is the h2), sized by level: a valid heading order.
        inline(m[2] ?? '', this.text('h3', `h${m[1]!.length}`));
        return;
      }
      if ((m = FENCE.exec(s))) {
        // A header bar above the code (never over it): the fence's language, if named, and the copy button.
        const block = make('div', this.container(), 'code', 'ltr');
        const bar = make('div', block, 'bar');
        bar.setAttribute('part', 'code-header');
        make('span', bar).textContent = m[3]!.trim().split(/\s/)[0]!;
        const copy = make('button', bar, 'copy') as HTMLButtonElement;
        copy.type = 'button';
        copy.textContent = this.labels.copy;
        copy.setAttribute('part', 'copy-button');
        const pre = make('pre', block);
        pre.tabIndex = 0;
        const code = make('code', pre);
        copy.onclick = () =>
          void navigator.clipboard?.writeText(code.textContent ?? '').then(() => {
            copy.textContent = this.labels.copied;
            setTimeout(() => (copy.textContent = this.labels.copy), 2000);
          });
        this.leaf = { t: 'code', el: code, box: code, lines: 0, fence: m[2]!, indent: m[1]!.length };
        return;
      }
      return this.paragraph(s);
    }
  }

  private paragraph(s: string): void {
    let leaf = this.leaf;
    if (leaf?.t !== 'p') {
      const p = this.text('p');
      leaf = this.leaf = { t: 'p', el: p, box: p, lines: 0, last: '', mark: null, phase: 0 };
    } else if (leaf.lines % CHUNK === 0) {
      leaf.el = make('span', leaf.box, 'k');
      leaf.mark = null;
    } else {
      leaf.mark = leaf.el.lastChild;
      make('br', leaf.el);
    }
    leaf.lines++;
    leaf.last = s;
    leaf.phase = this.phase;
    inline(s.trim(), leaf.el);
  }

  /** The paragraph's last line was a table header: take it out of the paragraph, start a table. */
  private table(p: Leaf & { t: 'p' }, delimiter: string): void {
    while (p.el.lastChild && p.el.lastChild !== p.mark) p.el.lastChild.remove();
    if (!p.el.firstChild) p.el.remove();
    if (!p.box.firstChild) p.box.remove();
    const parent = this.container();
    // The table scrolls sideways in its own box (words are never broken to fit): a named region that
    // keyboard users can focus and scroll. It takes its direction from the header row (module comment).
    const wrap = make('div', parent, 'table', 'auto');
    wrap.tabIndex = 0;
    wrap.role = 'region';
    wrap.ariaLabel = this.labels.table;
    const table = make('table', wrap);
    const align = cells(delimiter).map((c) => (c.endsWith(':') ? (c.startsWith(':') ? 'c' : 'r') : ''));
    const head = { t: 'table' as const, el: make('tr', make('thead', table)), cols: align.length, align };
    this.row(head, p.last, 'th');
    this.leaf = { ...head, el: make('tbody', table) };
  }

  private row(table: Leaf & { t: 'table' }, s: string, tag: string): void {
    const tr = tag === 'th' ? table.el : make('tr', table.el);
    const values = cells(s);
    for (let i = 0; i < table.cols; i++) inline(values[i] ?? '', make(tag, tr, table.align[i], tag === 'td' ? 'auto' : ''));
  }
}

function kindOf(m: RegExpExecArray): string {
  return m[3] ? m[2]!.slice(-1) : m[2]!;
}
