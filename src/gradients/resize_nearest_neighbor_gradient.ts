import * as tf from '@tensorflow/tfjs-core';

/*
 * Nearest-neighbour up-sampling by whole factors (what tfjs-layers' `upSampling2d` does) copies input pixel (r, c)
 * to the block of output pixels [r·fh, (r+1)·fh) × [c·fw, (c+1)·fw), so its gradient is the sum of the upstream
 * gradient over each block: reshape dy to [batch, height, fh, width, fw, channels] and sum the two factor axes.
 * Written with reshape and sum it is differentiable again on every backend, and it avoids the CPU
 * ResizeNearestNeighborGrad kernel of tfjs-backend-cpu 4.22, which reads dy at the *input's* batch stride and so
 * returns a wrong first-order gradient for every sample after the first. Other resizes (fractional factors,
 * `alignCorners`) keep the stock kernel, whose own gradient is registered in `backprop_kernel_gradients.ts`.
 */

/** The whole factors (fh, fw) of a resize from `inShape` to `size`, or undefined when it is not by whole factors. */
function wholeFactors(inShape: number[], size: [number, number], alignCorners: boolean): [number, number] | undefined {
  const [, height, width] = inShape;
  const [fh, fw] = [size[0] / height!, size[1] / width!];
  return !alignCorners && Number.isInteger(fh) && Number.isInteger(fw) ? [fh, fw] : undefined;
}

/** The gradient of the ResizeNearestNeighbor kernel (input `images`). */
export const resizeNearestNeighborGradient: tf.GradConfig = {
  kernelName: tf.ResizeNearestNeighbor,
  inputsToSave: ['images'],
  gradFunc: (dy, [images], attrs) => ({
    images: () => {
      const { alignCorners, size } = attrs as unknown as tf.ResizeNearestNeighborAttrs;
      const factors = wholeFactors(images!.shape, size, alignCorners);
      if (factors === undefined) {
        return tf.engine().runKernel(tf.ResizeNearestNeighborGrad, { images: images!, dy: dy as tf.Tensor }, attrs) as tf.Tensor;
      }
      const [batch, height, width, channels] = images!.shape as [number, number, number, number];
      const blocks = tf.reshape(dy as tf.Tensor, [batch, height, factors[0], width, factors[1], channels]);
      return tf.sum(blocks, [2, 4]);
    },
  }),
};
