import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    target: 'es2022',
    lib: { entry: 'src/index.ts', name: 'Tessera', formats: ['iife'], fileName: () => 'widget.js' },
  },
});
