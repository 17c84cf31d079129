import type * as tf from '@tensorflow/tfjs-core';
import type { TranslateOptions } from '../algorithms/image_to_image.js';
import { Srgan, type SrganModels, type SrganOptions, type SrganStage } from '../algorithms/srgan.js';
import { GanTrainer } from '../training/gan_trainer.js';

/** Options of {@link SrganTrainer}: the algorithm's ({@link SrganOptions}) and the seed. */
export interface SrganTrainerOptions extends SrganOptions {
  /** Seed of the batch order: the same seed, models and data give the same run. */
  readonly seed?: number;
}

/**
 * Trains SRGAN (Ledig et al. 2017, arXiv 1609.04802) on pairs `{ a: low-resolution, b: high-resolution }`: the
 * generic training loop ({@link GanTrainer}) running {@link Srgan} — `pretrainSteps` steps on the content loss alone,
 * then content + 10⁻³·adversarial with D trained alongside. The stage is saved with checkpoints.
 *
 * @example
 * ```ts
 * const trainer = new SrganTrainer({ generator, discriminator }, { pretrainSteps: 1000, seed: 1 });
 * const { a: small, b: digits } = await loadMnistSuperResolutionPairs();
 * await trainer.fit({ a: small, b: digits }, { steps: 2000, batchSize: 16 });
 * const large = trainer.upscale(heldOutSmall);
 * ```
 */
export class SrganTrainer extends GanTrainer<Srgan> {
  /**
   * @param models - G and D ({@link SrganModels}), or an {@link Srgan} already made.
   * @param options - see {@link SrganTrainerOptions}; with an algorithm given, only `seed` is read.
   */
  constructor(models: SrganModels | Srgan, options: SrganTrainerOptions = {}) {
    const algorithm = models instanceof Srgan ? models : new Srgan(models, options, 'SrganTrainer');
    super(algorithm, options.seed === undefined ? {} : { seed: options.seed }, 'SrganTrainer');
  }

  /** G and D. */
  get models(): SrganModels {
    return this.algorithm.models;
  }

  /** The current stage: `'pretrain'` or `'adversarial'`. */
  get stage(): SrganStage {
    return this.algorithm.stage;
  }

  /** G(x): the images up-sampled; see {@link Srgan.upscale}. */
  upscale(images: tf.Tensor, options: TranslateOptions = {}): tf.Tensor {
    return this.algorithm.upscale(images, options);
  }
}
