// Small image files written by tests (a helper, not a test file).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** A grey PNG of width × height whose pixel (x, y) has grey level level(x, y) (0 … 255). */
export function greyPng(width: number, height: number, level: (x: number, y: number) => number): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) image.data.set([level(x, y), level(x, y), level(x, y), 255], 4 * (y * width + x));
  return PNG.sync.write(image);
}

/** Creates the folder `root/name` (and its parents) holding the given files; returns its path. */
export async function folderWith(root: string, name: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const path = join(root, name);
  await mkdir(path, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(path, file), content);
  return path;
}
