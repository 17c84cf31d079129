import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorLossInputs, GanLoss, GeneratorLossInputs, LossOptions } from './gan_loss.js';
import { checkDiscriminatorInputs, checkGeneratorInputs } from './logits.js';
import { lossFromPair } from './loss_from_pair.js';
import { reduceTerms, resolveLossOptions, type LossOptionRules } from './reduce.js';

const WASSERSTEIN_RULES: LossOptionRules = {
  labelSmoothingRejected:
    'The Wasserstein critic outputs unbounded scores, not probabilities, so there is no target to smooth.',
};

/**
 * The Wasserstein generator loss of Arjovsky et al. 2017, "Wasserstein GAN" (arXiv 1701.07875), Algorithm 1:
 *
 * ```
 * L_G = −mean(f)
 * ```
 *
 * where `f` are the critic's scores (logits) on generated samples. The critic must be kept (roughly) 1-Lipschitz,
 * by weight clipping (the paper), a gradient penalty (WGAN-GP) or spectral normalization.
 *
 * @param inputs - `{ fakeLogits }`: the critic's scores on G(z), shape `[batch]` or `[batch, 1]`, float32.
 * @param options - `reduction` (default `'mean'`). `labelSmoothing` must be `0`.
 * @returns A scalar, or per-example losses `−f` with the shape of `fakeLogits` when `reduction` is `'none'`.
 */
export function wassersteinGeneratorLoss(inputs: GeneratorLossInputs, options?: LossOptions): tf.Tensor {
  return negatedLogitsGeneratorLoss('wassersteinGeneratorLoss', inputs, options, WASSERSTEIN_RULES);
}

/**
 * The generator loss `L_G = −mean(f)` shared by the Wasserstein and the hinge GAN (see
 * {@link wassersteinGeneratorLoss}); `functionName` is the public function errors are reported for.
 */
export function negatedLogitsGeneratorLoss(
  functionName: string,
  inputs: GeneratorLossInputs,
  options: LossOptions | undefined,
  rules: LossOptionRules,
): tf.Tensor {
  const { reduction } = resolveLossOptions(functionName, options, rules);
  const fakeLogits = checkGeneratorInputs(functionName, inputs);
  return tf.tidy(() => reduceTerms([tf.neg(fakeLogits)], reduction));
}

/**
 * The Wasserstein critic loss of Arjovsky et al. 2017, "Wasserstein GAN" (arXiv 1701.07875), Algorithm 1: the
 * critic maximizes `mean(r) − mean(f)`, an estimate of the Wasserstein-1 distance, i.e. minimizes
 *
 * ```
 * L_D = mean(f) − mean(r)
 * ```
 *
 * where `r` and `f` are the critic's scores (logits) on real and generated samples.
 *
 * @param inputs - `{ realLogits, fakeLogits }`: scores on x and G(z), each of shape `[batch]` or `[batch, 1]`,
 *   float32. The two batches may differ in size unless `reduction` is `'none'`.
 * @param options - `reduction` (default `'mean'`; `'sum'` gives `sum(f) − sum(r)`, `'none'` gives `f − r`
 *   element-wise). `labelSmoothing` must be `0`.
 * @returns A scalar, or per-example losses when `reduction` is `'none'`.
 */
export function wassersteinDiscriminatorLoss(inputs: DiscriminatorLossInputs, options?: LossOptions): tf.Tensor {
  const { reduction } = resolveLossOptions('wassersteinDiscriminatorLoss', options, WASSERSTEIN_RULES);
  const { realLogits, fakeLogits } = checkDiscriminatorInputs('wassersteinDiscriminatorLoss', inputs, reduction);
  return tf.tidy(() => reduceTerms([tf.neg(realLogits), fakeLogits], reduction));
}

/**
 * The Wasserstein GAN objective of Arjovsky et al. 2017 (arXiv 1701.07875) as a {@link GanLoss}:
 * {@link wassersteinGeneratorLoss} (`L_G = −mean(f)`) and {@link wassersteinDiscriminatorLoss}
 * (`L_D = mean(f) − mean(r)`). Pair it with a Lipschitz constraint on the critic (weight clipping, a gradient
 * penalty, or spectral normalization) and several critic steps per generator step. Options are validated here.
 *
 * @param options - `reduction` (default `'mean'`). A non-zero `labelSmoothing` is rejected.
 * @returns A frozen `GanLoss` named `'wasserstein'`.
 * @example
 * ```ts
 * const trainer = new AdversarialTrainer(gan, { loss: wassersteinLoss(), discriminatorSteps: 5 });
 * ```
 */
export function wassersteinLoss(options?: LossOptions): GanLoss {
  return lossFromPair(
    'wasserstein',
    wassersteinGeneratorLoss,
    wassersteinDiscriminatorLoss,
    resolveLossOptions('wassersteinLoss', options, WASSERSTEIN_RULES),
  );
}
