import * as tfl from '@tensorflow/tfjs-layers';
import { EqualizedConv2D } from '../layers/equalized_conv2d.js';
import { EqualizedDense } from '../layers/equalized_dense.js';
import { FadeIn } from '../layers/fade_in.js';
import { MinibatchStandardDeviation } from '../layers/minibatch_standard_deviation.js';
import { PixelNormalization } from '../layers/pixel_normalization.js';
import { Downsample2D, Upsample2D } from '../layers/resample_2d.js';
import { checkOptionsObject, checkPositiveInteger, checkRequiredPositiveInteger, checkSeed } from './builder_checks.js';
import { copySharedWeights } from './copy_shared_weights.js';
import type { GanModels } from './gan_models.js';
import { chain } from './layer_chain.js';
import { LayerFactory } from './layer_factory.js';
import { channelsAt, checkResolution, resolutionName, resolutionsUpTo } from './resolution_channels.js';

/** Options of {@link ProGAN}. */
export interface ProGANOptions {
  /** The side R of the square images of this stage: a power of two ≥ 4 (4, 8, 16, 32, …). */
  readonly resolution: number;
  /** The number of image channels (1 for grey, 3 for colour); an integer ≥ 1. */
  readonly channels: number;
  /** Size of the latent vector z ~ N(0, I); an integer ≥ 1. Default 512 (the paper's). */
  readonly latentDim?: number;
  /** Channel rule: the blocks at resolution r have min(⌊channelBase / r⌋, channelMax) channels. Default 8192 (the paper's). */
  readonly channelBase?: number;
  /** The most channels of any block; an integer ≥ 1. Default 512 (the paper's). */
  readonly channelMax?: number;
  /**
   * Whether the top resolution is being faded in: G then blends its new toRGB output with the previous resolution's
   * (up-sampled), D its new top block with the previous fromRGB of the down-sampled image, with weight α (see
   * {@link FadeIn}). Needs R ≥ 8. Default false (a stabilized network).
   */
  readonly fadeIn?: boolean;
  /** The initial α of a fade-in; a number in [0, 1]. Default 0. */
  readonly alpha?: number;
  /** The group size of D's minibatch standard deviation; an integer ≥ 1. Default 4. */
  readonly minibatchStdGroupSize?: number;
  /** Seed of every weight initialiser: the same seed gives identical initial weights. Unseeded when omitted. */
  readonly seed?: number;
}

/** The options of a ProGAN with every default filled in. */
export type ResolvedProGANOptions = Required<Omit<ProGANOptions, 'seed'>> & {
  /** The seed of the weight initialisers, undefined when unseeded. */
  readonly seed: number | undefined;
};

function resolve(options: ProGANOptions): ResolvedProGANOptions {
  checkOptionsObject(options, 'ProGAN', '{ resolution: 8, channels: 1 }');
  const resolution = checkResolution(options.resolution, 'ProGAN: options.resolution');
  const fadeIn = options.fadeIn ?? false;
  if (typeof fadeIn !== 'boolean') throw new Error(`ProGAN: options.fadeIn must be true or false, but got ${String(fadeIn)}.`);
  if (fadeIn && resolution < 8) throw new Error('ProGAN: options.fadeIn needs a resolution ≥ 8 (4×4 is the first stage; nothing fades into it).');
  const alpha = options.alpha ?? 0;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) throw new Error(`ProGAN: options.alpha must be a number in [0, 1], but got ${String(alpha)}.`);
  return {
    resolution,
    channels: checkRequiredPositiveInteger(options.channels, 'ProGAN: options.channels', 'the number of image channels (1 for grey, 3 for colour)'),
    latentDim: checkPositiveInteger(options.latentDim, 'ProGAN: options.latentDim', 512),
    channelBase: checkPositiveInteger(options.channelBase, 'ProGAN: options.channelBase', 8192),
    channelMax: checkPositiveInteger(options.channelMax, 'ProGAN: options.channelMax', 512),
    fadeIn,
    alpha,
    minibatchStdGroupSize: checkPositiveInteger(options.minibatchStdGroupSize, 'ProGAN: options.minibatchStdGroupSize', 4),
    seed: checkSeed(options.seed, 'ProGAN: options.seed'),
  };
}


