import { importAtRunTime } from './optional_package.js';

/**
 * Crash-safe file writing for Node (model files, checkpoints). `node:fs/promises` and `node:path` are imported on
 * first use, so browser bundles of gan-kit never need them.
 *
 * A write is durable when its bytes reached the disk (`fsync` of the file) and the directory entry naming it did too
 * (`fsync` of the folder). A replacement is atomic when readers see either the old or the new file, never a mix:
 * the new content is written under a temporary name in the same folder, made durable, then renamed over the target
 * (rename is atomic within one file system on POSIX).
 */

/** A random suffix for temporary names, so that two writers never share one. */
export function temporarySuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Writes `bytes` to `path` and flushes them to the disk before returning (no rename: for files inside a temporary
 * folder that is renamed as a whole afterwards).
 */
export async function writeFileDurably(path: string, bytes: Uint8Array | string): Promise<void> {
  const { open } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (new, renamed or removed names) to the disk. */
export async function syncDirectory(directory: string): Promise<void> {
  const { open } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` atomically with `bytes`: temporary file in the same folder, fsync, rename, fsync of the folder.
 * After a crash at any point the file holds either its old or its new content in full.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array | string): Promise<void> {
  const { rm, rename } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const { basename, dirname, join } = await importAtRunTime<typeof import('node:path')>('node:path');
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${temporarySuffix()}`);
  try {
    await writeFileDurably(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}
