import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** All weight values of a model, in order, as plain arrays. */
export function weightValues(model: tfl.LayersModel): number[][] {
  return model.weights.map((w) => Array.from(w.read().dataSync()));
}

/** Mean and standard deviation of a weight's values. */
export function moments(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

/** One line per layer: class name plus the configuration fields that define the architecture. */
export function layerSummary(model: tfl.LayersModel): string[] {
  return model.layers.map((layer) => {
    const c = layer.getConfig();
    const fields = ['units', 'filters', 'kernelSize', 'strides', 'padding', 'useBias', 'activation', 'alpha', 'targetShape']
      .filter((k) => c[k] !== undefined)
      .map((k) => `${k}=${JSON.stringify(c[k])}`);
    return [layer.getClassName(), ...fields].join(' ');
  });
}

/** Runs G on `batch` latent vectors and D on G's output; returns both shapes and values (no tensors are kept). */
export function forward(gan: { generator: tfl.LayersModel; discriminator: tfl.LayersModel; latentDim: number }, batch: number) {
  return tf.tidy(() => {
    const samples = gan.generator.predict(tf.randomNormal([batch, gan.latentDim], 0, 1, 'float32', 1)) as tf.Tensor;
    const logits = gan.discriminator.predict(samples) as tf.Tensor;
    return { sampleShape: samples.shape, samples: Array.from(samples.dataSync()), logitShape: logits.shape, logits: Array.from(logits.dataSync()) };
  });
}

/** Disposes both networks of a GAN. */
export function disposeGan(gan: { generator: tfl.LayersModel; discriminator: tfl.LayersModel }): void {
  gan.generator.dispose();
  gan.discriminator.dispose();
}