/**
 * Progressive growing of GANs (Karras, Aila, Laine, Lehtinen 2018, "Progressive Growing of GANs for Improved Quality,
 * Stability, and Variation", arXiv:1710.10196): the generator/discriminator pair of one resolution stage R
 * (4×4, 8×8, …), built from equalized-learning-rate layers ({@link EqualizedConv2D}, {@link EqualizedDense}) as in the
 * paper's Table 2, with C(r) = min(⌊channelBase / r⌋, channelMax) channels at resolution r:
 *
 * - G: z → pixel norm → Dense(16·C(4), gain √2/4) → reshape 4×4 → LReLU → pixel norm → Conv3×3 → LReLU → pixel norm →
 *   for r = 8 … R: [up-sample (nearest) → 2 × (Conv3×3 → LReLU(0.2) → pixel norm)] → toRGB (1×1 conv, linear).
 * - D: fromRGB (1×1 conv → LReLU) → for r = R … 8: [2 × (Conv3×3 → LReLU), the second to C(r/2) → 2×2 average pool] →
 *   minibatch standard deviation → Conv3×3 → LReLU → Dense(C(4)) → LReLU → Dense(1), a logit.
 *
 * During a fade-in (`fadeIn: true`) the new resolution enters through a {@link FadeIn} blend with weight α (set with
 * {@link ProGAN.alpha}); {@link growProGAN} makes the next stage from a trained one. Layers are named after their
 * resolution (`g_8x8_conv0`, `g_torgb_8x8`, `d_fromrgb_16x16`, …), which is how growth finds the shared ones. The
 * generator's output is linear, as in the paper (train on images in [−1, 1]).
 *
 * @example
 * ```ts
 * let gan = new ProGAN({ resolution: 4, channels: 1, latentDim: 128, channelBase: 1024, channelMax: 128, seed: 1 });
 * // … train at 4×4, then:
 * const next = growProGAN(gan);      // 8×8 with a fade-in at α = 0, the 4×4 layers' weights copied
 * next.alpha = 0.5;                  // half-way through the fade-in
 * ```
 */
export class ProGAN implements GanModels {
  /** G: `[batch, latentDim]` → `[batch, R, R, channels]`. */
  readonly generator: tfl.LayersModel;
  /** D: `[batch, R, R, channels]` → `[batch, 1]` logits. */
  readonly discriminator: tfl.LayersModel;
  /** The size of the latent vector z. */
  readonly latentDim: number;
  /** The image side R of this stage. */
  readonly resolution: number;
  /** Whether the top resolution is being faded in. */
  readonly fadeIn: boolean;
  /** The options this stage was built with, defaults filled in (growth builds the next stage from them). */
  readonly options: ResolvedProGANOptions;
  private readonly fadeLayers: FadeIn[];

  /**
   * @param options - see {@link ProGANOptions}.
   * @throws Error naming the option when one is invalid; nothing is built then.
   */
  constructor(options: ProGANOptions) {
    const o = resolve(options);
    const factory = new LayerFactory({ seed: o.seed, kernelStddev: undefined, gammaStddev: undefined });
    const conv = (name: string, filters: number, kernelSize: 3 | 1, gain = Math.SQRT2) =>
      new EqualizedConv2D({ name, filters, kernelSize, gain, ...factory.seedArgs() });
    const act = (name: string) => tfl.layers.leakyReLU({ alpha: 0.2, name });
    const channelsOf = (r: number) => channelsAt(r, o.channelBase, o.channelMax);
    const resolutions = resolutionsUpTo(o.resolution);
    const fadeLayers: FadeIn[] = [];

    // Generator.
    const z = tfl.input({ shape: [o.latentDim], name: 'g_latent' });
    let h = chain(
      z,
      new PixelNormalization({ name: 'g_latent_norm' }),
      new EqualizedDense({ name: 'g_4x4_dense', units: 16 * channelsOf(4), gain: Math.SQRT2 / 4, ...factory.seedArgs() }),
      tfl.layers.reshape({ name: 'g_4x4_reshape', targetShape: [4, 4, channelsOf(4)] }),
      act('g_4x4_act0'),
      new PixelNormalization({ name: 'g_4x4_norm0' }),
      conv('g_4x4_conv', channelsOf(4), 3),
      act('g_4x4_act1'),
      new PixelNormalization({ name: 'g_4x4_norm1' }),
    );
    let previous = h;
    for (const r of resolutions.slice(1)) {
      const at = resolutionName(r);
      previous = h;
      h = chain(
        h,
        new Upsample2D({ name: `g_${at}_up`, filter: 'box' }),
        conv(`g_${at}_conv0`, channelsOf(r), 3), act(`g_${at}_act0`), new PixelNormalization({ name: `g_${at}_norm0` }),
        conv(`g_${at}_conv1`, channelsOf(r), 3), act(`g_${at}_act1`), new PixelNormalization({ name: `g_${at}_norm1` }),
      );
    }
    const top = resolutionName(o.resolution);
    let image = chain(h, conv(`g_torgb_${top}`, o.channels, 1, 1));
    if (o.fadeIn) {
      const low = chain(previous, conv(`g_torgb_${resolutionName(o.resolution / 2)}`, o.channels, 1, 1), new Upsample2D({ name: `g_fade_up_${top}`, filter: 'box' }));
      const fade = new FadeIn({ name: `g_fade_${top}`, alpha: o.alpha });
      fadeLayers.push(fade);
      image = fade.apply([low, image]) as tfl.SymbolicTensor;
    }
    this.generator = tfl.model({ inputs: z, outputs: image, name: 'generator' });

    // Discriminator.
    const x = tfl.input({ shape: [o.resolution, o.resolution, o.channels], name: 'd_image' });
    let d = chain(x, conv(`d_fromrgb_${top}`, channelsOf(o.resolution), 1), act(`d_fromrgb_${top}_act`));
    for (const r of [...resolutions].reverse().slice(0, -1)) {
      const at = resolutionName(r);
      d = chain(
        d,
        conv(`d_${at}_conv0`, channelsOf(r), 3), act(`d_${at}_act0`),
        conv(`d_${at}_conv1`, channelsOf(r / 2), 3), act(`d_${at}_act1`),
        new Downsample2D({ name: `d_${at}_down`, filter: 'box' }),
      );
      if (r === o.resolution && o.fadeIn) {
        const below = resolutionName(r / 2);
        const low = chain(x, new Downsample2D({ name: `d_fade_down_${at}`, filter: 'box' }), conv(`d_fromrgb_${below}`, channelsOf(r / 2), 1), act(`d_fromrgb_${below}_act`));
        const fade = new FadeIn({ name: `d_fade_${at}`, alpha: o.alpha });
        fadeLayers.push(fade);
        d = fade.apply([low, d]) as tfl.SymbolicTensor;
      }
    }
    const logit = chain(
      d,
      new MinibatchStandardDeviation({ name: 'd_4x4_mbstd', groupSize: o.minibatchStdGroupSize }),
      conv('d_4x4_conv', channelsOf(4), 3), act('d_4x4_act0'),
      tfl.layers.flatten({ name: 'd_4x4_flatten' }),
      new EqualizedDense({ name: 'd_4x4_dense', units: channelsOf(4), ...factory.seedArgs() }), act('d_4x4_act1'),
      new EqualizedDense({ name: 'd_out', units: 1, gain: 1, ...factory.seedArgs() }),
    );
    this.discriminator = tfl.model({ inputs: x, outputs: logit, name: 'discriminator' });

    this.latentDim = o.latentDim;
    this.resolution = o.resolution;
    this.fadeIn = o.fadeIn;
    this.options = o;
    this.fadeLayers = fadeLayers;
  }

