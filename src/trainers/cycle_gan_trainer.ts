import type * as tf from '@tensorflow/tfjs-core';
import { CycleGan, type CycleGanModels, type CycleGanOptions, type TranslationDirection } from '../algorithms/cycle_gan.js';
import type { TranslateOptions } from '../algorithms/image_to_image.js';
import { GanTrainer } from '../training/gan_trainer.js';

/** Options of {@link CycleGanTrainer}: the algorithm's ({@link CycleGanOptions}) and the seed. */
export interface CycleGanTrainerOptions extends CycleGanOptions {
  /** Seed of every random draw (batch order, the image pools' swaps): the same seed, models and data give the same run. */
  readonly seed?: number;
}

/**
 * Trains a CycleGAN (Zhu et al. 2017, arXiv 1703.10593) on unpaired images: the generic training loop
 * ({@link GanTrainer}) running {@link CycleGan}. Each step updates G: A → B and F: B → A together on
 * w·(adversarial) + λ·(cycle consistency) + 0.5·λ·(identity), then D_A and D_B on real images and the image pools'
 * generated ones. Checkpoints (`CheckpointManager`) save the four networks, both optimizers and both pools, and
 * resume exactly.
 *
 * @example
 * ```ts
 * const trainer = new CycleGanTrainer({ generatorAB, generatorBA, discriminatorA, discriminatorB }, { seed: 1 });
 * const { a, b } = await loadMnistStrokeDomains();
 * await trainer.fit(unpaired({ a: a.images, b: b.images }), { steps: 2000, batchSize: 16 });
 * const thick = trainer.translate(thinDigits);              // G(x)
 * const back = trainer.translate(thick, 'b2a');             // F(G(x))
 * ```
 */
export class CycleGanTrainer extends GanTrainer<CycleGan> {
  /**
   * @param models - the four networks ({@link CycleGanModels}), or a {@link CycleGan} already made.
   * @param options - see {@link CycleGanTrainerOptions}; with an algorithm given, only `seed` is read.
   */
  constructor(models: CycleGanModels | CycleGan, options: CycleGanTrainerOptions = {}) {
    const algorithm = models instanceof CycleGan ? models : new CycleGan(models, options, 'CycleGanTrainer');
    super(algorithm, options.seed === undefined ? {} : { seed: options.seed }, 'CycleGanTrainer');
  }

  /** The four networks. */
  get models(): CycleGanModels {
    return this.algorithm.models;
  }

  /** G(x) for images of A (`'a2b'`, default) or F(y) for images of B (`'b2a'`); see {@link CycleGan.translate}. */
  translate(images: tf.Tensor, direction: TranslationDirection = 'a2b', options: TranslateOptions = {}): tf.Tensor {
    return this.algorithm.translate(images, direction, options);
  }

  /** F(G(x)) (`'a2b'`) or G(F(y)) (`'b2a'`); see {@link CycleGan.reconstruct}. */
  reconstruct(images: tf.Tensor, direction: TranslationDirection = 'a2b', options: TranslateOptions = {}): tf.Tensor {
    return this.algorithm.reconstruct(images, direction, options);
  }
}
