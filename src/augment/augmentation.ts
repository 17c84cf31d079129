import * as tf from '@tensorflow/tfjs-core';
import type { SeededRandom } from '../utils/random.js';

/** What an {@link Augmentation} needs besides the images. */
export interface AugmentationContext {
  /**
   * The probability p with which each sample gets each of the augmentation's transformations (independently per
   * sample and per transformation); a number in [0, 1]. At p = 0 the output equals the input.
   */
  readonly p: number;
  /**
   * The stream the transformations' parameters are drawn from (e.g. the trainer's, so a checkpoint holds it). The
   * number of draws per call depends on the batch size only, not on p, so changing p never shifts later draws.
   */
  readonly random: SeededRandom;
}

/**
 * A differentiable augmentation of image batches, applied to real and generated images alike before the
 * discriminator (Zhao et al. 2020, DiffAugment, arXiv:2006.10738; Karras et al. 2020, ADA, arXiv:2006.06676): every
 * transformation is a fixed linear (or affine) map of the pixels once its random parameters are drawn, so the
 * generator receives gradients through it. Write your own by implementing this interface.
 */
export interface Augmentation {
  /** A short name for logs and checkpoints, e.g. `'diffaugment'` or `'ada'`. */
  readonly name: string;
  /**
   * Augments a batch.
   *
   * @param images - `[batch, height, width, channels]` (NHWC), usually in [−1, 1].
   * @param context - the probability p and the random stream; see {@link AugmentationContext}.
   * @returns a new tensor of the same shape (the caller disposes it); gradients flow to `images`.
   */
  apply(images: tf.Tensor4D, context: AugmentationContext): tf.Tensor4D;
}

/** Throws unless `images` is a rank-4 tensor and `context` holds p in [0, 1] and a random stream; `where` names the caller. */
export function checkAugmentationCall(images: unknown, context: unknown, where: string): void {
  if (!(images instanceof tf.Tensor) || images.rank !== 4) {
    const seen = images instanceof tf.Tensor ? `[${images.shape.join(', ')}]` : String(images);
    throw new Error(`${where}: images must be a tensor [batch, height, width, channels], but got ${seen}.`);
  }
  const { p, random } = (context ?? {}) as Partial<AugmentationContext>;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new Error(`${where}: context.p must be a number in [0, 1], but got ${String(p)}.`);
  }
  if (typeof random?.uniform !== 'function' || typeof random.normal !== 'function') {
    throw new Error(`${where}: context.random must be a SeededRandom (e.g. new SeededRandom(seed) or the trainer's stream).`);
  }
}

/** For each of `batch` samples, whether it gets a transformation: a uniform draw below p. One draw per sample, whatever p is. */
export function selectSamples(batch: number, { p, random }: AugmentationContext): boolean[] {
  return Array.from({ length: batch }, () => random.uniform() < p);
}

/**
 * Per-sample parameters of one transformation: for each of `batch` samples a value drawn by `draw`, then replaced by
 * `identity` for the samples {@link selectSamples} does not select. All draws are made whatever p is.
 */
export function drawPerSample(batch: number, context: AugmentationContext, identity: number, draw: () => number): Float32Array {
  const values = Float32Array.from({ length: batch }, draw);
  selectSamples(batch, context).forEach((selected, n) => {
    if (!selected) values[n] = identity;
  });
  return values;
}

/** The result of an augmentation: `x` itself when no transformation changed it is replaced by a copy, so the caller always owns a new tensor. */
export function fresh(x: tf.Tensor4D, images: tf.Tensor4D): tf.Tensor4D {
  return x === images ? tf.clone(images) : x;
}
