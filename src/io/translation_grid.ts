import * as tf from '@tensorflow/tfjs-core';
import { imageGrid, type ImageGridOptions } from './image_grid.js';
import type { RgbaImage } from './raster.js';
import { writePng } from './png.js';

/** Options of {@link translationGrid}. */
export interface TranslationGridOptions {
  /** Examples per row of the picture, a positive integer. Default 4. */
  readonly examplesPerRow?: number;
  /** Each pixel of the largest images becomes a `scale × scale` block. Default 2. */
  readonly scale?: ImageGridOptions['scale'];
  /** A line of text above the picture (`step 1200`), as {@link ImageGridOptions.label}. Default: none. */
  readonly label?: string;
}

/**
 * A picture of translations: each example's images side by side — input → output (→ reconstruction for CycleGAN; →
 * target for paired data) — and `examplesPerRow` examples per row. Images smaller than the largest (a
 * super-resolution input) are enlarged by nearest neighbour to its size, so their pixels show.
 *
 * @param stages - one batch per stage, `[n, h_k, w_k, c]` (1 or 3 channels, values in [−1, 1]), the same n and c in
 *   each; row i of each stage is example i. Not disposed.
 * @param options - see {@link TranslationGridOptions}.
 * @example
 * ```ts
 * const output = trainer.translate(inputs);
 * await writePng('translations.png', await translationGrid([inputs, output, trainer.translate(output, 'b2a')]));
 * ```
 */
export async function translationGrid(stages: readonly tf.Tensor4D[], options: TranslationGridOptions = {}): Promise<RgbaImage> {
  if (!Array.isArray(stages) || stages.length === 0 || !stages.every((s) => s instanceof tf.Tensor && s.rank === 4)) {
    throw new Error('translationGrid: stages must be a non-empty array of image batches [n, height, width, channels].');
  }
  const [n, , , channels] = stages[0]!.shape;
  for (const [k, s] of stages.entries()) {
    if (s.shape[0] !== n || s.shape[3] !== channels) {
      throw new Error(`translationGrid: every stage must hold ${n} images of ${channels} channel(s), like the first; stage ${k} is [${s.shape.join(', ')}].`);
    }
  }
  const examplesPerRow = options.examplesPerRow ?? 4;
  if (!Number.isInteger(examplesPerRow) || examplesPerRow < 1) throw new Error(`translationGrid: examplesPerRow must be a positive integer, got ${examplesPerRow}.`);
  const height = Math.max(...stages.map((s) => s.shape[1]));
  const width = Math.max(...stages.map((s) => s.shape[2]));
  const interleaved = tf.tidy(() => {
    const sized = stages.map((s) => (s.shape[1] === height && s.shape[2] === width ? s : tf.image.resizeNearestNeighbor(s, [height, width])));
    // [n, stages, h, w, c] → rows of the grid: example 0's stages, example 1's, …
    return tf.reshape(tf.stack(sized, 1), [n * stages.length, height, width, channels]) as tf.Tensor4D;
  });
  try {
    return await imageGrid(interleaved, {
      columns: Math.min(n, examplesPerRow) * stages.length, scale: options.scale ?? 2, ...(options.label === undefined ? {} : { label: options.label }),
    });
  } finally {
    interleaved.dispose();
  }
}

/** Writes {@link translationGrid} of `stages` to a PNG file (Node only), creating the folder when missing. */
export async function writeTranslationGrid(path: string, stages: readonly tf.Tensor4D[], options: TranslationGridOptions = {}): Promise<void> {
  await writePng(path, await translationGrid(stages, options));
}
