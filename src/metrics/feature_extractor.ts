import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * A feature network written as a function: takes a batch of images (any shape the function accepts, first axis the
 * batch) and returns one feature vector per image, `[batch, d]` (a tensor of higher rank is flattened to `[batch, d]`).
 * It must not dispose its input; its result is disposed by {@link extractFeatures}.
 */
export type FeatureFunction = (images: tf.Tensor) => tf.Tensor;

/** A feature network taken from a layer of a `tf.LayersModel`: the features are that layer's output. */
export interface LayerFeatureSource {
  /** The model, e.g. a classifier trained on the data; it is not changed and stays owned by the caller. */
  readonly model: tfl.LayersModel;
  /** Name of the layer whose output gives the features, e.g. the penultimate dense layer of a classifier. */
  readonly layerName: string;
}

/** Anything {@link extractFeatures} can compute features with: a function or a model layer. */
export type FeatureExtractor = FeatureFunction | LayerFeatureSource;

/** Options of {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** How many images go through the network at a time, a positive integer; bounds the memory. Default 256. */
  readonly batchSize?: number;
}

/**
 * Turns a model layer into a {@link FeatureFunction}: builds a sub-model from the model's inputs to the named layer's
 * output (sharing the model's weights, so nothing is copied). A multi-input model is not supported.
 *
 * @param source - the model and the layer name.
 * @throws when the model has no layer of that name (the message lists the names there are).
 * @example
 * ```ts
 * const features = layerFeatures({ model: classifier, layerName: 'features' });
 * const f = features(images); // [n, d]
 * ```
 */
export function layerFeatures(source: LayerFeatureSource): FeatureFunction {
  const subModel = layerSubModel(source, 'layerFeatures');
  return (images) => subModel.predict(images) as tf.Tensor;
}

/**
 * The sub-model from a model's input to the output of its layer `source.layerName`, sharing the model's weights (it
 * owns none of its own, so it is not disposed); the errors name `user`.
 */
export function layerSubModel(source: LayerFeatureSource, user: string): tfl.LayersModel {
  const { model, layerName } = source;
  const layer = model.layers.find((l) => l.name === layerName);
  if (layer === undefined) {
    throw new Error(
      `${user}: the model has no layer named '${layerName}'; its layers are: ${model.layers.map((l) => l.name).join(', ')}.`,
    );
  }
  if (model.inputs.length !== 1) {
    throw new Error(`${user}: the model must have one input, it has ${model.inputs.length}.`);
  }
  const output = layer.output;
  if (Array.isArray(output)) {
    throw new Error(`${user}: layer '${layerName}' has ${output.length} outputs; pick a layer with one output.`);
  }
  return tfl.model({ inputs: model.inputs, outputs: output });
}

/**
 * Computes the features of a set of images, `batchSize` images at a time: the rows of the result are the
 * extractor's outputs (flattened to one vector per image) in image order. Fréchet distance, kernel distance and
 * precision/recall all depend on the feature network: compare numbers only when they come from the same network
 * and the same sample size.
 *
 * @param images - the images, first axis the batch, in the layout and value range the extractor expects.
 * @param extractor - a {@link FeatureFunction} or a {@link LayerFeatureSource}.
 * @param options - see {@link ExtractFeaturesOptions}.
 * @returns features `[n, d]`, float32; the caller disposes them.
 * @example
 * ```ts
 * const real = extractFeatures(realImages, { model: classifier, layerName: 'features' });
 * const fake = extractFeatures(fakeImages, { model: classifier, layerName: 'features' });
 * const fid = frechetDistance(real, fake);
 * ```
 */
export function extractFeatures(images: tf.Tensor, extractor: FeatureExtractor, options: ExtractFeaturesOptions = {}): tf.Tensor2D {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`extractFeatures: batchSize must be a positive integer, got ${batchSize}.`);
  }
  if (images.rank < 1 || images.shape[0] === 0) {
    throw new Error(`extractFeatures: images must hold at least one image (first axis the batch), got shape [${images.shape.join(', ')}].`);
  }
  const features = typeof extractor === 'function' ? extractor : layerFeatures(extractor);
  const n = images.shape[0]!;
  const parts: tf.Tensor2D[] = [];
  try {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      parts.push(
        tf.tidy(() => {
          const out = features(tf.slice(images, start, size));
          if (out.rank < 1 || out.shape[0] !== size) {
            throw new Error(
              `extractFeatures: the extractor returned shape [${out.shape.join(', ')}] for a batch of ${size} images; ` +
                `it must return one feature vector per image, [${size}, d].`,
            );
          }
          return tf.cast(tf.reshape(out, [size, -1]), 'float32') as tf.Tensor2D;
        }),
      );
    }
  } catch (error) {
    tf.dispose(parts);
    throw error;
  }
  if (parts.length === 1) return parts[0]!;
  const all = tf.concat2d(parts, 0);
  tf.dispose(parts);
  return all;
}
