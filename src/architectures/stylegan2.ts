import * as tfl from '@tensorflow/tfjs-layers';
import { ConstantInput } from '../layers/constant_input.js';
import { EqualizedConv2D } from '../layers/equalized_conv2d.js';
import { EqualizedDense } from '../layers/equalized_dense.js';
import { MinibatchStandardDeviation } from '../layers/minibatch_standard_deviation.js';
import { ModulatedConv2D } from '../layers/modulated_conv2d.js';
import { NoiseInjection } from '../layers/noise_injection.js';
import { PixelNormalization } from '../layers/pixel_normalization.js';
import { Downsample2D, Upsample2D } from '../layers/resample_2d.js';
import { ScaledLeakyReLU } from '../layers/scaled_leaky_relu.js';
import { TrackedMean } from '../layers/tracked_mean.js';
import { checkOneOf, checkOptionsObject, checkPositiveInteger, checkRequiredPositiveInteger, checkSeed } from './builder_checks.js';
import type { GanModels } from './gan_models.js';
import { chain } from './layer_chain.js';
import { LayerFactory } from './layer_factory.js';
import { channelsAt, checkResolution, resolutionName, resolutionsUpTo } from './resolution_channels.js';

/** StyleGAN2's network layouts (Karras et al. 2020, §4.1 and Figure 7): toRGB outputs summed over resolutions, or residual blocks. */
export type StyleGAN2Architecture = 'skip' | 'resnet';

const ARCHITECTURES: readonly StyleGAN2Architecture[] = ['skip', 'resnet'];

/** Options of {@link StyleGAN2}. */
export interface StyleGAN2Options {
  /** The side R of the square images: a power of two ≥ 4 (32 for padded MNIST). */
  readonly resolution: number;
  /** The number of image channels (1 for grey, 3 for colour); an integer ≥ 1. */
  readonly channels: number;
  /** Size of z ~ N(0, I); an integer ≥ 1. Default 512 (the paper's). */
  readonly latentDim?: number;
  /** Size of the intermediate latent w; an integer ≥ 1. Default `latentDim`. */
  readonly wDim?: number;
  /** The number of dense layers of the mapping network; an integer ≥ 1. Default 8. */
  readonly mappingLayers?: number;
  /** The mapping network's learning-rate multiplier λ (see {@link EqualizedDense}); a number > 0. Default 0.01. */
  readonly mappingLrMultiplier?: number;
  /** Channel rule: blocks at resolution r have min(⌊channelBase / r⌋, channelMax) channels. Default 32768 (the paper's). */
  readonly channelBase?: number;
  /** The most channels of any block; an integer ≥ 1. Default 512. */
  readonly channelMax?: number;
  /** The generator's layout. Default `'skip'` (the paper's configuration E/F generator). */
  readonly generatorArchitecture?: StyleGAN2Architecture;
  /** The discriminator's layout. Default `'resnet'` (the paper's configuration E/F discriminator). */
  readonly discriminatorArchitecture?: StyleGAN2Architecture;
  /** β of the tracked mean w̄ (see {@link TrackedMean}); a number in [0, 1]. Default 0.995. */
  readonly wAverageBeta?: number;
  /** The group size of D's minibatch standard deviation; an integer ≥ 1. Default 4. */
  readonly minibatchStdGroupSize?: number;
  /** Seed of every weight initialiser and of the noise layers' streams. Unseeded when omitted. */
  readonly seed?: number;
}

/** The names under which a StyleGAN2 generator keeps its parts (see {@link styleGan2Parts}). */
const MAPPING = 'mapping';
const SYNTHESIS = 'synthesis';
const W_AVERAGE = 'mapping_w_average';



