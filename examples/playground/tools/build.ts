// Builds the playground with Vite's API into a folder of one's choice (the test and the speed measurement build
// their own copy; `npm run playground:build` writes examples/playground/dist).
import { join } from 'node:path';
import { build } from 'vite';

/** What a build wrote, and what it was made of. */
export interface PlaygroundBuild {
  /** The files written, relative to the output folder. */
  readonly files: string[];
  /** The absolute paths of the modules bundled into the page's scripts. */
  readonly modules: string[];
}

/** Builds the page into `outDir` (emptied first). */
export async function buildPlayground(outDir: string): Promise<PlaygroundBuild> {
  const output = await build({
    configFile: join(import.meta.dirname, '..', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const outputs = (Array.isArray(output) ? output : [output]).flatMap((r) => ('output' in r ? r.output : []));
  return {
    files: outputs.map((o) => o.fileName),
    modules: outputs.flatMap((o) => (o.type === 'chunk' ? o.moduleIds : [])),
  };
}
