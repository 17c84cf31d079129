import type * as tf from '@tensorflow/tfjs-core';
import type { TranslateOptions } from '../algorithms/image_to_image.js';
import { Pix2Pix, type Pix2PixModels, type Pix2PixOptions } from '../algorithms/pix2pix.js';
import { GanTrainer } from '../training/gan_trainer.js';

/** Options of {@link Pix2PixTrainer}: the algorithm's ({@link Pix2PixOptions}) and the seed. */
export interface Pix2PixTrainerOptions extends Pix2PixOptions {
  /** Seed of the batch order: the same seed, models (their dropout seeds included) and data give the same run. */
  readonly seed?: number;
}

/**
 * Trains pix2pix (Isola et al. 2017, arXiv 1611.07004) on paired images `{ a: inputs, b: targets }`: the generic
 * training loop ({@link GanTrainer}) running {@link Pix2Pix}. Each step updates the conditional PatchGAN D on
 * (target, input) against (G(input), input), halved, then G on L_G + 100·L1.
 *
 * @example
 * ```ts
 * const trainer = new Pix2PixTrainer({ generator, discriminator }, { seed: 1 });
 * const { a: edges, b: digits } = await loadMnistEdgePairs();
 * await trainer.fit({ a: edges, b: digits }, { steps: 2000, batchSize: 16 });
 * const drawn = trainer.translate(heldOutEdges);
 * ```
 */
export class Pix2PixTrainer extends GanTrainer<Pix2Pix> {
  /**
   * @param models - G and D ({@link Pix2PixModels}), or a {@link Pix2Pix} already made.
   * @param options - see {@link Pix2PixTrainerOptions}; with an algorithm given, only `seed` is read.
   */
  constructor(models: Pix2PixModels | Pix2Pix, options: Pix2PixTrainerOptions = {}) {
    const algorithm = models instanceof Pix2Pix ? models : new Pix2Pix(models, options, 'Pix2PixTrainer');
    super(algorithm, options.seed === undefined ? {} : { seed: options.seed }, 'Pix2PixTrainer');
  }

  /** G and D. */
  get models(): Pix2PixModels {
    return this.algorithm.models;
  }

  /** G(x) for input images x; see {@link Pix2Pix.translate}. */
  translate(images: tf.Tensor, options: TranslateOptions = {}): tf.Tensor {
    return this.algorithm.translate(images, options);
  }
}
