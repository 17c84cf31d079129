import { writeFileAtomically } from './durable_files.js';
import { importAtRunTime } from './optional_package.js';

/**
 * Reads a whole file as bytes (Node only: `node:fs/promises` is imported on first use, hidden from bundlers, so
 * browser bundles of gan-kit never need it).
 *
 * @param path - the file to read.
 * @param user - the gan-kit function reading it, named in the error.
 * @throws an Error naming the function, the file and the system's reason (missing, a directory, no permission).
 */
export async function readBinaryFile(path: string, user: string): Promise<Uint8Array> {
  const { readFile } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${user}: cannot read "${path}": ${reason}`, { cause: error });
  }
}

/**
 * Writes bytes to a file, creating its folder when missing, and replacing an existing file atomically (see
 * {@link writeFileAtomically}: a picture rewritten during training is never seen half-written). Node only.
 *
 * @param path - the file to write.
 * @param bytes - the content.
 */
export async function writeBinaryFile(path: string, bytes: Uint8Array): Promise<void> {
  const { mkdir } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const { dirname } = await importAtRunTime<typeof import('node:path')>('node:path');
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomically(path, bytes);
}
