import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanLoss } from '../losses/gan_loss.js';
import type { Batch, SampleShape } from '../training/data_source.js';

/**
 * Options of the image-to-image algorithms' `sample`: the images to translate. `sample(n, { inputs })` translates
 * the first n of them.
 */
export interface TranslationSampleOptions {
  /** The images to translate, `[m, height, width, channels]` with m ≥ n, in the generator's input range ([−1, 1]). */
  readonly inputs: tf.Tensor;
  /**
   * Run the generator in training mode (batch statistics, pix2pix's dropout noise on), as pix2pix's authors do at
   * test time. Default `false`: inference mode.
   */
  readonly training?: boolean;
}

/** Options of a translation (`translate`, `upscale`). */
export interface TranslateOptions {
  /** Run the generator in training mode (see {@link TranslationSampleOptions.training}). Default `false`. */
  readonly training?: boolean;
  /** Images per generator call, an integer ≥ 1: bounds the memory of a large translation. Default 64. */
  readonly batchSize?: number;
}

/** The shape of one sample at a model's first input or output (without the batch axis). */
export function shapeOf(model: tfl.LayersModel, which: 'inputs' | 'outputs', index = 0): SampleShape {
  const shape = (which === 'inputs' ? model.inputs : model.outputs)[index]?.shape;
  return shape === undefined ? [] : shape.slice(1);
}

/** Whether two sample shapes agree, `null` matching anything. */
export function sameSampleShape(a: SampleShape, b: SampleShape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** `[28, 28, 1]`, with `any` for free dimensions. */
export function describeSampleShape(shape: SampleShape): string {
  return `[${shape.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;
}

/** Throws unless `model` is a `tf.LayersModel`; `what` names it (`'models.generator'`). */
export function checkModel(model: unknown, what: string, caller: string): tfl.LayersModel {
  if (model === null || typeof model !== 'object' || typeof (model as { apply?: unknown }).apply !== 'function') {
    throw new TypeError(`${caller}: ${what} must be a tf.LayersModel, saw ${model === null ? 'null' : typeof model}.`);
  }
  return model as tfl.LayersModel;
}

/** A weight λ ≥ 0 (finite), or `fallback` when undefined; errors name the option. */
export function checkWeight(value: unknown, option: string, caller: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${caller}: ${option} must be a finite number ≥ 0 (default ${fallback}), saw ${String(value)}.`);
  }
  return value;
}

/** Throws unless `loss` is a {@link GanLoss}. */
export function checkGanLoss(loss: GanLoss, caller: string): GanLoss {
  if (loss === null || typeof loss !== 'object' || typeof loss.generatorLoss !== 'function' || typeof loss.discriminatorLoss !== 'function') {
    throw new TypeError(`${caller}: loss must be a GanLoss with generatorLoss and discriminatorLoss functions (leastSquaresLoss(), nonSaturatingLoss(), …).`);
  }
  return loss;
}

/**
 * The two images of a batch of paired or unpaired data: `a` (the input, or domain A) and `b` (the target, or domain
 * B), as the loaders (`loadPairedImages`, `loadUnpairedImages`, the MNIST domains) and `unpaired({ a, b })` give them.
 */
export function imagePair(batch: Batch, caller: string): { readonly a: tf.Tensor; readonly b: tf.Tensor } {
  const record = batch as Record<string, tf.Tensor>;
  if (batch instanceof tf.Tensor || !(record['a'] instanceof tf.Tensor) || !(record['b'] instanceof tf.Tensor)) {
    const seen = batch instanceof tf.Tensor ? `a tensor [${batch.shape.join(', ')}]` : `a record of ${Object.keys(batch).join(', ') || 'nothing'}`;
    throw new TypeError(`${caller}: each batch must be a record { a, b } of image tensors (paired data { a, b }, or unpaired({ a, b })), saw ${seen}.`);
  }
  return { a: record['a'], b: record['b'] };
}

/**
 * A discriminator's logits flattened to one per sample or per patch, `[batch·h'·w']`: a PatchGAN's map counts each
 * patch as one sample, so a gan-kit loss takes the mean over all patches (the reference code's).
 */
export function flatLogits(discriminator: tfl.LayersModel, inputs: tf.Tensor | tf.Tensor[], training: boolean): tf.Tensor1D {
  return tf.reshape(discriminator.apply(inputs, { training }) as tf.Tensor, [-1]);
}

/**
 * `generator(images)` for a translation at inference: the images are checked against the generator's input shape and
 * run through it in chunks of `batchSize`.
 *
 * @returns a new tensor `[m, …output shape]`; the caller disposes it.
 */
export function applyGenerator(generator: tfl.LayersModel, images: tf.Tensor, options: TranslateOptions, caller: string): tf.Tensor {
  const expected = shapeOf(generator, 'inputs');
  if (!(images instanceof tf.Tensor) || images.isDisposed) {
    throw new TypeError(`${caller}: images must be a live tf.Tensor [n, ${expected.join(', ')}], saw ${images instanceof tf.Tensor ? 'a disposed tensor' : String(images)}.`);
  }
  if (images.rank !== expected.length + 1 || images.shape[0] === 0 || !sameSampleShape(images.shape.slice(1), expected)) {
    throw new Error(`${caller}: images must have shape [n, ${expected.join(', ')}] (the generator's input), saw [${images.shape.join(', ')}].`);
  }
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${caller}: batchSize must be an integer ≥ 1, saw ${String(batchSize)}.`);
  const training = options.training ?? false;
  const n = images.shape[0]!;
  return tf.tidy(() => {
    const chunks: tf.Tensor[] = [];
    for (let start = 0; start < n; start += batchSize) {
      const chunk = tf.slice(images, start, Math.min(batchSize, n - start));
      chunks.push(generator.apply(tf.cast(chunk, 'float32'), { training }) as tf.Tensor);
    }
    return chunks.length === 1 ? chunks[0]! : tf.concat(chunks, 0);
  });
}

/** The first `n` of `options.inputs` through `generator`: what the image-to-image algorithms' `sample` returns. */
export function sampleTranslations(generator: tfl.LayersModel, n: number, options: TranslationSampleOptions | undefined, caller: string): tf.Tensor {
  const inputs = options?.inputs;
  if (!(inputs instanceof tf.Tensor)) {
    throw new TypeError(`${caller}: an image-to-image GAN translates images: pass them as sample(n, { inputs }) with inputs [m ≥ n, ${shapeOf(generator, 'inputs').join(', ')}].`);
  }
  if (!Number.isInteger(n) || n < 1 || n > (inputs.shape[0] ?? 0)) {
    throw new RangeError(`${caller}: n must be an integer from 1 to the ${inputs.shape[0]} images given, saw ${String(n)}.`);
  }
  const first = n === inputs.shape[0] ? inputs : tf.slice(inputs, 0, n);
  try {
    return applyGenerator(generator, first, { training: options?.training ?? false }, caller);
  } finally {
    if (first !== inputs) first.dispose();
  }
}

/** `value` if it is a scalar tensor, else an error naming what returned it. */
export function checkScalar(value: tf.Tensor, what: string, caller: string): tf.Scalar {
  if (!(value instanceof tf.Tensor) || value.rank !== 0) {
    const seen = value instanceof tf.Tensor ? `a tensor of shape [${value.shape.join(', ')}]` : String(value);
    throw new Error(`${caller}: ${what} must return a scalar tensor, returned ${seen}; reduce it, e.g. with tf.mean.`);
  }
  return value as tf.Scalar;
}
