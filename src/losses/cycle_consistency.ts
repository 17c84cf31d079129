import type * as tf from '@tensorflow/tfjs-core';
import { l1Distance, type ImageLossOptions } from './pixel.js';

/** What the cycle-consistency loss compares: images and their round trip through both generators. */
export interface CycleConsistencyInputs {
  /** Images x of one domain, `[batch, …]`, float32. */
  readonly real: tf.Tensor;
  /** Their reconstructions F(G(x)) after a round trip to the other domain and back, the same shape. */
  readonly reconstructed: tf.Tensor;
}

/**
 * The cycle-consistency loss of CycleGAN (Zhu et al. 2017, "Unpaired Image-to-Image Translation using
 * Cycle-Consistent Adversarial Networks", arXiv:1703.10593), for one direction:
 *
 *   L_cyc = mean |x − F(G(x))|   (L1, over every element)
 *
 * The paper's full term is λ_cyc · (L_cyc(x, F(G(x))) + L_cyc(y, G(F(y)))) with λ_cyc = 10: call this once per
 * domain and weight the sum.
 *
 * @param inputs - `{ real, reconstructed }`, float32 tensors of the same shape.
 * @param options - `reduction`: `'mean'` (default), `'sum'`, or `'none'` for the mean per sample `[batch]`.
 * @returns a scalar, or `[batch]` with `reduction: 'none'`; the caller disposes it.
 * @example
 * ```ts
 * const cycle = tf.add(
 *   cycleConsistencyLoss({ real: a, reconstructed: gBA.apply(gAB.apply(a)) as tf.Tensor }),
 *   cycleConsistencyLoss({ real: b, reconstructed: gAB.apply(gBA.apply(b)) as tf.Tensor }),
 * );
 * ```
 */
export function cycleConsistencyLoss(inputs: CycleConsistencyInputs, options?: ImageLossOptions): tf.Tensor {
  return l1Distance('cycleConsistencyLoss', inputs, ['real', 'reconstructed'], options);
}
