// The playground's Vite configuration: `npm run playground` serves it, `npm run playground:build` writes the static
// site to examples/playground/dist (relative URLs, so any static server or sub-folder serves it).
import { defineConfig } from 'vite';
import { mnistSubset } from './mnist_subset.js';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [mnistSubset({ perClass: 100 })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // tfjs-core, tfjs-layers and four backends are one large chunk by nature; the page loads nothing else.
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
