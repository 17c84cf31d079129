import type * as tf from '@tensorflow/tfjs-core';
import type { GanModels } from '../architectures/gan_models.js';
import { ConditionalGan, type ConditionalGanOptions } from '../algorithms/conditional_gan.js';
import { AdversarialTrainer } from './adversarial_trainer.js';

/** Options of {@link ConditionalTrainer}: the algorithm's ({@link ConditionalGanOptions}) and the seed. */
export interface ConditionalTrainerOptions extends ConditionalGanOptions {
  /** Seed of every random draw the trainer makes (see `AdversarialTrainerOptions.seed`). */
  readonly seed?: number;
}

/**
 * `count` labels cycling through `classes` in order: cycleLabels(5, [1, 4, 7]) = [1, 4, 7, 1, 4]. For asking a
 * conditional generator for a balanced set of given classes (`gan-kit sample --labels 1,4,7`).
 *
 * @param count - how many labels, an integer ≥ 1.
 * @param classes - the classes, a non-empty array of integers ≥ 0.
 */
export function cycleLabels(count: number, classes: readonly number[]): number[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`cycleLabels: count must be an integer ≥ 1, saw ${String(count)}.`);
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => Number.isInteger(c) && c >= 0)) {
    throw new Error(`cycleLabels: classes must be a non-empty array of integers ≥ 0, saw ${JSON.stringify(classes)}.`);
  }
  return Array.from({ length: count }, (_, i) => classes[i % classes.length]!);
}

/**
 * Trains a class-conditional GAN (CGAN, Mirza & Osindero 2014, arXiv:1411.1784) with any `GanLoss` and any
 * regularizers: the generic training loop running {@link ConditionalGan}. Each step
 *
 * 1. updates D, k times, on real pairs (x, y) from the data and generated pairs (G(z, y'), y') with y' drawn
 *    uniformly over the classes: minimize L_D(D(x, y), D(G(z, y'), y')) [+ λ·(L_C(x, y) + L_C(G(z, y'), y')) for an
 *    AC-GAN discriminator] + Σ λ_r·penalty_r (penalties differentiate x ↦ D(x, y));
 * 2. updates G once on fresh z and y': minimize L_G(D(G(z, y'), y')) [+ λ·L_C(G(z, y'), y')].
 *
 * The models are those of the builders' `conditioning` option or any pair of the same form: G `[z, labels] → x`,
 * D `[x, labels] → logits [batch, 1]`, or D `x → [logits, class logits [batch, K]]` (AC-GAN, Odena et al. 2017,
 * arXiv:1610.09585). Labels are int32 `[batch, 1]`. The data are `{ samples, labels }` (see `LabelledData`).
 * Checkpoints, exact resume, the EMA generator and the non-finite guard work as for every trainer.
 *
 * @example
 * ```ts
 * const gan = new DCGAN({ imageShape: [28, 28, 1], conditioning: { classes: 10, discriminator: 'projection', generator: 'conditional-batchnorm' } });
 * const trainer = new ConditionalTrainer(gan, { seed: 1, regularizers: [r1Regularizer({ weight: 1 })] });
 * const { images, labels } = await loadMnist();
 * await trainer.fit({ samples: images, labels }, { steps: 3000, batchSize: 64 });
 * const sevens = trainer.sample(16, { labels: 7 });
 * ```
 */
export class ConditionalTrainer extends AdversarialTrainer<ConditionalGan> {
  /**
   * @param models - `{ generator, discriminator, latentDim, classes }`, e.g. a builder built with `conditioning`.
   * @param options - see {@link ConditionalTrainerOptions}.
   */
  constructor(models: GanModels & { readonly classes?: number | undefined }, options: ConditionalTrainerOptions = {}) {
    super(new ConditionalGan(models, options), options);
  }

  /** The number of classes K. */
  get classes(): number {
    return this.algorithm.classes;
  }

  /** λ of the AC-GAN class loss. */
  get classLossWeight(): number {
    return this.algorithm.classLossWeight;
  }

  /** Whether D's class head learns from generated samples too (see {@link ConditionalGanOptions.classLossOnGenerated}). */
  get classLossOnGenerated(): boolean {
    return this.algorithm.classLossOnGenerated;
  }

  /** Uniform random classes `[n, 1]` int32, from `seed` when given (repeatable), else from the trainer's stream. */
  sampleLabels(n: number, seed?: number): tf.Tensor2D {
    return this.algorithm.sampleLabels(n, seed, this.random);
  }
}
