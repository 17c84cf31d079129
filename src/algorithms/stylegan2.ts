import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { styleGan2Parts, type StyleGAN2Parts } from '../architectures/stylegan2.js';
import type { AugmentOptions } from '../augment/discriminator_augmentation.js';
import { mixStyles, styleGan2Sample, type StyleGAN2Noise } from '../latent/stylegan2_sampling.js';
import type { GanLoss } from '../losses/gan_loss.js';
import { nonSaturatingLoss } from '../losses/non_saturating.js';
import { adam } from '../optimizers/optimizers.js';
import { pathLengthRegularizer } from '../regularizers/path_length.js';
import { r1Regularizer } from '../regularizers/r1.js';
import type { Regularizer } from '../regularizers/regularizer.js';
import type { GeneratorEmaOptions } from '../trainers/generator_ema.js';
import type { JsonObject } from '../training/json.js';
import type { SeededRandom } from '../utils/random.js';
import { UnconditionalGan, type SampleOptions, type TrainingGeneration } from './unconditional_gan.js';

/** Options of {@link StyleGan2Algorithm}. Every field is optional; the defaults are StyleGAN2's (arXiv 1912.04958). */
export interface StyleGan2AlgorithmOptions {
  /** The objective. Default the non-saturating loss, StyleGAN2's. */
  readonly loss?: GanLoss;
  /**
   * γ of the R1 penalty (γ/2)·E‖∇D(x)‖² on real images, applied lazily every `r1Every` steps; ≥ 0 (0: none).
   * Default 0.01, StyleGAN2-ADA's setting for 32×32 images (CIFAR-10; the paper's γ = 0.0002·R²/batch gives 0.0032).
   */
  readonly r1Gamma?: number;
  /** Steps between R1 evaluations (lazy regularization); an integer ≥ 1. Default 16. */
  readonly r1Every?: number;
  /** λ of the path-length penalty (see {@link pathLengthRegularizer}), applied every `pathLengthEvery` steps; ≥ 0 (0: none). Default 2. */
  readonly pathLengthWeight?: number;
  /** Steps between path-length evaluations; an integer ≥ 1. Default 4. */
  readonly pathLengthEvery?: number;
  /** The probability with which a training batch mixes the styles of two latents; in [0, 1]. Default 0.9. */
  readonly styleMixingProbability?: number;
  /** The generator EMA (sampling draws from it); `false` for none. Default `{ decay: 0.995 }` (a half-life of about 9,000 images at batch 64). */
  readonly ema?: GeneratorEmaOptions | false;
  /** The learning rate of both optimizers before the lazy-regularization correction; > 0. Default 0.0025 (StyleGAN2-ADA). */
  readonly learningRate?: number;
  /** The generator's optimizer. Default Adam(lr·c, β₁ = 0, β₂ = 0.99^c), c = 4/5 (lazy path length; the paper's Appendix B). */
  readonly generatorOptimizer?: tf.Optimizer;
  /** The discriminator's optimizer. Default Adam(lr·c, β₁ = 0, β₂ = 0.99^c), c = 16/17 (lazy R1). */
  readonly discriminatorOptimizer?: tf.Optimizer;
  /** Differentiable augmentation before D (DiffAugment, ADA); see {@link AugmentOptions}. Default none. */
  readonly augment?: AugmentOptions;
}

/** Options of {@link StyleGan2Algorithm.sample}: those of every GAN and StyleGAN's sampling controls. */
export interface StyleGan2SampleOptions extends SampleOptions {
  /** ψ of the truncation in W, w' = w̄ + ψ·(w − w̄), w̄ the tracked mean (1: none). Default 1. */
  readonly psi?: number;
  /** Truncate only the w's of the first layers (the coarse styles); an integer in [0, numWs]. Default all. */
  readonly truncationCutoff?: number;
  /** The noise inputs (see {@link StyleGAN2Noise}). Default `'const'`: each noise layer's fixed image, so samples repeat. */
  readonly noise?: StyleGAN2Noise;
  /**
   * Style mixing (StyleGAN §3.1): the synthesis layers from `crossover` on read the styles of these second latents
   * `[n, latentDim]` (truncated alike), the earlier (coarse) layers those of the first. Default none.
   */
  readonly mix?: {
    /** The second latents `[n, latentDim]`, one per sample. */
    readonly latents: tf.Tensor2D;
    /** The first synthesis layer that reads the second latents' styles; an integer in [0, numWs]. */
    readonly crossover: number;
  };
}

/** The lazy-regularization correction of Adam's settings for a regularizer applied every `every` steps (StyleGAN2, Appendix B). */
function lazyAdam(learningRate: number, every: number): tf.Optimizer {
  const c = every / (every + 1);
  return adam(learningRate * c, 0, 0.99 ** c);
}

