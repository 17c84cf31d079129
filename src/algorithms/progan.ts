import * as tf from '@tensorflow/tfjs-core';
import { ProGAN, growProGAN } from '../architectures/progan.js';
import { upsample2x } from '../layers/resample_2d.js';
import type { GanLoss } from '../losses/gan_loss.js';
import { adam } from '../optimizers/optimizers.js';
import type { Regularizer } from '../regularizers/regularizer.js';
import type { Batch, DataSource, SampleShape } from '../training/data_source.js';
import type { PrepareOptions, StepContext } from '../training/gan_algorithm.js';
import type { JsonObject, JsonValue } from '../training/json.js';
import { proGanSchedule } from './progan_schedule.js';
import type { SeededRandom } from '../utils/random.js';
import { UnconditionalGan, type GanStepScalars, type RealBatch, type SampleOptions } from './unconditional_gan.js';

/** Options of {@link ProGanAlgorithm}. */
export interface ProGanAlgorithmOptions {
  /** The last resolution, the side of the training images: a power of two ≥ the first stage's. */
  readonly finalResolution: number;
  /** N, the images of each fade-in and of each stabilization phase; an integer ≥ 1. The paper uses 800,000. */
  readonly imagesPerPhase: number;
  /** The objective. Default the non-saturating loss (the paper used WGAN-GP; pass `wassersteinLoss()` and a gradient-penalty regularizer for it). */
  readonly loss?: GanLoss;
  /** Penalties on D (WGAN-GP, R1, …). Default none. */
  readonly regularizers?: readonly Regularizer[];
  /** The learning rate of both Adam optimizers; > 0. Default 0.001 (the paper's). */
  readonly learningRate?: number;
}

/**
 * Progressive growing of GANs (Karras et al. 2018, "Progressive Growing of GANs for Improved Quality, Stability, and
 * Variation", arXiv 1710.10196) on gan-kit's training loop: training starts with a small {@link ProGAN} stage (4×4)
 * and follows {@link proGanSchedule}: at each growth the networks become {@link growProGAN}'s next stage (the shared
 * layers' weights copied) and both optimizers start afresh — Adam(lr, β₁ = 0, β₂ = 0.99), the paper's settings and
 * its reset of the optimizer state at each growth; during a fade-in α rises linearly over N images in both networks.
 * Real images are shown at the current resolution: average-pooled from the data's, and during a fade-in blended as
 * the networks are, x = α·down(x) + (1 − α)·up(down₂(x)) (the paper's §A.1). Each step is otherwise
 * {@link UnconditionalGan}'s.
 *
 * The stage is part of the algorithm's state, so a checkpoint taken after a growth restores into a trainer built from
 * the first stage (it grows to the saved resolution first). `sample` draws at the current resolution, up-sampled
 * (nearest neighbour) to the final one, so samples always have the data's shape. The networks
 * it grew are its own (released by `dispose`); the first stage stays the caller's.
 *
 * @example
 * ```ts
 * const first = new ProGAN({ resolution: 4, channels: 1, latentDim: 64, channelBase: 512, channelMax: 64, seed: 1 });
 * const trainer = new AdversarialTrainer(new ProGanAlgorithm(first, { finalResolution: 32, imagesPerPhase: 20000 }), { seed: 1 });
 * await trainer.fit(images32, { steps: 3000, batchSize: 32 });
 * ```
 */
export class ProGanAlgorithm extends UnconditionalGan {
  override readonly name: string = 'progan';
  /** The training images' shape `[R_final, R_final, channels]`. */
  override readonly sampleShape: SampleShape;
  /** The first stage's resolution R₀. */
  readonly startResolution: number;
  /** The last resolution. */
  readonly finalResolution: number;
  /** N, the images of each fade-in and stabilization phase. */
  readonly imagesPerPhase: number;
  private readonly learningRate: number;
  private currentStage: ProGAN;
  private readonly first: ProGAN;
  private batchSize: number | undefined;
  /** Tensors made for one step (the real images at the current resolution), released when it ends. */
  private readonly stepTensors: tf.Tensor[] = [];

  /**
   * @param gan - the first stage, a {@link ProGAN} without a fade-in (normally 4×4).
   * @param options - see {@link ProGanAlgorithmOptions}.
   * @param label - the trainer class named in error messages. Default `'AdversarialTrainer'`.
   * @throws Error naming the option when one is out of range.
   */
  constructor(gan: ProGAN, options: ProGanAlgorithmOptions, label = 'AdversarialTrainer') {
    if (!(gan instanceof ProGAN) || gan.fadeIn) throw new TypeError(`ProGanAlgorithm: gan must be a ProGAN stage without a fade-in (new ProGAN({ resolution: 4, … })), but got ${gan instanceof ProGAN ? 'a stage fading in' : String(gan)}.`);
    const { finalResolution, imagesPerPhase } = options ?? ({} as Partial<ProGanAlgorithmOptions>);
    if (!(Number.isInteger(finalResolution) && finalResolution! >= gan.resolution && Number.isInteger(Math.log2(finalResolution! / gan.resolution)))) {
      throw new RangeError(`ProGanAlgorithm: options.finalResolution must be the first stage's resolution ${gan.resolution} times a power of two, but got ${String(finalResolution)}.`);
    }
    if (!(Number.isInteger(imagesPerPhase) && imagesPerPhase! >= 1)) {
      throw new RangeError(`ProGanAlgorithm: options.imagesPerPhase must be an integer ≥ 1 (the paper uses 800000), but got ${String(imagesPerPhase)}.`);
    }
    const learningRate = options.learningRate ?? 0.001;
    if (!(Number.isFinite(learningRate) && learningRate > 0)) throw new RangeError(`ProGanAlgorithm: options.learningRate must be a number > 0, but got ${String(learningRate)}.`);
    super(gan, {
      ...(options.loss === undefined ? {} : { loss: options.loss }),
      ...(options.regularizers === undefined ? {} : { regularizers: options.regularizers }),
    }, label);
    this.startResolution = gan.resolution;
    this.finalResolution = finalResolution!;
    this.imagesPerPhase = imagesPerPhase!;
    this.learningRate = learningRate;
    this.sampleShape = [finalResolution!, finalResolution!, gan.options.channels];
    this.first = gan;
    this.currentStage = gan;
    this.useStage(gan);
  }

