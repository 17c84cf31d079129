import * as tfl from '@tensorflow/tfjs-layers';
import { unfusedWhileTraining } from '../layers/unfused_training.js';
import { SpectralNormalization } from '../layers/spectral_normalization.js';
import { SeededRandom } from '../utils/random.js';
import type { Normalization } from './normalization.js';

/** A Dense, Conv2D or Conv2DTranspose layer as the builders use them (convolutions with 'same' padding unless `padding` says otherwise). */
export type KernelLayerSpec =
  | { readonly kind: 'dense'; readonly units: number }
  | {
      readonly kind: 'conv2d' | 'conv2dTranspose';
      readonly filters: number;
      readonly kernelSize: number;
      readonly strides: number;
      readonly padding?: 'same' | 'valid';
    };

/** How a {@link LayerFactory} initialises weights. */
export interface LayerFactoryOptions {
  /** Seed of the stream that seeds every initialiser in creation order; unseeded initialisers when undefined. */
  readonly seed: number | undefined;
  /** Standard deviation s of the N(0, s) kernel initialiser; undefined keeps tfjs-layers' Glorot uniform. */
  readonly kernelStddev: number | undefined;
  /** Standard deviation s of the N(1, s) initialiser of batch normalization's γ; undefined initialises γ to 1. */
  readonly gammaStddev: number | undefined;
}

/**
 * Makes the layers of the architecture builders, with seeded initialisers and the {@link Normalization} of a network:
 * the same seed gives the same layers in the same order, hence identical initial weights.
 *
 * Batch normalization uses momentum 0.9 and ε = 1e-5 (PyTorch's defaults, as in the DCGAN reference code), so its
 * moving statistics follow a GAN's short training runs.
 */
export class LayerFactory {
  private readonly seeds: SeededRandom | undefined;

  constructor(private readonly options: LayerFactoryOptions) {
    this.seeds = options.seed === undefined ? undefined : new SeededRandom(options.seed);
  }

  /**
   * The hidden block kernel → (batch normalization) → activation. With `'batch'` the kernel has no bias (β replaces
   * it) unless `skipBatchNorm` is set; with `'spectral'` the kernel is wrapped in {@link SpectralNormalization}.
   */
  hiddenBlock(
    spec: KernelLayerSpec,
    normalization: Normalization,
    activation: tfl.layers.Layer,
    placement: { readonly skipBatchNorm?: boolean; readonly inputShape?: number[] } = {},
  ): tfl.layers.Layer[] {
    const batchNorm = normalization === 'batch' && placement.skipBatchNorm !== true;
    const kernel = this.kernelLayer(spec, normalization, !batchNorm, placement.inputShape);
    return batchNorm ? [kernel, this.batchNorm(), activation] : [kernel, activation];
  }

  /** The last kernel layer of a network: always with a bias, wrapped in {@link SpectralNormalization} with `'spectral'`. */
  outputLayer(spec: KernelLayerSpec, normalization: Normalization, inputShape?: number[]): tfl.layers.Layer {
    return this.kernelLayer(spec, normalization, true, inputShape);
  }

  /**
   * A kernel layer with the factory's seeded initialiser: with a bias when `useBias`, wrapped in
   * {@link SpectralNormalization} when `spectral`.
   */
  kernel(spec: KernelLayerSpec, options: { readonly useBias: boolean; readonly spectral?: boolean; readonly inputShape?: number[] }): tfl.layers.Layer {
    return this.kernelLayer(spec, options.spectral === true ? 'spectral' : 'none', options.useBias, options.inputShape);
  }

  /** Batch normalization over the last axis with a seeded γ initialiser when one is configured. */
  batchNorm(): tfl.layers.Layer {
    const { gammaStddev } = this.options;
    return tfl.layers.batchNormalization({
      momentum: 0.9,
      epsilon: 1e-5,
      gammaInitializer: gammaStddev === undefined ? 'ones' : tfl.initializers.randomNormal(this.seeded({ mean: 1, stddev: gammaStddev })),
    });
  }

  /**
   * A Dense, Conv2D or Conv2DTranspose layer with the factory's seeded kernel initialiser, wrapped in
   * {@link SpectralNormalization} with `'spectral'`; `inputShape` is given to the outermost layer.
   */
  kernelLayer(spec: KernelLayerSpec, normalization: Normalization, useBias: boolean, inputShape?: number[]): tfl.layers.Layer {
    const shape = inputShape === undefined ? {} : { inputShape };
    const spectral = normalization === 'spectral';
    const common = { useBias, kernelInitializer: this.kernelInitializer(), ...(spectral ? {} : shape) };
    const layer = unfusedWhileTraining(
      spec.kind === 'dense'
        ? tfl.layers.dense({ units: spec.units, ...common })
        : tfl.layers[spec.kind]({ filters: spec.filters, kernelSize: spec.kernelSize, strides: spec.strides, padding: spec.padding ?? 'same', ...common }),
    );
    return spectral ? new SpectralNormalization({ layer, ...this.seeded({}), ...shape }) : layer;
  }

  private kernelInitializer(): ReturnType<typeof tfl.initializers.randomNormal> {
    const { kernelStddev } = this.options;
    return kernelStddev === undefined
      ? tfl.initializers.glorotUniform(this.seeded({}))
      : tfl.initializers.randomNormal(this.seeded({ mean: 0, stddev: kernelStddev }));
  }

  /** The next seed of the stream (an integer in [0, 2³¹)), or undefined if the factory is unseeded. */
  nextSeed(): number | undefined {
    return this.seeds === undefined ? undefined : Math.floor(this.seeds.uniform() * 2 ** 31);
  }

  /** `{ seed }` with the next seed of the stream, or `{}` if the factory is unseeded: spread it into a layer's arguments. */
  seedArgs(): { seed?: number } {
    const seed = this.nextSeed();
    return seed === undefined ? {} : { seed };
  }

  /** `args` plus the next seed of the stream, if the factory is seeded. */
  private seeded<T extends object>(args: T): T | (T & { seed: number }) {
    const seed = this.nextSeed();
    return seed === undefined ? args : { ...args, seed };
  }
}
