import type * as tf from '@tensorflow/tfjs-core';

/**
 * A batch of images as the trainer takes it: pixel values in [−1, 1] (the DCGAN convention, arXiv 1511.06434),
 * channels last. The caller owns (and disposes) the tensors.
 */
export interface ImageDataset {
  /** The images, shape `[n, height, width, channels]`, float32 in [−1, 1]. */
  readonly images: tf.Tensor4D;
  /** The class of each image, shape `[n]`, int32; present when the source has labels. */
  readonly labels?: tf.Tensor1D;
}

/** An {@link ImageDataset} whose source always has labels (MNIST, CIFAR-10). */
export interface LabelledImageDataset extends ImageDataset {
  readonly labels: tf.Tensor1D;
}

/** Maps bytes 0 … 255 linearly onto [−1, 1]: v / 127.5 − 1. */
export function bytesToUnitRange(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 127.5 - 1;
  return out;
}
