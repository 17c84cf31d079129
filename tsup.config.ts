import { defineConfig } from 'tsup';

const external = [/^@tensorflow\//, 'seedrandom', 'ml-matrix', 'pngjs', 'jpeg-js', 'gifenc', 'mnist', 'commander'];

export default defineConfig([
  {
    // The library: ESM and CommonJS, each with its own declarations.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    external,
    // threaded_wasm.ts reads `import.meta.url` only where `__filename` is missing (ESM), so the CommonJS build's empty
    // `import.meta` is never used.
    esbuildOptions(options, { format }) {
      if (format === 'cjs') options.logOverride = { 'empty-import-meta': 'silent' };
    },
  },
  {
    // The command line: one ESM file for Node, its `bin`.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    external,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
