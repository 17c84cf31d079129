import { commonJsExports, importOptionalPackage } from './optional_package.js';
import type { RgbaImage } from './raster.js';
import { writeBinaryFile } from './binary_files.js';

/** Options of {@link encodeGif}. */
export interface GifOptions {
  /** How long each frame is shown, in milliseconds (GIF stores hundredths of a second). Default 200. */
  readonly delayMs?: number;
  /** Whether the animation loops forever (true, default) or plays once. */
  readonly loop?: boolean;
}

/**
 * Encodes pictures of equal size as an animated GIF (GIF89a) with the package `gifenc` (imported on first use): each
 * frame gets its own palette of at most 256 colours (gifenc's pairwise-nearest-neighbour quantizer, colours first
 * reduced to RGB565), without dithering. Made for the evolution of fixed-noise samples over training.
 *
 * @param frames - one or more pictures, all of the first one's width and height.
 * @example
 * ```ts
 * const frames: RgbaImage[] = [];
 * // every few hundred steps: frames.push(await imageGrid(generator.predict(fixedNoise) as tf.Tensor4D));
 * await writeGif('run/progress.gif', frames, { delayMs: 250 });
 * ```
 */
export async function encodeGif(frames: readonly RgbaImage[], options: GifOptions = {}): Promise<Uint8Array> {
  const { delayMs = 200, loop = true } = options;
  const first = frames[0];
  if (first === undefined) throw new Error('encodeGif: frames is empty; pass at least one picture.');
  frames.forEach((frame, i) => {
    if (frame.width !== first.width || frame.height !== first.height) {
      throw new Error(`encodeGif: every frame must be ${first.width} × ${first.height} like frames[0]; frames[${i}] is ${frame.width} × ${frame.height}.`);
    }
  });
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new Error(`encodeGif: delayMs must be a finite number ≥ 0, got ${delayMs}.`);
  const { GIFEncoder, quantize, applyPalette } = commonJsExports(
    await importOptionalPackage<typeof import('gifenc')>('gifenc', 'encodeGif'),
    'GIFEncoder',
  );
  const gif = GIFEncoder();
  for (const frame of frames) {
    const palette = quantize(frame.data, 256);
    gif.writeFrame(applyPalette(frame.data, palette), frame.width, frame.height, { palette, delay: delayMs, repeat: loop ? 0 : -1 });
  }
  gif.finish();
  return gif.bytes();
}

/** Writes {@link encodeGif} of `frames` to a file (Node only), creating the folder when missing. */
export async function writeGif(path: string, frames: readonly RgbaImage[], options: GifOptions = {}): Promise<void> {
  await writeBinaryFile(path, await encodeGif(frames, options));
}
