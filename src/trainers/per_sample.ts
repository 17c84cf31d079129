import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * tfjs-layers classes whose output for one sample depends only on that sample and the weights, and whose call has
 * no side effect in training mode. Not in the list, on purpose: BatchNormalization (batch statistics), Dropout and
 * the noise layers (random draws), gan-kit's SpectralNormalization (one power iteration per call), Packing (groups
 * neighbouring samples), ClassConditionalAffine (conditional batch normalization) and every layer gan-kit does not
 * know.
 */
const PER_SAMPLE_CLASSES: ReadonlySet<string> = new Set([
  'InputLayer', 'Dense', 'Conv1D', 'Conv2D', 'Conv2DTranspose', 'Conv3D', 'DepthwiseConv2D', 'SeparableConv2D',
  'LeakyReLU', 'ReLU', 'ELU', 'PReLU', 'ThresholdedReLU', 'Softmax', 'Activation', 'Flatten', 'Reshape', 'Permute',
  'RepeatVector', 'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D',
  'AveragePooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
  'LayerNormalization', 'Concatenate', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Embedding',
  // gan-kit's conditioning layers that act on each (sample, label) pair alone.
  'ClassEmbedding', 'ClassProjection',
]);

/**
 * Whether `model` treats every sample of a batch on its own: D([x; x̃]) = [D(x); D(x̃)] exactly, and one call on the
 * concatenation changes nothing that two calls would not. True when every layer (of nested models too) is of a
 * class known to be per-sample (Dense, convolutions, activations, reshapes, pooling, LayerNormalization, …).
 *
 * @param model - a tfjs-layers model.
 */
export function isPerSample(model: tfl.LayersModel): boolean {
  return model.layers.every((layer) => {
    const nested = layer as unknown as Partial<tfl.LayersModel>;
    if (Array.isArray(nested.layers)) return isPerSample(layer as unknown as tfl.LayersModel);
    return PER_SAMPLE_CLASSES.has(layer.getClassName());
  });
}

/**
 * Runs `apply` once on the row-wise concatenation of two batches of inputs and splits each output back:
 * f([a₁; b₁], [a₂; b₂], …) = [f(a)…; f(b)…] for a per-sample f. `first` and `second` hold the same inputs in the same
 * order (e.g. `[x]` and `[x̃]`, or `[x, y]` and `[x̃, ỹ]`); each output comes back as its rows of the first batch and
 * of the second.
 *
 * @internal The trainers' discriminator step with `discriminatorBatches` joint.
 */
export function applyToBoth(first: readonly tf.Tensor[], second: readonly tf.Tensor[], apply: (inputs: tf.Tensor[]) => tf.Tensor[]): [tf.Tensor[], tf.Tensor[]] {
  const sizes = [first[0]?.shape[0] ?? 0, second[0]?.shape[0] ?? 0];
  const parts = apply(first.map((x, i) => tf.concat([x, second[i]!], 0))).map((y) => tf.split(y, sizes, 0));
  return [parts.map((p) => p[0]!), parts.map((p) => p[1]!)];
}
