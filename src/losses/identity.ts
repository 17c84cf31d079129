import type * as tf from '@tensorflow/tfjs-core';
import { l1Distance, type ImageLossOptions } from './pixel.js';

/** What the identity loss compares: images of a generator's target domain and what the generator makes of them. */
export interface IdentityLossInputs {
  /** Images y of the domain a generator G maps to, `[batch, …]`, float32. */
  readonly real: tf.Tensor;
  /** G(y), the same shape: a generator given an image of its own output domain should leave it alone. */
  readonly mapped: tf.Tensor;
}

/**
 * The identity-mapping loss of CycleGAN (Zhu et al. 2017, arXiv:1703.10593, section 5.2, after Taigman et al. 2017,
 * arXiv:1611.02200), for one generator G: X → Y:
 *
 *   L_identity = mean |y − G(y)|   (L1, over every element, for y from Y)
 *
 * It keeps colours and tones that need not change. The reference code weights it 0.5 · λ_cyc (= 5).
 *
 * @param inputs - `{ real, mapped }`, float32 tensors of the same shape.
 * @param options - `reduction`: `'mean'` (default), `'sum'`, or `'none'` for the mean per sample `[batch]`.
 * @returns a scalar, or `[batch]` with `reduction: 'none'`; the caller disposes it.
 */
export function identityLoss(inputs: IdentityLossInputs, options?: ImageLossOptions): tf.Tensor {
  return l1Distance('identityLoss', inputs, ['real', 'mapped'], options);
}