function checkNumber(value: unknown, option: string, fallback: number, ok: (v: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && ok(value)) return value;
  throw new RangeError(`StyleGan2Algorithm: options.${option} must be ${rule}, but got ${String(value)}.`);
}

/**
 * StyleGAN2's training (Karras et al. 2020, "Analyzing and Improving the Image Quality of StyleGAN", arXiv
 * 1912.04958, and its reference implementation stylegan2-ada-pytorch) on gan-kit's training loop, for a
 * {@link StyleGAN2} (or any generator with its `mapping` and `synthesis` parts): each step
 *
 * 1. updates D on real images x and generated ones: minimize softplus(−D(x)) + softplus(D(G(z))), plus every 16
 *    steps 16 · (γ/2)·E‖∇ₓD(x)‖² (lazy R1);
 * 2. updates G: minimize softplus(−D(G(z))), plus every 4 steps 4 · 2 · E(‖J_wᵀy‖ − a)² (lazy path-length
 *    regularization on the synthesis network, a the running mean of the lengths);
 * 3. moves the generator EMA.
 *
 * In both updates a batch mixes styles with probability 0.9 (StyleGAN §3.1): w₁ = f(z₁) and w₂ = f(z₂) for a second
 * latent, the synthesis layers before a crossover drawn uniformly from 1 … numWs − 1 reading w₁, the others w₂. The
 * mapping network's tracked mean w̄ follows w₁ (not w₂, as in the reference code). The path lengths are those of the
 * reference code: ‖J_wᵀy‖ = sqrt(mean over the numWs styles of the squared norm of each style's gradient).
 *
 * Sampling ({@link StyleGan2Algorithm.sample}) draws from the EMA generator with ψ-truncation in W toward w̄ and the
 * noise layers' constant images. With the option `augment`, DiffAugment or ADA transforms every image D sees.
 * Run it with `new AdversarialTrainer(new StyleGan2Algorithm(gan))`; networks `generator`, `discriminator`,
 * `generator-ema`; optimizers `generator`, `discriminator`; regularizers `'r1'`, `'path-length'`.
 *
 * @example
 * ```ts
 * const gan = new StyleGAN2({ resolution: 32, channels: 1, latentDim: 64, mappingLayers: 2, channelBase: 512, channelMax: 64, seed: 1 });
 * const trainer = new AdversarialTrainer(new StyleGan2Algorithm(gan), { seed: 1 });
 * await trainer.fit(images32, { steps: 2000, batchSize: 32 });
 * const truncated = trainer.sample(16, { seed: 7, psi: 0.7 });
 * ```
 */
export class StyleGan2Algorithm extends UnconditionalGan {
  override readonly name: string = 'stylegan2';
  /** The generator's parts: mapping, synthesis, the tracked mean w̄, the noise layers. */
  readonly parts: StyleGAN2Parts;
  /** The probability of mixing two latents' styles in a training batch. */
  readonly styleMixingProbability: number;
  private readonly created: { readonly optimizers: tf.Optimizer[]; readonly regularizers: Regularizer[] };