  /** The fade-in weight α of the new resolution (1 for a stabilized network, which has no fade-in). */
  get alpha(): number {
    return this.fadeLayers[0]?.alpha ?? 1;
  }

  /**
   * Sets α in both networks' {@link FadeIn} layers, a number in [0, 1] (it rises linearly from 0 to 1 over a fade-in).
   *
   * @throws Error if this stage has no fade-in (built with `fadeIn: false`) or α is outside [0, 1].
   */
  set alpha(value: number) {
    if (this.fadeLayers.length === 0) {
      throw new Error(`ProGAN: the ${resolutionName(this.resolution)} stage has no fade-in (built with fadeIn: false), so alpha cannot be set.`);
    }
    for (const layer of this.fadeLayers) layer.alpha = value;
  }
}


/**
 * Grows a ProGAN stage into the next (Karras et al. 2018, §2): builds the 2R × 2R stage with a fade-in at α = 0 and
 * the same options, and copies the weights of every layer the two stages share — all of `gan`'s convolution and
 * dense layers, including the R × R toRGB and fromRGB, which become the fade-in's low-resolution path. At α = 0 the
 * grown generator's output is `gan`'s (at α = 1) up-sampled 2× (nearest), and the grown discriminator judges an image
 * as `gan` judges its 2× average-pooled copy; new layers start from their initialisers.
 *
 * The old stage is left as it is (dispose its networks when done). Optimizer state is not carried over: ProGAN
 * resets it at each growth, and the algorithm that swaps the networks creates the new optimizers.
 *
 * @param gan - the trained stage.
 * @param options - `seed` of the new layers' initialisers (default: `gan`'s seed).
 * @returns the next stage, fading in (`alpha` 0).
 */
export function growProGAN(gan: ProGAN, options: { readonly seed?: number } = {}): ProGAN {
  if (!(gan instanceof ProGAN)) throw new Error('growProGAN: gan must be a ProGAN (the stage to grow).');
  const seed = options.seed ?? gan.options.seed;
  const { seed: _previousSeed, ...rest } = gan.options;
  const next = new ProGAN({ ...rest, ...(seed === undefined ? {} : { seed }), resolution: 2 * gan.resolution, fadeIn: true, alpha: 0 });
  copySharedWeights(gan.generator, next.generator);
  copySharedWeights(gan.discriminator, next.discriminator);
  return next;
}