/**
 * StyleGAN2 (Karras, Laine, Aittala, Hellsten, Lehtinen, Aila 2020, "Analyzing and Improving the Image Quality of
 * StyleGAN", arXiv:1912.04958), at the small sizes a CPU trains (4×4 … 32×32 and up), with C(r) = min(⌊channelBase /
 * r⌋, channelMax) channels at resolution r:
 *
 * - **mapping** (z → w): pixel norm of z, then `mappingLayers` × [{@link EqualizedDense} (λ = 0.01) → LReLU·√2], then
 *   a {@link TrackedMean} that keeps w̄ for the truncation trick;
 * - **synthesis** (ws `[numWs, wDim]` → image): a learned {@link ConstantInput} 4×4, then per resolution
 *   [up-sample ([1, 3, 3, 1]) → {@link ModulatedConv2D} 3×3 → {@link NoiseInjection} → LReLU·√2] twice (once at 4×4),
 *   and toRGB (a 1×1 modulated convolution without demodulation). `'skip'`: the up-sampled image of the previous
 *   resolution plus this resolution's toRGB; `'resnet'`: residual blocks (a 1×1 skip convolution, branches scaled by
 *   √0.5) and one toRGB at the end. Each convolution reads its own w: numWs = 2·log₂R − 2 (8 at 32×32), layer i
 *   reading w number i, toRGB the one after its block's convolutions;
 * - **generator** (z → image): mapping, w broadcast to numWs copies, synthesis. Its layers `mapping` and `synthesis`
 *   are the two sub-networks (so a {@link GeneratorEma} copy or a loaded file has them too; see {@link styleGan2Parts});
 * - **discriminator**: fromRGB (1×1), then per resolution R … 8 [Conv3×3 → LReLU → down-sample → Conv3×3 → LReLU] as
 *   residual blocks (`'resnet'`, 1×1 skip, √0.5) or with a fromRGB of the down-sampled image added at every
 *   resolution (`'skip'`), then minibatch standard deviation → Conv3×3 → Dense → Dense(1), a logit.
 *
 * Every layer uses the equalized learning rate. The images are linear outputs (train on images in [−1, 1]). Style
 * mixing, truncation in W and noise control at sampling time: {@link mixStyles}, {@link styleGan2Sample}.
 *
 * @example
 * ```ts
 * const gan = new StyleGAN2({ resolution: 32, channels: 1, latentDim: 128, channelBase: 2048, channelMax: 128, mappingLayers: 4, seed: 1 });
 * const images = gan.generator.predict(tf.randomNormal([8, 128])) as tf.Tensor4D;   // [8, 32, 32, 1]
 * ```
 */
export class StyleGAN2 implements GanModels {
  /** G: z `[batch, latentDim]` → images `[batch, R, R, channels]` (mapping, broadcast, synthesis). */
  readonly generator: tfl.LayersModel;
  /** D: images → `[batch, 1]` logits. */
  readonly discriminator: tfl.LayersModel;
  /** The mapping network: z `[batch, latentDim]` → w `[batch, wDim]` (the generator's layer `mapping`). */
  readonly mapping: tfl.LayersModel;
  /** The synthesis network: ws `[batch, numWs, wDim]` → images (the generator's layer `synthesis`). */
  readonly synthesis: tfl.LayersModel;
  /** The size of z. */
  readonly latentDim: number;
  /** The size of w. */
  readonly wDim: number;
  /** The number of w's the synthesis network reads (2·log₂R − 2). */
  readonly numWs: number;
  /** The image side R. */
  readonly resolution: number;