  /** The stage trained now. */
  get stage(): ProGAN {
    return this.currentStage;
  }

  /** The first stage, the caller's (the algorithm releases only the stages it grew). */
  get firstStage(): ProGAN {
    return this.first;
  }

  /** Remembers the batch size: the schedule counts images, generator steps × batch size. */
  override prepare(data: DataSource, options: PrepareOptions): void {
    super.prepare(data, options);
    this.batchSize = options.batchSize;
  }

  /** Grows and sets α as the schedule says for this step's images, then runs {@link UnconditionalGan}'s step. */
  override trainStep(batches: readonly Batch[], context: StepContext): GanStepScalars {
    const batchSize = this.batchSize ?? this.samplesOf(batches[0]!).shape[0] ?? 1;
    const { resolution, alpha } = proGanSchedule(context.step * batchSize, this.imagesPerPhase, this.startResolution, this.finalResolution);
    while (this.currentStage.resolution < resolution) this.grow();
    if (this.currentStage.fadeIn) this.currentStage.alpha = alpha;
    try {
      return super.trainStep(batches, context);
    } finally {
      tf.dispose(this.stepTensors.splice(0));
    }
  }

  /** The real images at the current resolution, faded between the two top resolutions as the networks are. */
  protected override realBatch(batch: Batch): RealBatch {
    const x = this.samplesOf(batch) as tf.Tensor4D;
    const factor = (x.shape[1] ?? this.currentStage.resolution) / this.currentStage.resolution;
    if (factor === 1 && !this.currentStage.fadeIn) return { x, c: undefined };
    const alpha = this.currentStage.alpha;
    const shown = tf.tidy(() => {
      const down = factor === 1 ? x : tf.avgPool(x, factor, factor, 'valid');
      if (!this.currentStage.fadeIn || alpha === 1) return down;
      const coarse = upsample2x(tf.avgPool(x, 2 * factor, 2 * factor, 'valid'), 'box');
      return tf.add(tf.mul(down, alpha), tf.mul(coarse, 1 - alpha));
    });
    if (shown !== x) this.stepTensors.push(shown);
    return { x: shown, c: undefined };
  }

  /** Draws `n` images at the current resolution (see {@link UnconditionalGan.sample}), up-sampled (nearest) to the final one. */
  override sample(n: number, options: SampleOptions = {}, random?: SeededRandom): tf.Tensor {
    const images = super.sample(n, options, random) as tf.Tensor4D;
    if (this.currentStage.resolution === this.finalResolution) return images;
    const side = this.finalResolution;
    const full = tf.image.resizeNearestNeighbor(images, [side, side]);
    images.dispose();
    return full;
  }

  /** The settings of every GAN and the schedule's. */
  override configuration(): JsonObject {
    return { ...super.configuration(), startResolution: this.startResolution, finalResolution: this.finalResolution, imagesPerPhase: this.imagesPerPhase };
  }

  /** The current resolution (the networks' weights and α are saved with the networks). */
  override state(): JsonValue {
    return { resolution: this.currentStage.resolution };
  }

  /** Grows to the saved resolution, so that the saved networks' weights fit. */
  override restoreState(state: JsonValue): void {
    const resolution = (state as { resolution?: unknown } | null)?.resolution;
    if (typeof resolution !== 'number' || resolution < this.currentStage.resolution || resolution > this.finalResolution) {
      throw new Error(`${this.label}.restore: the snapshot's ProGAN stage is ${JSON.stringify(resolution)}, but this trainer is at ${this.currentStage.resolution} growing to ${this.finalResolution}; restore into a trainer built from the run's first stage.`);
    }
    while (this.currentStage.resolution < resolution) this.grow();
  }

  /** Releases the networks and optimizers it made (the first stage stays the caller's). */
  override dispose(): void {
    super.dispose();
    if (this.currentStage !== this.first) {
      this.currentStage.generator.dispose();
      this.currentStage.discriminator.dispose();
    }
  }

  /** The next stage: growProGAN's networks and fresh optimizers (the paper resets Adam's state at each growth). */
  private grow(): void {
    const previous = this.currentStage;
    const next = growProGAN(previous);
    this.useStage(next);
    this.currentStage = next;
    if (previous !== this.first) {
      previous.generator.dispose();
      previous.discriminator.dispose();
    }
  }

  private useStage(stage: ProGAN): void {
    this.replaceNetworks({
      generator: stage.generator,
      discriminator: stage.discriminator,
      generatorOptimizer: adam(this.learningRate, 0, 0.99),
      discriminatorOptimizer: adam(this.learningRate, 0, 0.99),
      generatorEma: undefined,
    });
  }
}
