/**
 * Three builds of the widget, in this order (package.json's build):
 * - `vite build --mode panel` → dist/widget-panel.<hash>.js: the panel (Lit, transcript, composer,
 *   markdown, English words) as an ES module, which the launcher imports on intent; and
 *   dist/widget-locale-<tag>.<hash>.js, the words of each other language (src/i18n/locales/);
 * - `vite build` → dist/widget.js: what the script tag loads (IIFE, self-registering, mounts from
 *   its script tag): the element, launcher, config and session, no Lit; its imports of the panel
 *   and of the visitor's words become imports of those files from the service (`/widget/<file>`);
 * - `vite build --mode module` → dist/tessera-chat.js (ES module for bundlers, the panel and each
 *   language's words chunks).
 * Vite minifies code but not the text of tagged templates, so the formatting whitespace of css``
 * and html`` literals is removed here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const DIST = new URL('./dist/', import.meta.url);
/** The launcher's import of the panel (quotes as the TypeScript transform leaves them). */
const PANEL_IMPORT = /import\(['"]\.\.\/panel\/panel\.js['"]\)/;
/** The languages with words of their own to load: src/i18n/locales/<tag>.ts but English (the panel's). */
const LOCALES = readdirSync(new URL('./src/i18n/locales/', import.meta.url))
  .map((f) => /^([a-z]{2,3})\.ts$/.exec(f)?.[1])
  .filter((tag): tag is string => !!tag && tag !== 'en');
/** A language's words as the panel's build names them, once hashed (hashFiles). */
const LOCALE_FILE = /^widget-locale-[a-z]{2,3}\.([0-9a-f]{8})\.js$/;

const hash = (bytes: Uint8Array[]) => {
  const sha = createHash('sha256');
  for (const b of bytes) sha.update(b);
  return sha.digest('hex').slice(0, 8);
};

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

/**
 * After the panel's build: give its files their content hash (they are then served as immutable):
 * the panel its own; the languages' words one for all of them, so that widget.js names them all
 * with one hash (a hash each would cost it ~200 B of gzip; a visitor loads one language anyway).
 * None of these files imports another, so renaming them breaks no import.
 */
function hashFiles(): Plugin {
  const rename = (from: string, to: string) => renameSync(new URL(from, DIST), new URL(to, DIST));
  return {
    name: 'tessera-hash-files',
    closeBundle() {
      // A module shared by the panel and a language would become a chunk of its own, which the
      // service does not serve (its name has no hex hash): keep the words free of imports.
      const emitted = readdirSync(DIST).filter((f) => f !== 'widget-panel.js' && !/^widget-locale-[a-z]{2,3}\.js$/.test(f));
      if (emitted.length) throw new Error(`the panel's build emitted ${emitted}: a language's words import something`);
      rename('widget-panel.js', `widget-panel.${hash([readFileSync(new URL('widget-panel.js', DIST))])}.js`);
      const words = hash(LOCALES.map((tag) => readFileSync(new URL(`widget-locale-${tag}.js`, DIST))));
      for (const tag of LOCALES) rename(`widget-locale-${tag}.js`, `widget-locale-${tag}.${words}.js`);
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

/**
 * The script-tag build: the element loads a language's words from the service, the file of that
 * language the panel's build emitted (src/i18n/load.ts, which does it for bundlers, is replaced).
 */
function localesFromService(): Plugin {
  return {
    name: 'tessera-locales-from-service',
    load(id) {
      if (!id.endsWith('/src/i18n/load.ts')) return null;
      const hashes = new Set(readdirSync(DIST).map((f) => LOCALE_FILE.exec(f)?.[1]));
      hashes.delete(undefined);
      const [words] = hashes;
      const missing = LOCALES.filter((tag) => !existsSync(new URL(`widget-locale-${tag}.${words}.js`, DIST)));
      if (hashes.size !== 1 || missing.length)
        throw new Error('dist/widget-locale-<tag>.<hash>.js: not one of each language, `vite build --mode panel` first');
      return `export const loadLocale = (serviceUrl, locale) =>
  import(\`\${serviceUrl}/widget/widget-locale-\${locale}.${words}.js\`).then((m) => m.default);`;
    },
  };
}

export default defineConfig(({ mode }) => {
  const lib = {
    panel: {
      entry: {
        'widget-panel': 'src/panel/panel.ts',
        ...Object.fromEntries(LOCALES.map((tag) => [`widget-locale-${tag}`, `src/i18n/locales/${tag}.ts`])),
      },
      formats: ['es' as const],
      fileName: (_format: string, name: string) => `${name}.js`,
    },
    module: { entry: 'src/index.ts', formats: ['es' as const], fileName: () => 'tessera-chat.js' },
    production: { entry: 'src/embed/index.ts', name: 'TesseraWidget', formats: ['iife' as const], fileName: () => 'widget.js' },
  }[mode];
  if (!lib) throw new Error(`unknown mode ${mode}: panel, production or module`);
  return {
    plugins: [
      templates(),
      ...(mode === 'panel' ? [hashFiles()] : mode === 'production' ? [panelFromService(), localesFromService()] : []),
    ],
    build: {
      target: 'es2022',
      minify: true,
      emptyOutDir: mode === 'panel',
      reportCompressedSize: false,
      // Imported constants (LIMITS, code lists) inlined where used: 18 B of gzip (`pnpm run size`).
      rolldownOptions: {
        optimization: { inlineConst: { mode: 'all', pass: 2 } },
        // Vite minifies an ES library's code but keeps its whitespace (for bundlers that read it):
        // the panel's build is no library but the files the service serves.
        ...(mode === 'panel' ? { output: { minify: true } } : {}),
      },
      lib,
    },
  };
});
