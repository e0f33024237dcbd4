/**
 * Three builds of the widget, in this order (package.json's build):
 * - `vite build --mode panel` → dist/widget-panel.<hash>.js: the panel (Lit, transcript, composer,
 *   markdown, strings) as an ES module, which the launcher imports on intent;
 * - `vite build` → dist/widget.js: what the script tag loads (IIFE, self-registering, mounts from
 *   its script tag): the element, launcher, config and session, no Lit; its import of the panel
 *   becomes an import of that file from the service (`/widget/<file>`);
 * - `vite build --mode module` → dist/tessera-chat.js (ES module for bundlers, the panel a chunk).
 * Vite minifies code but not the text of tagged templates, so the formatting whitespace of css``
 * and html`` literals is removed here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const DIST = new URL('./dist/', import.meta.url);
/** The launcher's import of the panel (quotes as the TypeScript transform leaves them). */
const PANEL_IMPORT = /import\(['"]\.\.\/panel\/panel\.js['"]\)/;

/**
 * Static text of a template: formatting whitespace (runs with a newline) goes next to tags, else
 * becomes one space. CSS loses what does not change its meaning: comments, spaces around
 * punctuation and `*` in calc(), leading zeros (`0.6em` → `.6em`), quotes around attribute values
 * that are identifiers (`[mode='inline']` → `[mode=inline]`), the last semicolon of a block.
 */
function squeeze(tag: string, text: string): string {
  if (tag === 'css') {
    return text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>!])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/ \* (?=\d|\.\d|var\()/g, '*')
      .replace(/(^|[^\w.])0\.(\d)/g, '$1.$2')
      .replace(/\[([\w-]+)='([a-z][\w-]*)'\]/g, '[$1=$2]')
      .replace(/;}/g, '}')
      .trim();
  }
  return text
    .replace(/\s*\n\s*/g, '\n')
    .replace(/>\n/g, '>')
    .replace(/\n</g, '<')
    .replace(/\n/g, ' ');
}

/** Rewrite every css`…`/html`…`/svg`…` literal in `code`, recursing into `${…}` expressions. */
export function collapseTemplates(code: string): string {
  let out = '';
  let i = 0;
  const tagged = /\b(css|html|svg)`/g;
  for (let m = tagged.exec(code); m; m = tagged.exec(code)) {
    out += `${code.slice(i, m.index) + m[1]}\``;
    let j = m.index + m[0].length;
    let text = '';
    for (;;) {
      const ch = code[j];
      if (ch === undefined) throw new Error('unterminated template');
      if (ch === '\\') {
        text += code.slice(j, j + 2);
        j += 2;
      } else if (ch === '`') {
        out += `${squeeze(m[1]!, text)}\``;
        j++;
        break;
      } else if (ch === '$' && code[j + 1] === '{') {
        out += `${squeeze(m[1]!, text)}\${`;
        text = '';
        const end = expressionEnd(code, j + 2);
        out += `${collapseTemplates(code.slice(j + 2, end))}}`;
        j = end + 1;
      } else {
        text += ch;
        j++;
      }
    }
    i = j;
    tagged.lastIndex = j;
  }
  return out + code.slice(i);
}

/**
 * Index of the `}` closing an expression that starts at `from`, skipping strings, comments (an
 * apostrophe in one is not a quote) and nested templates; it throws at the end of the input.
 */
function expressionEnd(code: string, from: number): number {
  let depth = 0;
  for (let j = from; j < code.length; j++) {
    const ch = code[j];
    if (ch === '{') depth++;
    else if (ch === '}' && depth-- === 0) return j;
    else if (ch === '/' && code[j + 1] === '/') {
      const eol = code.indexOf('\n', j);
      j = eol < 0 ? code.length : eol;
    } else if (ch === '/' && code[j + 1] === '*') {
      const end = code.indexOf('*/', j + 2);
      j = end < 0 ? code.length : end + 1;
    } else if (ch === "'" || ch === '"') {
      for (j++; j < code.length && code[j] !== ch; j++) if (code[j] === '\\') j++;
    } else if (ch === '`') {
      for (j++; j < code.length && code[j] !== '`'; j++) {
        if (code[j] === '\\') j++;
        else if (code[j] === '$' && code[j + 1] === '{') j = expressionEnd(code, j + 2);
      }
    }
  }
  throw new Error('unterminated expression');
}

function templates(): Plugin {
  return {
    name: 'tessera-collapse-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/widget\/src\/.*\.ts$/.test(id) || !/(css|html|svg)`/.test(code)) return null;
      return { code: collapseTemplates(code), map: null };
    },
  };
}

/** After the panel's build: give its file its content hash (it is then served as immutable). */
function hashPanel(): Plugin {
  return {
    name: 'tessera-hash-panel',
    closeBundle() {
      const bytes = readFileSync(new URL('widget-panel.js', DIST));
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
      renameSync(new URL('widget-panel.js', DIST), new URL(`widget-panel.${hash}.js`, DIST));
    },
  };
}

/** The script-tag build: the launcher imports the panel's hashed file from the service. */
function panelFromService(): Plugin {
  return {
    name: 'tessera-panel-from-service',
    transform(code, id) {
      if (!id.endsWith('/tessera-chat/tessera-chat.component.ts')) return null;
      const file = readdirSync(DIST).find((f) => /^widget-panel\.[0-9a-f]{8}\.js$/.test(f));
      if (!file) throw new Error('dist/widget-panel.<hash>.js is missing: `vite build --mode panel` first');
      if (!PANEL_IMPORT.test(code)) throw new Error(`the import of ../panel/panel.js is not found in ${id}`);
      return { code: code.replace(PANEL_IMPORT, `import(_serviceUrl + ${JSON.stringify(`/widget/${file}`)})`), map: null };
    },
  };
}

export default defineConfig(({ mode }) => {
  const lib = {
    panel: { entry: 'src/panel/panel.ts', formats: ['es' as const], fileName: () => 'widget-panel.js' },
    module: { entry: 'src/index.ts', formats: ['es' as const], fileName: () => 'tessera-chat.js' },
    production: { entry: 'src/embed/index.ts', name: 'TesseraWidget', formats: ['iife' as const], fileName: () => 'widget.js' },
  }[mode];
  if (!lib) throw new Error(`unknown mode ${mode}: panel, production or module`);
  return {
    plugins: [templates(), ...(mode === 'panel' ? [hashPanel()] : mode === 'production' ? [panelFromService()] : [])],
    build: {
      target: 'es2022',
      minify: true,
      emptyOutDir: mode === 'panel',
      reportCompressedSize: false,
      // Imported constants (LIMITS, code lists) inlined where used: 18 B of gzip (`pnpm run size`).
      rolldownOptions: { optimization: { inlineConst: { mode: 'all', pass: 2 } } },
      lib,
    },
  };
});
