// Tiny discriminators, one per activation/normalization gan-kit supports under gradient penalties (a test helper).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededRandom } from '../../src/utils/random.js';

/** A builder of a tiny discriminator and the shape of one sample. */
export interface TinyDiscriminator {
  readonly name: string;
  readonly sampleShape: number[];
  /** Whether its weight gradient needs the Conv2DBackpropFilter kernel (absent from the stock WASM backend). */
  readonly convolutional: boolean;
  readonly build: () => tfl.LayersModel;
}

const dense = (units: number, activation?: 'tanh' | 'sigmoid' | 'elu' | 'relu' | 'softplus'): tfl.layers.Layer =>
  tfl.layers.dense(activation === undefined ? { units } : { units, activation });
const conv = (filters: number, extra: Partial<{ strides: number; kernelSize: number }> = {}): tfl.layers.Layer =>
  tfl.layers.conv2d({ filters, kernelSize: 2, padding: 'same', ...extra });
// Smooth where the layer under test is not an activation: fewer kinks for the finite differences to step over.
const tanh = (): tfl.layers.Layer => tfl.layers.activation({ activation: 'tanh' });
const leaky = (): tfl.layers.Layer => tfl.layers.leakyReLU({ alpha: 0.2 });
const head = (): tfl.layers.Layer[] => [tfl.layers.flatten(), tfl.layers.dense({ units: 1 })];

function sequential(sampleShape: number[], layers: tfl.layers.Layer[]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.inputLayer({ inputShape: sampleShape }));
  for (const layer of layers) model.add(layer);
  return model;
}

const vector = (name: string, layers: () => tfl.layers.Layer[]): TinyDiscriminator => ({
  name, sampleShape: [3], convolutional: false, build: () => sequential([3], [...layers(), tfl.layers.dense({ units: 1 })]),
});
const image = (name: string, layers: () => tfl.layers.Layer[], convolutional = true): TinyDiscriminator => ({
  name, sampleShape: [4, 4, 1], convolutional, build: () => sequential([4, 4, 1], [...layers(), ...head()]),
});

/** Every discriminator of the gradient-penalty harness. */
export const TINY_DISCRIMINATORS: readonly TinyDiscriminator[] = [
  vector('dense+leakyRelu', () => [dense(4), leaky()]),
  vector('dense+relu', () => [dense(4, 'relu')]),
  vector('dense+tanh', () => [dense(4, 'tanh')]),
  vector('dense+sigmoid', () => [dense(4, 'sigmoid')]),
  vector('dense+elu', () => [dense(4, 'elu')]),
  vector('dense+softplus', () => [dense(4, 'softplus')]),
  vector('dense+layerNorm', () => [dense(4), tfl.layers.layerNormalization(), tanh()]),
  image('conv2d+leakyRelu', () => [conv(2), leaky()]),
  image('conv2d+batchNorm', () => [conv(2), tfl.layers.batchNormalization(), leaky()]),
  image('conv2d+maxPool', () => [conv(2), tfl.layers.maxPooling2d({ poolSize: 2 })]),
  image('conv2d+avgPool', () => [conv(2), tfl.layers.averagePooling2d({ poolSize: 2 }), tanh()]),
  image('upSampling2d(nearest)', () => [
    tfl.layers.upSampling2d({ size: [2, 2] }), conv(1, { strides: 2, kernelSize: 3 }), tanh(),
  ]),
  image('upSampling2d(bilinear)', () => [
    tfl.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }), conv(1, { strides: 2, kernelSize: 3 }), tanh(),
  ]),
  image('conv2dTranspose', () => [
    tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same' }), tanh(),
  ]),
];

/**
 * Builds `spec` and overwrites its trainable weights with seeded draws: N(0, 0.6²) for kernels and biases,
 * 1 + N(0, 0.3²) for normalization scales (γ), so that every weight matters and nothing saturates.
 */
export function buildSeeded(spec: TinyDiscriminator, seed: number): tfl.LayersModel {
  const model = spec.build();
  const random = new SeededRandom(seed);
  for (const weight of model.trainableWeights) {
    tf.tidy(() => {
      const noise = random.normalTensor(weight.shape as number[]);
      weight.write(weight.originalName.endsWith('gamma') ? tf.add(1, tf.mul(0.3, noise)) : tf.mul(0.6, noise));
    });
  }
  return model;
}

/** D(x) = tanh(w·x + b) on vectors of length w.length: its input gradient (1 − D²)·w is known in closed form. */
export function tanhUnit(w: number[], b: number): tfl.LayersModel {
  const model = sequential([w.length], [tfl.layers.dense({ units: 1, activation: 'tanh' })]);
  model.setWeights([tf.tensor2d(w, [w.length, 1]), tf.tensor1d([b])]);
  return model;
}

/** ‖∇ₓ tanh(w·x + b)‖₂ for one sample x, in double precision. */
export function tanhUnitGradientNorm(w: number[], b: number, x: number[]): number {
  const t = Math.tanh(w.reduce((acc, wi, i) => acc + wi * x[i]!, b));
  return (1 - t * t) * Math.hypot(...w);
}
