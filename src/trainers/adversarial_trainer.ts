import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanModels } from '../architectures/gan_models.js';
import type { GanLoss } from '../losses/gan_loss.js';
import type { Regularizer } from '../regularizers/regularizer.js';
import { UnconditionalGan, type UnconditionalGanOptions } from '../algorithms/unconditional_gan.js';
import { GanTrainer } from '../training/gan_trainer.js';
import type { GeneratorEma } from './generator_ema.js';

/** Options of {@link AdversarialTrainer}: the algorithm's ({@link UnconditionalGanOptions}) and the seed. */
export interface AdversarialTrainerOptions extends UnconditionalGanOptions {
  /**
   * Seed of every random draw the trainer makes (latent vectors, batch order, penalty draws): the same seed, models
   * and data give the same run. Default: a random seed, readable afterwards as `trainer.seed`.
   */
  readonly seed?: number;
}

/**
 * Trains any generator/discriminator pair with any {@link GanLoss}: the generic training loop ({@link GanTrainer})
 * running {@link UnconditionalGan}, the minibatch stochastic gradient algorithm of Goodfellow et al. 2014 (arXiv
 * 1406.2661, Algorithm 1). Each step:
 *
 * 1. update D, k times: on a real batch x and a generated batch G(z) (not back-propagated into G), minimize
 *    L_D(D(x), D(G(z))) + Σ λ·penalty;
 * 2. update G once: on fresh latents z, minimize L_G(D(G(z))).
 *
 * Both networks run in training mode during the step (BatchNorm uses batch statistics and updates its moving
 * averages, spectral normalization advances its power iteration). All random draws come from one seeded stream.
 * The algorithm's fields (`generator`, `discriminator`, `loss`, optimizers, …) are readable on the trainer.
 *
 * @typeParam A - the algorithm: {@link UnconditionalGan}, or a subclass of it (`ConditionalGan`, a user's variant).
 * @example
 * ```ts
 * const gan = new DCGAN({ imageShape: [28, 28, 1], latentDim: 100 });
 * const trainer = new AdversarialTrainer(gan, { loss: nonSaturatingLoss(), discriminatorSteps: 1, seed: 42 });
 * const history = await trainer.fit(images, { steps: 2000, batchSize: 64 });
 * const samples = trainer.sample(16);
 * ```
 */
export class AdversarialTrainer<A extends UnconditionalGan = UnconditionalGan> extends GanTrainer<A> {
  /**
   * @param models - any `{ generator, discriminator, latentDim }` (a builder's output or hand-made models), or an
   *   {@link UnconditionalGan} (or subclass) already made.
   * @param options - see {@link AdversarialTrainerOptions}; with an algorithm given, only `seed` is read.
   */
  constructor(models: GanModels | A, options: AdversarialTrainerOptions = {}) {
    const algorithm = models instanceof UnconditionalGan ? models : new UnconditionalGan(models, options);
    super(algorithm as A, options.seed === undefined ? {} : { seed: options.seed }, algorithm.label);
  }

  /** G, trained in place. */
  get generator(): tfl.LayersModel {
    return this.algorithm.generator;
  }

  /** D (the critic), trained in place; returns logits. */
  get discriminator(): tfl.LayersModel {
    return this.algorithm.discriminator;
  }

  /** The size of the latent vector z. */
  get latentDim(): number {
    return this.algorithm.latentDim;
  }

  /** The objective. */
  get loss(): GanLoss {
    return this.algorithm.loss;
  }

  /** The generator's optimizer. */
  get generatorOptimizer(): tf.Optimizer {
    return this.algorithm.generatorOptimizer;
  }

  /** The discriminator's optimizer. */
  get discriminatorOptimizer(): tf.Optimizer {
    return this.algorithm.discriminatorOptimizer;
  }

  /** k, discriminator updates per generator update. */
  get discriminatorSteps(): number {
    return this.algorithm.discriminatorSteps;
  }

  /** Penalties added to the discriminator's (or, for generator regularizers, the generator's) loss. */
  override get regularizers(): readonly Regularizer[] {
    return this.algorithm.regularizers;
  }

  /** The WGAN clipping bound c, or `undefined` for none. */
  get weightClip(): number | undefined {
    return this.algorithm.weightClip;
  }

  /** The moving average of the generator's weights, when the option `ema` is set. */
  get generatorEma(): GeneratorEma | undefined {
    return this.algorithm.generatorEma;
  }

  /** Whether the discriminator step runs D once on [x; x̃] (see {@link UnconditionalGanOptions.discriminatorBatches}). */
  get jointDiscriminatorBatches(): boolean {
    return this.algorithm.jointDiscriminatorBatches;
  }

  /**
   * Latent vectors z ~ N(0, I) `[n, latentDim]`, from `seed` when given (repeatable), else from the trainer's stream;
   * with `truncation` (a number > 0), BigGAN's truncated latents: every component outside [−truncation, truncation]
   * drawn again (`truncatedLatents`).
   */
  sampleLatents(n: number, seed?: number, truncation?: number): tf.Tensor2D {
    return this.algorithm.sampleLatents(n, seed, this.random, truncation);
  }
}
