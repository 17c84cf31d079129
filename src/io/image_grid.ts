import type * as tf from '@tensorflow/tfjs-core';

import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap_font.js';
import { writePng } from './png.js';
import { createRgbaImage, type RgbaImage } from './raster.js';

/** Pixels above and below a caption. */
const LABEL_MARGIN = 4;

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** Images per row, a positive integer. Default ⌈√n⌉. */
  readonly columns?: number;
  /** Black pixels between images and around the grid, an integer ≥ 0. Default 2. */
  readonly padding?: number;
  /**
   * Each image pixel becomes a `scale × scale` block (nearest neighbour), a positive integer. Default: 1, or the
   * smallest scale at which an image's longer side reaches `minCellSize`.
   */
  readonly scale?: number;
  /**
   * The fewest pixels an image is drawn with on its longer side, when `scale` is not given, so that small images stay
   * legible (`minCellSize: 64` draws 28 × 28 digits at scale 3). An integer ≥ 0; default 0.
   */
  readonly minCellSize?: number;
  /** A caption in a strip below the grid, white on black, such as the training step (`step 1200`). Default none. */
  readonly label?: string;
}

/**
 * Tiles a batch of images into one picture, row by row, like torchvision's `make_grid`: values v ∈ [−1, 1] become
 * bytes round((v + 1) · 127.5) (values outside are clipped); grey images (1 channel) are drawn grey. An optional
 * caption (`label`) goes in a strip below the tiles.
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
  const { columns = Math.ceil(Math.sqrt(n)), padding = 2, minCellSize = 0, label } = options;
  if (!Number.isInteger(minCellSize) || minCellSize < 0) throw new Error(`imageGrid: minCellSize must be an integer ≥ 0, got ${minCellSize}.`);
  const scale = options.scale ?? Math.max(1, Math.ceil(minCellSize / Math.max(h, w)));
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`imageGrid: columns must be a positive integer, got ${columns}.`);
  if (!Number.isInteger(padding) || padding < 0) throw new Error(`imageGrid: padding must be an integer ≥ 0, got ${padding}.`);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`imageGrid: scale must be a positive integer, got ${scale}.`);
  const rows = Math.ceil(n / columns);
  const cellW = w * scale + padding;
  const cellH = h * scale + padding;
  const width = columns * cellW + padding;
  const textScale = label !== undefined && textWidth(label, 2) + 8 <= width ? 2 : 1;
  const tilesHeight = rows * cellH + padding;
  const grid = createRgbaImage(width, tilesHeight + (label === undefined ? 0 : GLYPH_HEIGHT * textScale + 2 * LABEL_MARGIN), [0, 0, 0]);
  if (label !== undefined) {
    drawText(grid, label, Math.max(LABEL_MARGIN, Math.round((width - textWidth(label, textScale)) / 2)), tilesHeight + LABEL_MARGIN, [255, 255, 255], textScale);
  }
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