  /**
   * @param options - see {@link StyleGAN2Options}.
   * @throws Error naming the option when one is invalid; nothing is built then.
   */
  constructor(options: StyleGAN2Options) {
    checkOptionsObject(options, 'StyleGAN2', '{ resolution: 32, channels: 1 }');
    const resolution = checkResolution(options.resolution, 'StyleGAN2: options.resolution');
    const channels = checkRequiredPositiveInteger(options.channels, 'StyleGAN2: options.channels', 'the number of image channels (1 for grey, 3 for colour)');
    const latentDim = checkPositiveInteger(options.latentDim, 'StyleGAN2: options.latentDim', 512);
    const wDim = checkPositiveInteger(options.wDim, 'StyleGAN2: options.wDim', latentDim);
    const mappingLayers = checkPositiveInteger(options.mappingLayers, 'StyleGAN2: options.mappingLayers', 8);
    const lrMultiplier = options.mappingLrMultiplier ?? 0.01;
    if (typeof lrMultiplier !== 'number' || !(lrMultiplier > 0) || !Number.isFinite(lrMultiplier)) {
      throw new Error(`StyleGAN2: options.mappingLrMultiplier must be a finite number > 0, but got ${String(lrMultiplier)}.`);
    }
    const channelBase = checkPositiveInteger(options.channelBase, 'StyleGAN2: options.channelBase', 32768);
    const channelMax = checkPositiveInteger(options.channelMax, 'StyleGAN2: options.channelMax', 512);
    const gArch = checkOneOf(options.generatorArchitecture, 'StyleGAN2: options.generatorArchitecture', ARCHITECTURES, 'skip');
    const dArch = checkOneOf(options.discriminatorArchitecture, 'StyleGAN2: options.discriminatorArchitecture', ARCHITECTURES, 'resnet');
    const beta = options.wAverageBeta ?? 0.995;
    if (typeof beta !== 'number' || !(beta >= 0 && beta <= 1)) throw new Error(`StyleGAN2: options.wAverageBeta must be a number in [0, 1], but got ${String(beta)}.`);
    const groupSize = checkPositiveInteger(options.minibatchStdGroupSize, 'StyleGAN2: options.minibatchStdGroupSize', 4);
    const seed = checkSeed(options.seed, 'StyleGAN2: options.seed');

    const factory = new LayerFactory({ seed, kernelStddev: undefined, gammaStddev: undefined });
    const channelsOf = (r: number) => channelsAt(r, channelBase, channelMax);
    const act = (name: string, gain = Math.SQRT2) => new ScaledLeakyReLU({ name, gain });
    const conv = (name: string, filters: number, kernelSize: 1 | 3, extra: { gain?: number; useBias?: boolean } = {}) =>
      new EqualizedConv2D({ name, filters, kernelSize, gain: 1, ...extra, ...factory.seedArgs() });
    const resolutions = resolutionsUpTo(resolution);
    const numWs = 2 * Math.log2(resolution) - 2;

    // Mapping network.
    const z = tfl.input({ shape: [latentDim], name: 'mapping_z' });
    const mappingLayersList: tfl.layers.Layer[] = [new PixelNormalization({ name: 'mapping_normalize' })];
    for (let i = 0; i < mappingLayers; i++) {
      mappingLayersList.push(new EqualizedDense({ name: `mapping_fc${i}`, units: wDim, gain: 1, lrMultiplier, ...factory.seedArgs() }), act(`mapping_act${i}`));
    }
    mappingLayersList.push(new TrackedMean({ name: W_AVERAGE, beta }));
    const mapping = tfl.model({ inputs: z, outputs: chain(z, ...mappingLayersList), name: MAPPING });

    // Synthesis network.
    const ws = tfl.input({ shape: [numWs, wDim], name: 'synthesis_ws' });
    const modulated = (name: string, x: tfl.SymbolicTensor, filters: number, styleIndex: number, toRgb = false) =>
      new ModulatedConv2D({ name, filters, kernelSize: toRgb ? 1 : 3, demodulate: !toRgb, styleIndex, ...factory.seedArgs() }).apply([x, ws]) as tfl.SymbolicTensor;
    /** Modulated conv → noise → activation: one of StyleGAN2's synthesis layers. */
    const styled = (prefix: string, x: tfl.SymbolicTensor, filters: number, styleIndex: number, gain = Math.SQRT2) =>
      chain(modulated(`${prefix}_conv`, x, filters, styleIndex), new NoiseInjection({ name: `${prefix}_noise`, ...factory.seedArgs() }), act(`${prefix}_act`, gain));
    let x = styled('synthesis_4x4_1', new ConstantInput({ name: 'synthesis_const', shape: [4, 4, channelsOf(4)], ...factory.seedArgs() }).apply(ws) as tfl.SymbolicTensor, channelsOf(4), 0);
    let image = gArch === 'skip' || resolution === 4 ? modulated('synthesis_4x4_torgb', x, channels, 1, true) : undefined;
    resolutions.slice(1).forEach((r, k) => {
      const at = `synthesis_${resolutionName(r)}`;
      const first = 2 * k + 1;
      const up = chain(x, new Upsample2D({ name: `${at}_up`, filter: 'linear' }));
      if (gArch === 'skip') {
        x = styled(`${at}_0`, up, channelsOf(r), first);
        x = styled(`${at}_1`, x, channelsOf(r), first + 1);
        const rgb = modulated(`${at}_torgb`, x, channels, first + 2, true);
        const previous = chain(image!, new Upsample2D({ name: `${at}_image_up`, filter: 'linear' }));
        image = tfl.layers.add({ name: `${at}_image` }).apply([previous, rgb]) as tfl.SymbolicTensor;
      } else {
        const skip = chain(up, conv(`${at}_skip`, channelsOf(r), 1, { gain: Math.SQRT1_2, useBias: false }));
        const main = styled(`${at}_1`, styled(`${at}_0`, up, channelsOf(r), first), channelsOf(r), first + 1, 1);
        x = tfl.layers.add({ name: `${at}_sum` }).apply([skip, main]) as tfl.SymbolicTensor;
        if (r === resolution) image = modulated(`${at}_torgb`, x, channels, first + 2, true);
      }
    });
    const synthesis = tfl.model({ inputs: ws, outputs: image!, name: SYNTHESIS });

    // Generator: z → w → numWs copies → image.
    const latent = tfl.input({ shape: [latentDim], name: 'latent' });
    const broadcast = tfl.layers.repeatVector({ n: numWs, name: 'broadcast_w' }).apply(mapping.apply(latent)) as tfl.SymbolicTensor;
    this.generator = tfl.model({ inputs: latent, outputs: synthesis.apply(broadcast) as tfl.SymbolicTensor, name: 'generator' });

    // Discriminator.
    const input = tfl.input({ shape: [resolution, resolution, channels], name: 'd_image' });
    const fromRgb = (r: number, img: tfl.SymbolicTensor) => chain(img, conv(`d_fromrgb_${resolutionName(r)}`, channelsOf(r), 1), act(`d_fromrgb_${resolutionName(r)}_act`));
    let d = fromRgb(resolution, input);
    let img = input;
    for (const r of [...resolutions].reverse().slice(0, -1)) {
      const at = `d_${resolutionName(r)}`;
      if (dArch === 'skip' && r !== resolution) d = tfl.layers.add({ name: `${at}_fromrgb_sum` }).apply([d, fromRgb(r, img)]) as tfl.SymbolicTensor;
      const main = chain(
        d,
        conv(`${at}_conv0`, channelsOf(r), 3), act(`${at}_act0`),
        new Downsample2D({ name: `${at}_down`, filter: 'linear' }),
        conv(`${at}_conv1`, channelsOf(r / 2), 3), act(`${at}_act1`, dArch === 'resnet' ? 1 : Math.SQRT2),
      );
      if (dArch === 'resnet') {
        const skip = chain(d, new Downsample2D({ name: `${at}_skip_down`, filter: 'linear' }), conv(`${at}_skip`, channelsOf(r / 2), 1, { gain: Math.SQRT1_2, useBias: false }));
        d = tfl.layers.add({ name: `${at}_sum` }).apply([skip, main]) as tfl.SymbolicTensor;
      } else {
        d = main;
        img = chain(img, new Downsample2D({ name: `${at}_image_down`, filter: 'linear' }));
      }
    }
    if (dArch === 'skip' && resolution > 4) d = tfl.layers.add({ name: 'd_4x4_fromrgb_sum' }).apply([d, fromRgb(4, img)]) as tfl.SymbolicTensor;
    const logit = chain(
      d,
      new MinibatchStandardDeviation({ name: 'd_4x4_mbstd', groupSize }),
      conv('d_4x4_conv', channelsOf(4), 3), act('d_4x4_act0'),
      tfl.layers.flatten({ name: 'd_4x4_flatten' }),
      new EqualizedDense({ name: 'd_4x4_dense', units: channelsOf(4), gain: 1, ...factory.seedArgs() }), act('d_4x4_act1'),
      new EqualizedDense({ name: 'd_out', units: 1, gain: 1, ...factory.seedArgs() }),
    );
    this.discriminator = tfl.model({ inputs: input, outputs: logit, name: 'discriminator' });

    this.mapping = mapping;
    this.synthesis = synthesis;
    this.latentDim = latentDim;
    this.wDim = wDim;
    this.numWs = numWs;
    this.resolution = resolution;
  }
}

