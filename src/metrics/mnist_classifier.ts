import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {
  MNIST_CLASSIFIER_ARTIFACTS,
  MNIST_CLASSIFIER_FEATURE_LAYER,
  MNIST_CLASSIFIER_HELD_OUT_ACCURACY,
} from './assets/mnist_classifier_weights.js';
import { extractFeatures, type FeatureExtractor } from './feature_extractor.js';

export { MNIST_CLASSIFIER_FEATURE_LAYER, MNIST_CLASSIFIER_HELD_OUT_ACCURACY };

/** Options of {@link mnistFeatures} and {@link mnistClassProbabilities}. */
export interface MnistClassifierOptions {
  /** A classifier from {@link loadMnistClassifier} to reuse (it is not disposed). Default: one is loaded and disposed. */
  readonly classifier?: tfl.LayersModel;
  /** Images per forward pass, a positive integer. Default 256. */
  readonly batchSize?: number;
}

function decodeBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/**
 * Loads gan-kit's bundled MNIST classifier, a small CNN (conv 16 → pool → conv 32 → pool → pool → dense 64 ReLU
 * `'features'` → dense 10 softmax, about 24k weights) trained by `scripts/train-mnist-classifier.ts` on the 9,003
 * 'train' digits of {@link loadMnist}; its accuracy on the 997 held-out 'test' digits is
 * {@link MNIST_CLASSIFIER_HELD_OUT_ACCURACY} (975 of 997, 97.8%, on both the cpu and wasm
 * backends). The weights (96 KB) ship inside the package, so nothing is downloaded.
 *
 * It is the usual Inception substitute on MNIST: its 64 penultimate features for a Fréchet or kernel distance
 * ({@link mnistFeatures}), its softmax for an inception-style score and class coverage
 * ({@link mnistClassProbabilities}). Numbers computed with it are comparable only with numbers computed with it.
 *
 * @returns a new model taking images `[n, 28, 28, 1]` in [−1, 1] (the range of {@link loadMnist}) and returning class
 *   probabilities `[n, 10]`; the caller disposes it.
 * @example
 * ```ts
 * const classifier = await loadMnistClassifier();
 * const probabilities = classifier.predict(images) as tf.Tensor2D;
 * ```
 */
export async function loadMnistClassifier(): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: MNIST_CLASSIFIER_ARTIFACTS.modelTopology,
      weightSpecs: MNIST_CLASSIFIER_ARTIFACTS.weightSpecs,
      weightData: decodeBase64(MNIST_CLASSIFIER_ARTIFACTS.weightDataBase64),
    }),
  );
}

async function classifierOutput(
  images: tf.Tensor4D,
  extractor: (classifier: tfl.LayersModel) => FeatureExtractor,
  where: string,
  options: MnistClassifierOptions,
): Promise<tf.Tensor2D> {
  const [, h, w, c] = images.shape;
  if (images.rank !== 4 || h !== 28 || w !== 28 || c !== 1) {
    throw new Error(
      `${where}: images must be [n, 28, 28, 1] MNIST-sized greyscale images in [−1, 1], got shape [${images.shape.join(', ')}].`,
    );
  }
  const model = options.classifier ?? (await loadMnistClassifier());
  try {
    const extractOptions = options.batchSize === undefined ? {} : { batchSize: options.batchSize };
    return extractFeatures(images, extractor(model), extractOptions);
  } finally {
    if (options.classifier === undefined) model.dispose();
  }
}

/**
 * The 64 penultimate features of the bundled MNIST classifier (see {@link loadMnistClassifier}): the default feature
 * network for MNIST-sized images in {@link frechetDistance}, {@link kernelInceptionDistance} and
 * {@link precisionRecall}.
 *
 * @param images - `[n, 28, 28, 1]`, values in [−1, 1] (as {@link loadMnist} gives and a tanh generator makes).
 * @param options - see {@link MnistClassifierOptions}.
 * @returns features `[n, 64]`; the caller disposes them.
 * @example
 * ```ts
 * const fid = frechetDistance(await mnistFeatures(realImages), await mnistFeatures(fakeImages));
 * ```
 */
export async function mnistFeatures(images: tf.Tensor4D, options: MnistClassifierOptions = {}): Promise<tf.Tensor2D> {
  return classifierOutput(images, (model) => ({ model, layerName: MNIST_CLASSIFIER_FEATURE_LAYER }), 'mnistFeatures', options);
}

/**
 * The bundled MNIST classifier's class probabilities p(digit | image), for {@link inceptionScore} and
 * {@link classCoverage} (see {@link loadMnistClassifier}).
 *
 * @param images - `[n, 28, 28, 1]`, values in [−1, 1].
 * @param options - see {@link MnistClassifierOptions}.
 * @returns probabilities `[n, 10]`; the caller disposes them.
 */
export async function mnistClassProbabilities(images: tf.Tensor4D, options: MnistClassifierOptions = {}): Promise<tf.Tensor2D> {
  return classifierOutput(images, (model) => (batch) => model.predict(batch) as tf.Tensor, 'mnistClassProbabilities', options);
}
