import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './usage_error.js';

/**
 * Refuses an output file whose folder is missing or that names a folder, before any work is done; `endings` (such
 * as `.png`) are what the error suggests for a folder.
 */
export async function checkOutputFile(path: string, endings: readonly string[]): Promise<void> {
  const folder = dirname(path);
  const parent = await stat(folder).catch(() => undefined);
  if (parent === undefined || !parent.isDirectory()) {
    throw new UsageError(`--out '${path}': the folder '${folder}' ${parent === undefined ? 'does not exist' : 'is a file'}: create the folder first, or choose another --out`);
  }
  if ((await stat(path).catch(() => undefined))?.isDirectory() === true) throw new UsageError(`--out '${path}' is a folder: give a file name ending in ${endings.join(', ')}`);
}
