import * as tf from '@tensorflow/tfjs-core';
import { layerSubModel, type FeatureExtractor, type LayerFeatureSource } from '../metrics/feature_extractor.js';
import { checkImagePair, reduceImageTerms, type ImageLossOptions, type PixelLossInputs } from './pixel.js';
import { describeValue } from './reduce.js';

/** Options of {@link perceptualLoss}. */
export interface PerceptualLossOptions {
  /**
   * The feature network φ: a layer of any `tf.LayersModel` (`{ model, layerName }`, e.g. the bundled MNIST
   * classifier's `'features'` layer, or a VGG layer), or a function from images to features. Its weights are not
   * changed by the loss (train only the generator's variables), and it stays the caller's.
   */
  readonly features: FeatureExtractor;
  /** How feature maps are compared: `'l2'` (mean squared difference, SRGAN's) or `'l1'` (mean absolute). Default `'l2'`. */
  readonly distance?: 'l1' | 'l2';
}

/** A perceptual loss made by {@link perceptualLoss}: `{ target, generated }` → the feature distance. */
export type PerceptualLoss = (inputs: PixelLossInputs, options?: ImageLossOptions) => tf.Tensor;

function isLayerSource(value: unknown): value is LayerFeatureSource {
  return typeof value === 'object' && value !== null && 'model' in value && 'layerName' in value;
}

/**
 * A perceptual (feature) loss: the distance between the features a fixed network computes from the target images
 * and from the generated ones (Johnson et al. 2016, arXiv:1603.08155; SRGAN's content loss, Ledig et al. 2017,
 * arXiv:1609.04802):
 *
 *   L = mean (φ(target) − φ(generated))²   ('l2'),   or   mean |φ(target) − φ(generated)|   ('l1'),
 *
 * the mean taken over every element of the feature maps. SRGAN's "VGG loss" is 'l2' on a VGG19 layer, normalized by
 * the feature map's width and height only, i.e. this value times the number of channels. Gradients flow through φ
 * into the generated images; φ is run in inference mode (`training: false`), so its batch normalization uses moving
 * statistics and its dropout is off.
 *
 * @param options - see {@link PerceptualLossOptions}.
 * @returns the loss function; each call returns a scalar (or `[batch]` with `reduction: 'none'`) the caller disposes.
 * @throws when `features` names a layer the model lacks (the message lists its layers), or `distance` is unknown.
 * @example
 * ```ts
 * const classifier = await loadMnistClassifier();
 * const content = perceptualLoss({ features: { model: classifier, layerName: MNIST_CLASSIFIER_FEATURE_LAYER } });
 * const loss = content({ target: highRes, generated: g.apply(lowRes) as tf.Tensor });
 * ```
 */
export function perceptualLoss(options: PerceptualLossOptions): PerceptualLoss {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`perceptualLoss: options must be an object { features, distance? }; got ${describeValue(options)}.`);
  }
  const { features, distance = 'l2' } = options;
  if (distance !== 'l1' && distance !== 'l2') throw new RangeError(`perceptualLoss: options.distance must be 'l1' or 'l2'; got ${describeValue(distance)}.`);
  let phi: (images: tf.Tensor) => tf.Tensor;
  if (typeof features === 'function') {
    phi = features;
  } else if (isLayerSource(features)) {
    const subModel = layerSubModel(features, 'perceptualLoss');
    phi = (images) => subModel.apply(images, { training: false }) as tf.Tensor;
  } else {
    throw new TypeError(`perceptualLoss: options.features must be { model, layerName } or a function from images to features; got ${describeValue(features)}.`);
  }
  return (inputs, lossOptions) => {
    const [target, generated, reduction] = checkImagePair('perceptualLoss', inputs, ['target', 'generated'], lossOptions);
    return tf.tidy(() => {
      const [a, b] = [phi(target), phi(generated)];
      if (a.shape[0] !== target.shape[0]) {
        throw new Error(`perceptualLoss: the feature network returned shape [${a.shape.join(', ')}] for ${target.shape[0]} images; it must keep the batch axis first.`);
      }
      const difference = tf.sub(a, b);
      return reduceImageTerms(distance === 'l2' ? tf.square(difference) : tf.abs(difference), reduction);
    });
  };
}
