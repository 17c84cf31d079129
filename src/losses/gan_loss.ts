import * as tf from '@tensorflow/tfjs-core';

/**
 * How a per-example loss is reduced to the value a loss function returns.
 *
 * - `'mean'` (default): the mean over all elements, a scalar.
 * - `'sum'`: the sum over all elements, a scalar.
 * - `'none'`: no reduction; the result has the shape of the logits.
 */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * What a discriminator loss is computed from: the discriminator's logits on a batch of real samples and on a
 * batch of generated samples. One convention everywhere: a positive logit means "real".
 */
export interface DiscriminatorLossInputs {
  /** D(x): logits on real samples, shape `[batch]` or `[batch, 1]`. */
  readonly realLogits: tf.Tensor;
  /** D(G(z)): logits on generated samples, shape `[batch]` or `[batch, 1]`. */
  readonly fakeLogits: tf.Tensor;
}

/**
 * What a generator loss is computed from. Most generator losses need only the logits on generated samples;
 * relativistic losses also compare them with the logits on real samples, and declare so with
 * {@link GanLoss.generatorNeedsRealLogits}, in which case the trainer always passes `realLogits`.
 */
export interface GeneratorLossInputs {
  /** D(G(z)): logits on generated samples, shape `[batch]` or `[batch, 1]`. */
  readonly fakeLogits: tf.Tensor;
  /** D(x): logits on real samples; present when the loss sets `generatorNeedsRealLogits`. */
  readonly realLogits?: tf.Tensor;
}

/**
 * A GAN objective: a generator loss and a discriminator loss computed from discriminator logits.
 *
 * Both methods return the value to be *minimized* by the network they belong to, as a scalar built from
 * differentiable tf ops (the trainer differentiates it with respect to that network's weights, inside its own tidy
 * scope; a loss must not dispose its inputs). The built-in losses ({@link minimaxLoss}, {@link nonSaturatingLoss},
 * {@link wassersteinLoss}, …) are plain frozen objects of this type; a user-written object works everywhere a
 * built-in one does, and can wrap or combine built-ins (see `docs/custom-losses.md`).
 *
 * @example
 * ```ts
 * const myLoss: GanLoss = {
 *   name: 'my-loss',
 *   discriminatorLoss: ({ realLogits, fakeLogits }) =>
 *     tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))),
 *   generatorLoss: ({ fakeLogits }) => tf.mean(tf.softplus(tf.neg(fakeLogits))),
 * };
 * ```
 */
export interface GanLoss {
  /** A short identifier, used in logs, checkpoints and error messages. */
  readonly name: string;
  /** The loss the generator minimizes. */
  generatorLoss(inputs: GeneratorLossInputs): tf.Tensor;
  /** The loss the discriminator (critic) minimizes. */
  discriminatorLoss(inputs: DiscriminatorLossInputs): tf.Tensor;
  /**
   * Set to `true` when {@link GanLoss.generatorLoss} reads `realLogits` (relativistic losses); the trainer then
   * evaluates the discriminator on a real batch during the generator step too. Default `false`.
   */
  readonly generatorNeedsRealLogits?: boolean;
}

/** Options shared by the built-in losses. */
export interface LossOptions {
  /**
   * One-sided label smoothing (Salimans et al. 2016, arXiv 1606.03498): the discriminator's target for real
   * samples becomes `1 − labelSmoothing`. Range `[0, 1)`. Default `0` (no smoothing). Losses for which the
   * notion has no meaning (Wasserstein) reject a non-zero value.
   */
  readonly labelSmoothing?: number;
  /** How per-example losses are reduced. Default `'mean'`. */
  readonly reduction?: Reduction;
}
