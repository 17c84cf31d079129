import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** The members of tfjs-layers' Dense and Conv2D that the unfused forward pass reads (not in their public typings). */
interface KernelLayerInternals {
  kernel: { read(): tf.Tensor } | null;
  bias: { read(): tf.Tensor } | null;
  activation: { apply(x: tf.Tensor): tf.Tensor };
  /** Conv2D only: [sh, sw] and [dh, dw] (tfjs-layers normalizes a single number to a pair). */
  strides?: [number, number];
  padding?: string;
  dataFormat?: string;
  dilationRate?: [number, number];
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}

/** Whether TensorFlow.js is recording operations for a gradient (inside `tf.grads`, `variableGrads`, …). */
function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state: { gradientDepth: number } }).state;
  return state.gradientDepth > 0;
}

/** The layer classes whose forward pass this module can run unfused; every other layer is returned unchanged. */
const UNFUSABLE = new Set(['Dense', 'Conv2D']);

/**
 * Makes a tfjs-layers `Dense` (rank-2 input) or `Conv2D` (NHWC) layer run its forward pass as separate ops —
 * matMul / conv2d, then the bias add, then the activation — while gradients are recorded, and as the stock fused op
 * otherwise. The function computed is the same; the layer's class, configuration and weights are untouched, so a
 * saved model is a plain tfjs-layers model.
 *
 * Why: tfjs-layers calls the fused ops (`tf.fused.matMul`, `tf.fused.conv2d`), whose custom gradient computes the
 * gradients of the input, the kernel and the bias together, needed or not. GAN training needs only some of them: the
 * generator step needs the discriminator's input gradient but not its weight gradients, the discriminator step the
 * weight gradients but not the gradient of the images it judged. The separate ops' gradients are computed only for
 * what is differentiated. On a DCGAN-28 step this removes a filter gradient of D's second convolution in every
 * generator step and an input gradient of D's first convolution for each batch of the discriminator step.
 *
 * @param layer - a `tf.layers.dense` or `tf.layers.conv2d` layer (modified in place); any other layer, such as
 *   `conv2dTranspose` (whose op's gradients are already computed one input at a time), is left as it is.
 * @returns `layer`, for chaining.
 * @internal Used by gan-kit's architecture builders.
 */
export function unfusedWhileTraining<L extends tfl.layers.Layer>(layer: L): L {
  const className = layer.getClassName();
  if (!UNFUSABLE.has(className)) return layer;
  const internals = layer as unknown as KernelLayerInternals;
  const fused = internals.call.bind(layer);
  internals.call = (inputs, kwargs) => {
    if (!recordingGradients()) return fused(inputs, kwargs);
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const kernel = internals.kernel?.read();
      if (kernel === undefined) return fused(inputs, kwargs);
      let y: tf.Tensor;
      if (className === 'Dense' && x.rank === 2) {
        y = tf.matMul(x, kernel);
      } else if (className === 'Conv2D' && x.rank === 4 && internals.dataFormat === 'channelsLast' && (internals.padding === 'same' || internals.padding === 'valid')) {
        y = tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, internals.strides!, internals.padding, 'NHWC', internals.dilationRate!);
      } else {
        return fused(inputs, kwargs);
      }
      const bias = internals.bias?.read();
      if (bias !== undefined) y = tf.add(y, bias);
      return internals.activation.apply(y);
    });
  };
  return layer;
}
