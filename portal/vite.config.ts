/**
 * The portal's build: a single-page app served by the token service at /portal/ under a strict
 * CSP (no inline script or style), so the module-preload polyfill (an inline script) is off and
 * every asset is a file of its own (Shoelace's icons are fetched, and `connect-src 'self'` refuses
 * data: URLs). The manifest lets scripts/check-size.mjs find what the first screen loads.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/portal/',
  resolve: {
    // Shoelace's icon files are not in its package exports; the few the portal uses are bundled from here.
    alias: {
      'shoelace-icons': fileURLToPath(new URL('./node_modules/@shoelace-style/shoelace/dist/assets/icons', import.meta.url)),
    },
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    // `pnpm dev` against a running service: the API, brand images and links come from it.
    proxy: Object.fromEntries(
      ['/portal/api', '/portal/brand', '/portal/links'].map((p) => [p, process.env.PORTAL_API ?? 'http://127.0.0.1:8787']),
    ),
  },
});
