import { commonJsExports, importOptionalPackage } from '../io/optional_package.js';
import type { Rgb, RgbaImage } from '../io/raster.js';

/** The most pixels an image may declare (jpeg-js's default limit of 100 megapixels, applied to PNGs too). */
const MAX_PIXELS = 100e6;

/**
 * Decodes PNG or JPEG bytes (recognized by their signature, not the file name) to RGBA with the packages `pngjs` and
 * `jpeg-js` (imported on first use).
 *
 * @param bytes - the file's content.
 * @param path - the file, named in errors.
 * @param user - the gan-kit function decoding it, named in errors.
 * @throws an Error "USER: cannot decode "PATH": REASON." for a file that is neither, is corrupt, or declares more than
 *   100 million pixels.
 */
export async function decodeImage(bytes: Uint8Array, path: string, user: string): Promise<RgbaImage> {
  const fail = (reason: string, cause?: unknown): never => {
    throw new Error(`${user}: cannot decode "${path}": ${reason}.`, { cause });
  };
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (isPng) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const [width, height] = bytes.length >= 24 ? [view.getUint32(16), view.getUint32(20)] : [0, 0];
    if (width * height > MAX_PIXELS) fail(`its header declares ${width} × ${height} pixels, more than the ${MAX_PIXELS / 1e6} million gan-kit decodes`);
    const { PNG } = commonJsExports(await importOptionalPackage<typeof import('pngjs')>('pngjs', user), 'PNG');
    try {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    } catch (error) {
      return fail(`not a readable PNG (${error instanceof Error ? error.message : String(error)})`, error);
    }
  }
  if (isJpeg) {
    const jpeg = commonJsExports(await importOptionalPackage<typeof import('jpeg-js')>('jpeg-js', user), 'decode');
    try {
      return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    } catch (error) {
      return fail(`not a readable JPEG (${error instanceof Error ? error.message : String(error)})`, error);
    }
  }
  const start = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return fail(`it is neither a PNG nor a JPEG (it starts with bytes ${start || 'nothing: the file is empty'})`);
}

/**
 * Composites RGBA bytes over an opaque background colour and maps the result to RGB values in [−1, 1]: for alpha
 * a = A / 255, each colour channel becomes (a·C + (1 − a)·B) / 127.5 − 1 (the "over" operator of Porter & Duff 1984
 * with straight, not premultiplied, alpha).
 *
 * @param image - the picture.
 * @param background - the background B as bytes 0 … 255; black `[0, 0, 0]` multiplies each colour by its alpha.
 * @returns `width · height · 3` values, row by row.
 */
export function compositeOnBackground(image: RgbaImage, background: Rgb): Float32Array {
  const pixels = image.width * image.height;
  const out = new Float32Array(pixels * 3);
  const { data } = image;
  for (let p = 0; p < pixels; p++) {
    const a = data[4 * p + 3]! / 255;
    for (let c = 0; c < 3; c++) out[3 * p + c] = (a * data[4 * p + c]! + (1 - a) * background[c]!) / 127.5 - 1;
  }
  return out;
}
