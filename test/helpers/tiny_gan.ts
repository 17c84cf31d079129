import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { GanModels } from '../../src/architectures/gan_models.js';
import type { GanLoss } from '../../src/losses/gan_loss.js';
import { SpectralNormalization } from '../../src/layers/spectral_normalization.js';

/** Options of {@link tinyGan}. */
export interface TinyGanOptions {
  readonly seed?: number;
  readonly latentDim?: number;
  readonly hidden?: number;
  /** A BatchNorm layer in the generator (default true). */
  readonly batchNorm?: boolean;
  /** Spectral normalization on the discriminator's first layer (default false). */
  readonly spectralNorm?: boolean;
}

/**
 * A tiny 2D GAN with seeded initialisers (two builds are identical) and a BatchNorm layer in the generator, so that
 * non-trainable state (moving statistics) is part of what a checkpoint must carry.
 */
export function tinyGan(options: TinyGanOptions = {}): GanModels {
  const { seed = 1, latentDim = 3, hidden = 8, batchNorm = true, spectralNorm = false } = options;
  const init = (s: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: seed * 100 + s });
  const generator = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [latentDim], units: hidden, activation: 'relu', kernelInitializer: init(1) }),
      ...(batchNorm ? [tfl.layers.batchNormalization()] : []),
      tfl.layers.dense({ units: 2, kernelInitializer: init(2) }),
    ],
  });
  const first = tfl.layers.dense({ units: hidden, activation: 'tanh', kernelInitializer: init(3) });
  const discriminator = tfl.sequential({
    layers: [
      tfl.layers.inputLayer({ inputShape: [2] }),
      spectralNorm ? new SpectralNormalization({ layer: first, seed: seed * 100 + 5 }) : first,
      tfl.layers.dense({ units: 1, kernelInitializer: init(4) }),
    ],
  });
  return { generator, discriminator, latentDim };
}

/** The non-saturating GAN loss written out (softplus form). */
export const softplusLoss: GanLoss = {
  name: 'softplus-non-saturating',
  discriminatorLoss: ({ realLogits, fakeLogits }) => tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))),
  generatorLoss: ({ fakeLogits }) => tf.mean(tf.softplus(tf.neg(fakeLogits))),
};

/** Every weight of both networks, read back. */
export function weightsOf(models: GanModels): Float32Array[] {
  return [...models.generator.getWeights(), ...models.discriminator.getWeights()].map((w) => w.dataSync() as Float32Array);
}

export function disposeGan(models: GanModels): void {
  models.generator.dispose();
  models.discriminator.dispose();
}
