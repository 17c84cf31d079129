import * as tf from '@tensorflow/tfjs-core';

/*
 * Gradients for kernels that only ever run inside a first-order gradient: each computes dx = Aᵀ·dy for the linear
 * map A of a forward op (average pooling, resizing, convolution). tfjs-core registers none of them, so double
 * backpropagation through avgPool, upSampling2d/resize and through the filter gradient of conv2d stopped with
 * "gradient function not found". Being linear in dy, their gradient with respect to dy is A itself, the forward op;
 * with respect to the inputs that only fix shapes it is zero.
 */

/** AvgPoolGrad(dy, input) = Aᵀ·dy for A = avgPool: gradient A·ddx = avgPool(ddx). */
const avgPoolGradGradient: tf.GradConfig = {
  kernelName: tf.AvgPoolGrad,
  inputsToSave: ['input'],
  gradFunc: (ddx, [input], attrs) => {
    const { filterSize, strides, pad } = attrs as unknown as tf.AvgPoolGradAttrs;
    return {
      dy: () => tf.avgPool(ddx as tf.Tensor4D, filterSize, strides, pad as 'valid' | 'same' | number),
      input: () => tf.zerosLike(input!),
    };
  },
};

/** ResizeNearestNeighborGrad(images, dy): gradient with respect to dy = nearest-neighbour resize of ddx to dy's size. */
const resizeNearestNeighborGradGradient: tf.GradConfig = {
  kernelName: tf.ResizeNearestNeighborGrad,
  inputsToSave: ['images', 'dy'],
  gradFunc: (ddx, [images, dy], attrs) => {
    const { alignCorners, halfPixelCenters } = attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
    const [, height, width] = dy!.shape;
    return {
      dy: () => tf.image.resizeNearestNeighbor(ddx as tf.Tensor4D, [height!, width!], alignCorners, halfPixelCenters),
      images: () => tf.zerosLike(images!),
    };
  },
};

/** ResizeBilinearGrad(images, dy): gradient with respect to dy = bilinear resize of ddx to dy's size. */
const resizeBilinearGradGradient: tf.GradConfig = {
  kernelName: tf.ResizeBilinearGrad,
  inputsToSave: ['images', 'dy'],
  gradFunc: (ddx, [images, dy], attrs) => {
    const { alignCorners, halfPixelCenters } = attrs as unknown as tf.ResizeBilinearGradAttrs;
    const [, height, width] = dy!.shape;
    return {
      dy: () => tf.image.resizeBilinear(ddx as tf.Tensor4D, [height!, width!], alignCorners, halfPixelCenters),
      images: () => tf.zerosLike(images!),
    };
  },
};

/**
 * Conv2DBackpropFilter(x, dy) = ∂L/∂W of y = conv2d(x, W), bilinear in (x, dy): for an upstream ddW its gradient is
 * conv2d(x, ddW) with respect to dy and Conv2DBackpropInput(dy, ddW) with respect to x.
 */
const conv2DBackpropFilterGradient: tf.GradConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  inputsToSave: ['x', 'dy'],
  gradFunc: (ddw, [x, dy], attrs) => {
    const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const filter = ddw as tf.Tensor4D;
    const padding = pad as 'valid' | 'same' | number;
    return {
      x: () => {
        const backpropInputAttrs: tf.Conv2DBackpropInputAttrs = {
          strides, pad, dataFormat, inputShape: x!.shape as [number, number, number, number],
          ...(dimRoundingMode === undefined ? {} : { dimRoundingMode }),
        };
        return tf.engine().runKernel(
          tf.Conv2DBackpropInput, { dy: dy!, filter }, backpropInputAttrs as unknown as tf.NamedAttrMap,
        ) as tf.Tensor;
      },
      dy: () => tf.conv2d(x as tf.Tensor4D, filter, strides, padding, dataFormat, 1, dimRoundingMode),
    };
  },
};

/** The gradients of this file, for `enableSecondOrderGradients`. */
export const backpropKernelGradients: readonly tf.GradConfig[] = [
  avgPoolGradGradient,
  resizeNearestNeighborGradGradient,
  resizeBilinearGradGradient,
  conv2DBackpropFilterGradient,
];
