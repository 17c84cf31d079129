import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunConfig, type RunConfig } from './train_settings.js';
import { UsageError } from './usage_error.js';

/** The files of a CLI run folder. */
export interface RunPaths {
  readonly root: string;
  readonly config: string;
  readonly checkpoints: string;
  readonly samples: string;
  readonly metrics: string;
  readonly losses: string;
  readonly evolution: string;
}

/** Where each file of a run lives under `root`. */
export function runPaths(root: string): RunPaths {
  return {
    root,
    config: join(root, 'config.json'),
    checkpoints: join(root, 'checkpoints'),
    samples: join(root, 'samples'),
    metrics: join(root, 'metrics.jsonl'),
    losses: join(root, 'losses.png'),
    evolution: join(root, 'evolution.gif'),
  };
}

/** Reads the configuration of the run in `root`, or throws a {@link UsageError} saying why it is not a run. */
export async function readRunConfig(root: string, flag: string): Promise<RunConfig> {
  const paths = runPaths(root);
  const text = await readFile(paths.config, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw new UsageError(`${flag} '${root}': ${paths.config} cannot be read (${error.message})`);
  });
  if (text === undefined) {
    throw new UsageError(`${flag} '${root}' holds no gan-kit run (no config.json): pass the folder given to 'gan-kit train --out'`);
  }
  return parseRunConfig(text, paths.config);
}

/**
 * Makes sure `root` can take a new run: it is missing or empty. A folder holding anything (another run or other
 * files) is refused, so nothing is ever overwritten.
 */
export async function claimEmptyFolder(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (info !== undefined) {
    if (!info.isDirectory()) throw new UsageError(`--out '${root}' is a file, not a folder: choose a new folder for the run`);
    const entries = await readdir(root);
    if (entries.length > 0) {
      const what = entries.includes('config.json') ? 'holds another run' : 'is not empty';
      throw new UsageError(`--out '${root}' ${what}: pass --resume to continue a run there, or choose a new folder`);
    }
  }
  await mkdir(root, { recursive: true }).catch((error: Error) => {
    throw new UsageError(`--out '${root}' cannot be created (${error.message}): choose a folder you can write to`);
  });
}
