import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorLossInputs, GanLoss, GeneratorLossInputs, LossOptions } from './gan_loss.js';
import { checkDiscriminatorInputs, checkGeneratorInputs } from './logits.js';
import { lossFromPair } from './loss_from_pair.js';
import { reduceTerms, resolveLossOptions } from './reduce.js';
import { sigmoidCrossEntropy } from './sigmoid_cross_entropy.js';

/**
 * The minimax generator loss, the saturating original of Goodfellow et al. 2014, "Generative Adversarial
 * Networks" (arXiv 1406.2661), eq. 1. The generator minimizes
 *
 * ```
 * L_G = log(1 − D(G(z))) = log σ(−f) = −softplus(f)
 * ```
 *
 * where `f` are the discriminator's logits on generated samples. Its gradient `−σ(f)` vanishes when the
 * discriminator confidently rejects the fakes (`f ≪ 0`), which is why the paper recommends the non-saturating loss
 * ({@link nonSaturatingGeneratorLoss}) in practice; this one is provided for faithfulness and comparison.
 *
 * @param inputs - `{ fakeLogits }`: D(G(z)), shape `[batch]` or `[batch, 1]`, float32.
 * @param options - `reduction` (default `'mean'`). `labelSmoothing` is accepted and, being one-sided, only changes
 *   the discriminator loss.
 * @returns A scalar, or per-example losses with the shape of `fakeLogits` when `reduction` is `'none'`.
 * @example
 * ```ts
 * const lossG = minimaxGeneratorLoss({ fakeLogits: discriminator.predict(fakes) as tf.Tensor });
 * ```
 */
export function minimaxGeneratorLoss(inputs: GeneratorLossInputs, options?: LossOptions): tf.Tensor {
  const { reduction } = resolveLossOptions('minimaxGeneratorLoss', options);
  const fakeLogits = checkGeneratorInputs('minimaxGeneratorLoss', inputs);
  return tf.tidy(() => reduceTerms([tf.neg(tf.softplus(fakeLogits))], reduction));
}

/**
 * The minimax discriminator loss of Goodfellow et al. 2014, "Generative Adversarial Networks" (arXiv 1406.2661),
 * eq. 1: the sigmoid cross-entropy of real logits against the target `1 − s` and of generated logits against `0`,
 *
 * ```
 * L_D = mean[(1 − s)·softplus(−r) + s·softplus(r)] + mean[softplus(f)]
 * ```
 *
 * where `r` and `f` are the logits on real and generated samples and `s` the one-sided label smoothing
 * (Salimans et al. 2016, arXiv 1606.03498). With `s = 0` this is `−log D(x) − log(1 − D(G(z)))`. The
 * non-saturating GAN trains its discriminator with this same loss ({@link nonSaturatingDiscriminatorLoss}).
 *
 * @param inputs - `{ realLogits, fakeLogits }`: D(x) and D(G(z)), each of shape `[batch]` or `[batch, 1]`, float32.
 *   The two batches may differ in size unless `reduction` is `'none'`.
 * @param options - `labelSmoothing` in `[0, 1)` (default `0`), `reduction` (default `'mean'`).
 * @returns A scalar, or per-example losses (real term + generated term) when `reduction` is `'none'`.
 * @example
 * ```ts
 * const lossD = minimaxDiscriminatorLoss({ realLogits, fakeLogits }, { labelSmoothing: 0.1 });
 * ```
 */
export function minimaxDiscriminatorLoss(inputs: DiscriminatorLossInputs, options?: LossOptions): tf.Tensor {
  return crossEntropyDiscriminatorLoss('minimaxDiscriminatorLoss', inputs, options);
}

/**
 * The discriminator loss shared by the minimax and the non-saturating GAN (see {@link minimaxDiscriminatorLoss});
 * `functionName` is the public function errors are reported for.
 */
export function crossEntropyDiscriminatorLoss(
  functionName: string,
  inputs: DiscriminatorLossInputs,
  options: LossOptions | undefined,
): tf.Tensor {
  const { labelSmoothing, reduction } = resolveLossOptions(functionName, options);
  const { realLogits, fakeLogits } = checkDiscriminatorInputs(functionName, inputs, reduction);
  return tf.tidy(() =>
    reduceTerms([sigmoidCrossEntropy(realLogits, 1 - labelSmoothing), sigmoidCrossEntropy(fakeLogits, 0)], reduction),
  );
}

/**
 * The minimax GAN objective of Goodfellow et al. 2014 (arXiv 1406.2661) as a {@link GanLoss}:
 * {@link minimaxGeneratorLoss} (`L_G = −softplus(f)`, saturating) and {@link minimaxDiscriminatorLoss}
 * (`L_D = softplus(−r) + softplus(f)`, with optional label smoothing). Options are validated here, once.
 *
 * @param options - `labelSmoothing` in `[0, 1)` (default `0`), `reduction` (default `'mean'`).
 * @returns A frozen `GanLoss` named `'minimax'`.
 * @example
 * ```ts
 * const trainer = new AdversarialTrainer(gan, { loss: minimaxLoss() });
 * ```
 */
export function minimaxLoss(options?: LossOptions): GanLoss {
  return lossFromPair(
    'minimax',
    minimaxGeneratorLoss,
    minimaxDiscriminatorLoss,
    resolveLossOptions('minimaxLoss', options),
  );
}
