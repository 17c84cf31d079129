import type * as tf from '@tensorflow/tfjs-core';

/*
 * Backpropagation kernels whose own gradient gan-kit does not provide. tfjs-core registers none either, so a
 * second-order pass through them would stop with tfjs's generic "gradient function not found"; registering a
 * gradient that throws turns that into an error naming the layer and what to use instead. The error only fires when
 * a second-order gradient actually flows through the kernel: first-order training is unaffected.
 */

/** Kernel name, the op whose gradient runs it, and what to use instead. */
const UNSUPPORTED: ReadonlyArray<readonly [string, string, string]> = [
  ['EluGrad', 'elu (fused into conv2d/matMul)', 'apply elu as a separate op or layer'],
  ['LRNGrad', 'localResponseNormalization', 'use batch or layer normalization in the discriminator'],
  ['MaxPool3DGrad', 'maxPool3d', 'use 2-D max pooling or strided convolutions'],
  ['AvgPool3DGrad', 'avgPool3d', 'use 2-D average pooling or strided convolutions'],
  ['Conv3DBackpropInputV2', 'conv3d', 'use 2-D convolutions'],
  ['Conv3DBackpropFilterV2', 'conv3d', 'use 2-D convolutions'],
  ['DepthwiseConv2dNativeBackpropInput', 'depthwiseConv2d / separableConv2d', 'use conv2d'],
  ['DepthwiseConv2dNativeBackpropFilter', 'depthwiseConv2d / separableConv2d', 'use conv2d'],
  ['Dilation2DBackpropInput', 'dilation2d', 'use max pooling'],
  ['Dilation2DBackpropFilter', 'dilation2d', 'use max pooling'],
];

/** The error thrown when a second-order gradient reaches `kernelName`. */
function unsupportedSecondOrderMessage(kernelName: string, op: string, instead: string): string {
  return (
    `gan-kit: the second-order gradient of ${op} (kernel ${kernelName}) is not supported, so a gradient penalty ` +
    `(WGAN-GP, R1, R2, DRAGAN) cannot be taken through it; ${instead}.`
  );
}

/** Throwing gradients for the kernels above, for `enableSecondOrderGradients`. */
export const unsupportedGradients: readonly tf.GradConfig[] = UNSUPPORTED.map(([kernelName, op, instead]) => ({
  kernelName,
  gradFunc: () => {
    throw new Error(unsupportedSecondOrderMessage(kernelName, op, instead));
  },
}));
