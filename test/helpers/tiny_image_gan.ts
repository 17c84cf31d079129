import * as tfl from '@tensorflow/tfjs-layers';
import type { GanModels } from '../../src/architectures/gan_models.js';

/** Options of {@link tinyImageGan}. */
export interface TinyImageGanOptions {
  readonly seed?: number;
  readonly latentDim?: number;
  /** The side of the square images. Default 8. */
  readonly size?: number;
  /** Class labels: G takes [z, label] and D [x, label] (concatenated as an extra input). Default none. */
  readonly classes?: number;
}

/**
 * A tiny GAN of single-channel images with seeded initialisers (two builds are identical): G z → dense → tanh →
 * [size, size, 1]; D a 3×3 convolution with 2 filters → flatten → dense(1). With `classes`, both take a label too.
 */
export function tinyImageGan(options: TinyImageGanOptions = {}): GanModels & { readonly classes?: number } {
  const { seed = 1, latentDim = 3, size = 8, classes } = options;
  const init = (s: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: seed * 100 + s });
  const z = tfl.input({ shape: [latentDim] });
  const gLabel = classes === undefined ? undefined : tfl.input({ shape: [1], dtype: 'int32' });
  const gIn = gLabel === undefined ? z : tfl.layers.concatenate().apply([z, tfl.layers.flatten().apply(tfl.layers.embedding({ inputDim: classes!, outputDim: 2, embeddingsInitializer: init(5) }).apply(gLabel)) as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
  const pixels = tfl.layers.dense({ units: size * size, activation: 'tanh', kernelInitializer: init(1) }).apply(gIn) as tfl.SymbolicTensor;
  const image = tfl.layers.reshape({ targetShape: [size, size, 1] }).apply(pixels) as tfl.SymbolicTensor;
  const generator = tfl.model({ inputs: gLabel === undefined ? z : [z, gLabel], outputs: image });
  const x = tfl.input({ shape: [size, size, 1] });
  const features = tfl.layers.flatten().apply(tfl.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'tanh', kernelInitializer: init(2) }).apply(x)) as tfl.SymbolicTensor;
  const dLabel = classes === undefined ? undefined : tfl.input({ shape: [1], dtype: 'int32' });
  const dIn = dLabel === undefined ? features : tfl.layers.concatenate().apply([features, tfl.layers.flatten().apply(tfl.layers.embedding({ inputDim: classes!, outputDim: 2, embeddingsInitializer: init(6) }).apply(dLabel)) as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
  const logit = tfl.layers.dense({ units: 1, kernelInitializer: init(3) }).apply(dIn) as tfl.SymbolicTensor;
  const discriminator = tfl.model({ inputs: dLabel === undefined ? x : [x, dLabel], outputs: logit });
  return { generator, discriminator, latentDim, ...(classes === undefined ? {} : { classes }) };
}
