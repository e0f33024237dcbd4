/**
 * Inline markdown of one line → DOM nodes: code spans, strong/emphasis/strikethrough, links, bare
 * URLs, backslash escapes. Only text nodes and a fixed set of elements are created; nothing is ever
 * parsed as HTML, so `<script>` or `onerror=` in bot text stay visible text.
 */

const ESCAPABLE = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}_]/u;
const BARE_URL = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?'")\]*_~]/y;

/** Only absolute http(s) and mailto links survive; everything else (javascript:, data:, relative) is dropped. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.trim().replace(/^<(.*)>$/, '$1'));
    return /^(https?|mailto):$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function link(href: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

const runLength = (s: string, at: number, ch: string) => {
  let end = at;
  while (s[end] === ch) end++;
  return end - at;
};

/** Where a delimiter `d` opened before `from` closes, or -1. A closer follows a non-space. */
function closer(s: string, from: number, d: string): number {
  const ch = d[0]!;
  for (let j = s.indexOf(d, from); j > 0; j = s.indexOf(d, j + 1)) {
    const len = runLength(s, j, ch);
    const fits = d.length === 1 ? len !== 2 : true;
    if (j > from && fits && !/\s/.test(s[j - 1]!) && !(ch === '_' && WORD.test(s[j + len] ?? ''))) {
      return j + len - d.length;
    }
    j += len - 1;
  }
  return -1;
}

/** Find the `close` bracket that ends what starts at `from`, allowing balanced pairs and escapes. */
function closing(s: string, from: number, open: string, close: string): number {
  for (let i = from, depth = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === open) depth++;
    else if (s[i] === close && depth-- === 0) return i;
  }
  return -1;
}

export function inline(s: string, into: Node, inLink = false): void {
  let text = '';
  const flush = () => {
    if (text) into.appendChild(document.createTextNode(text));
    text = '';
  };
  const add = <T extends Node>(node: T): T => {
    flush();
    return into.appendChild(node);
  };
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '\\' && ESCAPABLE.test(s[i + 1] ?? '')) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const n = runLength(s, i, c);
      let j = s.indexOf(c.repeat(n), i + n);
      while (j > 0 && runLength(s, j, c) !== n) j = s.indexOf(c.repeat(n), j + runLength(s, j, c));
      if (j > 0) {
        const code = add(document.createElement('code'));
        // Code reads left to right whatever the text around it (and is skipped when that finds its direction).
        code.dir = 'ltr';
        code.textContent = s.slice(i + n, j).replace(/^ (.*) $/, '$1');
        i = j + n;
        continue;
      }
      text += c.repeat(n);
      i += n;
      continue;
    }
    if (c === '*' || c === '_' || c === '~') {
      const n = runLength(s, i, c);
      const d = n > 1 ? c + c : c;
      const opens = (c !== '~' || n > 1) && /\S/.test(s[i + d.length] ?? ' ') && !(c === '_' && WORD.test(s[i - 1] ?? ''));
      const j = opens ? closer(s, i + d.length, d) : -1;
      if (j > 0) {
        inline(s.slice(i + d.length, j), add(document.createElement(c === '~' ? 's' : n > 1 ? 'strong' : 'em')), inLink);
        i = j + d.length;
        continue;
      }
      text += c.repeat(n);
      i += n;
      continue;
    }
    const image = c === '!' && s[i + 1] === '[';
    if ((c === '[' || image) && !inLink) {
      const open = i + (image ? 1 : 0);
      const close = closing(s, open + 1, '[', ']');
      const end = close > 0 && s[close + 1] === '(' ? closing(s, close + 2, '(', ')') : -1;
      if (end > 0) {
        const label = s.slice(open + 1, close);
        const href = safeHref(
          s
            .slice(close + 2, end)
            .trim()
            .split(/\s+/)[0] ?? '',
        );
        // Images are shown as links: no third-party request from the visitor's browser, no CSP img-src needed.
        const target = href ? add(link(href)) : into;
        flush();
        if (image) target.appendChild(document.createTextNode(label || href || ''));
        else inline(label, target, true);
        i = end + 1;
        continue;
      }
    }
    if ((c === 'h' || c === 'H') && !inLink && !WORD.test(s[i - 1] ?? '')) {
      BARE_URL.lastIndex = i;
      const m = BARE_URL.exec(s);
      const href = m && safeHref(m[0]);
      if (m && href) {
        add(link(href)).textContent = m[0];
        i += m[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
}
