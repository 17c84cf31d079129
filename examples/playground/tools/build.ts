// Builds the playground with Vite's API into a folder of one's choice (the test and the speed measurement build
// their own copy; `npm run playground:build` writes examples/playground/dist).
import { join } from 'node:path';
import { build } from 'vite';

/** Builds the page into `outDir` (emptied first) and resolves with the files written, relative to it. */
export async function buildPlayground(outDir: string): Promise<string[]> {
  const output = await build({
    configFile: join(import.meta.dirname, '..', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const results = Array.isArray(output) ? output : [output];
  return results.flatMap((r) => ('output' in r ? r.output.map((o) => o.fileName) : []));
}
