import { commonJsExports, importOptionalPackage } from './optional_package.js';
import type { RgbaImage } from './raster.js';
import { writeBinaryFile } from './binary_files.js';

/**
 * Encodes a picture as PNG bytes with the package `pngjs` (imported on first use): 8-bit RGB when every pixel is
 * opaque, RGBA otherwise. Node only (pngjs uses `Buffer`); in a browser, draw the pixels on a canvas instead.
 *
 * @example
 * ```ts
 * const bytes = await encodePng(await imageGrid(samples));
 * ```
 */
export async function encodePng(image: RgbaImage): Promise<Uint8Array> {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== 4 * width * height) {
    throw new Error(`encodePng: image must be width × height ≥ 1 × 1 with 4 bytes per pixel; got ${width} × ${height} with ${data.length} bytes.`);
  }
  const { PNG } = commonJsExports(await importOptionalPackage<typeof import('pngjs')>('pngjs', 'encodePng'), 'PNG');
  let opaque = true;
  for (let i = 3; i < data.length && opaque; i += 4) opaque = data[i] === 255;
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const bytes = PNG.sync.write(png, { colorType: opaque ? 2 : 6 });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes a picture to a PNG file (Node only), creating the folder when missing; see {@link encodePng}. */
export async function writePng(path: string, image: RgbaImage): Promise<void> {
  await writeBinaryFile(path, await encodePng(image));
}
