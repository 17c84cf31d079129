import type * as tf from '@tensorflow/tfjs-core';

import { writePng } from './png.js';
import { createRgbaImage, type RgbaImage } from './raster.js';

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** Images per row, a positive integer. Default ⌈√n⌉. */
  readonly columns?: number;
  /** Black pixels between images and around the grid, an integer ≥ 0. Default 2. */
  readonly padding?: number;
  /** Each image pixel becomes a `scale × scale` block (nearest neighbour), a positive integer. Default 1. */
  readonly scale?: number;
}

/**
 * Tiles a batch of images into one picture, row by row, like torchvision's `make_grid`: values v ∈ [−1, 1] become
 * bytes round((v + 1) · 127.5) (values outside are clipped); grey images (1 channel) are drawn grey.
 *
 * @param images - shape `[n, height, width, channels]` with channels 1 or 3, values in [−1, 1]. Not disposed.
 * @example
 * ```ts
 * const grid = await imageGrid(generator.predict(fixedNoise) as tf.Tensor4D, { columns: 8 });
 * await writePng('samples.png', grid);
 * ```
 */
export async function imageGrid(images: tf.Tensor4D, options: ImageGridOptions = {}): Promise<RgbaImage> {
  if (images.rank !== 4 || images.shape[0] < 1 || (images.shape[3] !== 1 && images.shape[3] !== 3)) {
    throw new Error(`imageGrid: images must have shape [n ≥ 1, height, width, 1 or 3], got [${images.shape.join(', ')}].`);
  }
  const [n, h, w, channels] = images.shape;
  const { columns = Math.ceil(Math.sqrt(n)), padding = 2, scale = 1 } = options;
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`imageGrid: columns must be a positive integer, got ${columns}.`);
  if (!Number.isInteger(padding) || padding < 0) throw new Error(`imageGrid: padding must be an integer ≥ 0, got ${padding}.`);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`imageGrid: scale must be a positive integer, got ${scale}.`);
  const rows = Math.ceil(n / columns);
  const cellW = w * scale + padding;
  const cellH = h * scale + padding;
  const grid = createRgbaImage(columns * cellW + padding, rows * cellH + padding, [0, 0, 0]);
  const values = await images.data();
  for (let i = 0; i < n; i++) {
    const left = padding + (i % columns) * cellW;
    const top = padding + Math.floor(i / columns) * cellH;
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const source = ((i * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * channels;
        const target = 4 * ((top + y) * grid.width + left + x);
        for (let c = 0; c < 3; c++) {
          const v = values[source + (channels === 1 ? 0 : c)]!;
          grid.data[target + c] = Math.round((Math.min(1, Math.max(-1, v)) + 1) * 127.5);
        }
      }
    }
  }
  return grid;
}

/**
 * Writes {@link imageGrid} of `images` to a PNG file (Node only), creating the folder when missing.
 *
 * @example
 * ```ts
 * await writeImageGrid('run/samples-1000.png', samples, { columns: 8 });
 * ```
 */
export async function writeImageGrid(path: string, images: tf.Tensor4D, options: ImageGridOptions = {}): Promise<void> {
  await writePng(path, await imageGrid(images, options));
}