  /**
   * @param gan - a {@link StyleGAN2}, or any `{ generator, discriminator, latentDim }` whose generator has StyleGAN2's
   *   `mapping` and `synthesis` parts (see {@link styleGan2Parts}).
   * @param options - see {@link StyleGan2AlgorithmOptions}.
   * @param label - the trainer class named in error messages. Default `'AdversarialTrainer'`.
   * @throws Error naming the option when one is out of range, or when the generator is not a StyleGAN2's.
   */
  constructor(
    gan: { readonly generator: tfl.LayersModel; readonly discriminator: tfl.LayersModel; readonly latentDim: number },
    options: StyleGan2AlgorithmOptions = {},
    label = 'AdversarialTrainer',
  ) {
    const parts = styleGan2Parts(gan?.generator);
    const r1Gamma = checkNumber(options.r1Gamma, 'r1Gamma', 0.01, (v) => v >= 0, 'a number ≥ 0 (0: no R1)');
    const r1Every = checkNumber(options.r1Every, 'r1Every', 16, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
    const plWeight = checkNumber(options.pathLengthWeight, 'pathLengthWeight', 2, (v) => v >= 0, 'a number ≥ 0 (0: no path-length penalty)');
    const plEvery = checkNumber(options.pathLengthEvery, 'pathLengthEvery', 4, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
    const mixing = checkNumber(options.styleMixingProbability, 'styleMixingProbability', 0.9, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
    const learningRate = checkNumber(options.learningRate, 'learningRate', 0.0025, (v) => v > 0, 'a number > 0');
    const created: { optimizers: tf.Optimizer[]; regularizers: Regularizer[] } = { optimizers: [], regularizers: [] };
    const own = <T>(list: T[], item: T): T => {
      list.push(item);
      return item;
    };
    const regularizers = [
      ...(r1Gamma > 0 ? [r1Regularizer({ weight: r1Gamma, every: r1Every })] : []),
      ...(plWeight > 0 ? [own(created.regularizers, pathLengthRegularizer({ weight: plWeight, every: plEvery }))] : []),
    ];
    super(gan, {
      loss: options.loss ?? nonSaturatingLoss(),
      generatorOptimizer: options.generatorOptimizer ?? own(created.optimizers, lazyAdam(learningRate, plEvery)),
      discriminatorOptimizer: options.discriminatorOptimizer ?? own(created.optimizers, lazyAdam(learningRate, r1Every)),
      regularizers,
      ...(options.ema === false ? {} : { ema: options.ema ?? { decay: 0.995 } }),
      ...(options.augment === undefined ? {} : { augment: options.augment }),
    }, label);
    this.parts = parts;
    this.styleMixingProbability = mixing;
    this.created = created;
  }

  /**
   * StyleGAN2's generator in training: w₁ = f(z) (updating w̄), and with probability {@link styleMixingProbability}
   * a crossover to w₂ = f(z₂); the synthesis network on the numWs styles. Generator regularizers differentiate the
   * synthesis network with respect to the styles, given as ws·√numWs (see the class description).
   */
  protected override trainingGeneration(z: tf.Tensor, _c: tf.Tensor | undefined, random: SeededRandom): TrainingGeneration {
    const { mapping, synthesis, numWs } = this.parts;
    // Every draw is made whether the batch mixes or not, so the stream does not depend on the outcome.
    const second = random.normalTensor(z.shape);
    const mixes = random.uniform() < this.styleMixingProbability;
    const crossover = 1 + Math.floor(random.uniform() * (numWs - 1));
    const broadcast = (w: tf.Tensor) => tf.tile(tf.expandDims(w, 1), [1, numWs, 1]) as tf.Tensor3D;
    let ws = broadcast(mapping.apply(z, { training: true }) as tf.Tensor);
    if (mixes) ws = mixStyles(ws, broadcast(mapping.apply(second, { training: false }) as tf.Tensor), crossover);
    second.dispose();
    const scale = Math.sqrt(numWs);
    return {
      fake: synthesis.apply(ws, { training: true }) as tf.Tensor,
      generate: (latents) => synthesis.apply(tf.div(latents, scale), { training: true }) as tf.Tensor,
      latents: tf.mul(ws, scale),
    };
  }

  /**
   * Draws `n` images in inference mode (w̄ is not updated; `training` has no effect, the networks have no batch
   * statistics): from the EMA generator (unless `ema: false`), truncated in W with `psi`, with the noise layers'
   * constant images unless `noise` says otherwise, mixing in a second set of latents' fine styles with `mix` (see
   * {@link StyleGan2SampleOptions}).
   */
  override sample(n: number, options: StyleGan2SampleOptions = {}, random?: SeededRandom): tf.Tensor {
    if (options.latents === undefined && !(Number.isInteger(n) && n >= 1)) {
      throw new RangeError(`${this.label}.sample: n must be an integer ≥ 1, saw ${String(n)}.`);
    }
    const z = options.latents ?? this.sampleLatents(n, options.seed, random);
    try {
      return styleGan2Sample(this.samplingGenerator(options), {
        latents: z,
        ...(options.psi === undefined ? {} : { psi: options.psi }),
        ...(options.truncationCutoff === undefined ? {} : { truncationCutoff: options.truncationCutoff }),
        ...(options.mix === undefined ? {} : { mix: options.mix }),
        noise: options.noise ?? 'const',
      });
    } finally {
      if (z !== options.latents) z.dispose();
    }
  }

  /** The settings of every GAN and the style-mixing probability. */
  override configuration(): JsonObject {
    return { ...super.configuration(), styleMixingProbability: this.styleMixingProbability };
  }

  /** Releases the optimizers and the path-length regularizer's running mean this algorithm created, and the EMA generator. */
  override dispose(): void {
    super.dispose();
    for (const optimizer of this.created.optimizers.splice(0)) optimizer.dispose();
    for (const regularizer of this.created.regularizers.splice(0)) {
      for (const variable of Object.values((regularizer as { variables?: Record<string, tf.Variable> }).variables ?? {})) variable.dispose();
    }
  }
}
