import * as tf from '@tensorflow/tfjs-core';

/** The highest rank whose Tile TensorFlow.js can differentiate. */
const MAX_TILE_GRADIENT_RANK = 4;

/**
 * The gradient of `Sum` or `Mean` over some axes of x, where gan-kit's `Tile` kernel is installed: dy with the reduced
 * axes kept as 1s (divided by the number of values averaged, for `Mean`) and broadcast back to the shape of x by the
 * backend's `Tile`. TensorFlow.js's own gradients multiply dy by a tensor of ones of the full shape of x, which they
 * fill in JavaScript and copy to the backend at every call (for a batch-normalization layer, twice per layer and
 * step). The values are the same bit for bit (dy·1 = dy, and dividing before or after the broadcast rounds alike);
 * `Tile` has a gradient up to rank 4, so second-order gradients go through it; x of a higher rank keeps `original`.
 *
 * @param reduction - `'Sum'` or `'Mean'`.
 * @param original - the gradient registered before, used when `useBroadcast()` is false.
 * @param useBroadcast - whether gan-kit's `Tile` kernel is the one registered for the active backend.
 */
export function reductionGradient(reduction: 'Sum' | 'Mean', original: tf.GradConfig, useBroadcast: () => boolean): tf.GradConfig {
  return {
    kernelName: reduction,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      // TensorFlow.js differentiates Tile up to rank 4 only: a higher-rank x keeps the stock gradient, so that
      // second-order gradients through it (StyleGAN2's modulated weights) still exist.
      if (!useBroadcast() || x.rank > MAX_TILE_GRADIENT_RANK) return original.gradFunc(dy, saved, attrs);
      const axes = tf.util.parseAxisParam((attrs as unknown as tf.SumAttrs).axis, x.shape);
      const kept = x.shape.map((size, axis) => (axes.includes(axis) ? 1 : size));
      const count = axes.reduce((n, axis) => n * x.shape[axis]!, 1);
      return {
        x: () => {
          const expanded = tf.reshape(dy as tf.Tensor, kept);
          return tf.broadcastTo(reduction === 'Mean' ? tf.div(expanded, count) : expanded, x.shape);
        },
      };
    },
  };
}