/** The parts of a StyleGAN2 generator, found by name (see {@link styleGan2Parts}). */
export interface StyleGAN2Parts {
  /** z → w. */
  readonly mapping: tfl.LayersModel;
  /** ws `[batch, numWs, wDim]` → images. */
  readonly synthesis: tfl.LayersModel;
  /** The layer tracking w̄ (`trackedMean.mean()` returns it). */
  readonly trackedMean: TrackedMean;
  /** The synthesis network's noise layers, in order (set their `noise` to control the noise). */
  readonly noiseLayers: readonly NoiseInjection[];
  /** The size of z. */
  readonly latentDim: number;
  /** The size of w. */
  readonly wDim: number;
  /** The number of w's the synthesis network reads. */
  readonly numWs: number;
}

/**
 * The mapping and synthesis networks, the w̄ tracker and the noise layers of a generator built by {@link StyleGAN2} —
 * or of any model made from one: its {@link GeneratorEma} copy, or the generator loaded from a file.
 *
 * @throws Error if `generator` lacks the layers `mapping` and `synthesis` of a StyleGAN2 generator.
 */
export function styleGan2Parts(generator: tfl.LayersModel): StyleGAN2Parts {
  const find = (model: tfl.LayersModel, name: string) => model.layers.find((l) => l.name === name);
  const mapping = generator instanceof tfl.LayersModel ? find(generator, MAPPING) : undefined;
  const synthesis = generator instanceof tfl.LayersModel ? find(generator, SYNTHESIS) : undefined;
  const trackedMean = mapping instanceof tfl.LayersModel ? find(mapping, W_AVERAGE) : undefined;
  if (!(mapping instanceof tfl.LayersModel) || !(synthesis instanceof tfl.LayersModel) || !(trackedMean instanceof TrackedMean)) {
    throw new Error(
      `styleGan2Parts: the model has no '${MAPPING}' network with a '${W_AVERAGE}' layer and '${SYNTHESIS}' network; ` +
        'pass the generator of a StyleGAN2 (or its GeneratorEma model, or that generator loaded from a file).',
    );
  }
  const [, numWs, wDim] = synthesis.inputs[0]!.shape as [null, number, number];
  return {
    mapping,
    synthesis,
    trackedMean,
    noiseLayers: synthesis.layers.filter((l): l is NoiseInjection => l instanceof NoiseInjection),
    latentDim: mapping.inputs[0]!.shape[1] as number,
    wDim,
    numWs,
  };
}
