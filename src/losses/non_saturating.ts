import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorLossInputs, GanLoss, GeneratorLossInputs, LossOptions } from './gan_loss.js';
import { checkGeneratorInputs } from './logits.js';
import { lossFromPair } from './loss_from_pair.js';
import { crossEntropyDiscriminatorLoss } from './minimax.js';
import { reduceTerms, resolveLossOptions } from './reduce.js';
import { sigmoidCrossEntropy } from './sigmoid_cross_entropy.js';

/**
 * The non-saturating generator loss of Goodfellow et al. 2014, "Generative Adversarial Networks"
 * (arXiv 1406.2661), §3: instead of minimizing `log(1 − D(G(z)))` the generator maximizes `log D(G(z))`, i.e.
 * minimizes
 *
 * ```
 * L_G = −log D(G(z)) = −log σ(f) = softplus(−f)
 * ```
 *
 * where `f` are the discriminator's logits on generated samples. Same fixed point as the minimax loss, but strong
 * gradients (`−σ(−f)`) early in training, when the discriminator rejects the fakes.
 *
 * @param inputs - `{ fakeLogits }`: D(G(z)), shape `[batch]` or `[batch, 1]`, float32.
 * @param options - `reduction` (default `'mean'`). `labelSmoothing` is accepted and, being one-sided, only changes
 *   the discriminator loss.
 * @returns A scalar, or per-example losses with the shape of `fakeLogits` when `reduction` is `'none'`.
 * @example
 * ```ts
 * const lossG = nonSaturatingGeneratorLoss({ fakeLogits });
 * ```
 */
export function nonSaturatingGeneratorLoss(inputs: GeneratorLossInputs, options?: LossOptions): tf.Tensor {
  const { reduction } = resolveLossOptions('nonSaturatingGeneratorLoss', options);
  const fakeLogits = checkGeneratorInputs('nonSaturatingGeneratorLoss', inputs);
  return tf.tidy(() => reduceTerms([sigmoidCrossEntropy(fakeLogits, 1)], reduction));
}

/**
 * The non-saturating GAN's discriminator loss (Goodfellow et al. 2014, arXiv 1406.2661): the same sigmoid
 * cross-entropy as the minimax discriminator,
 *
 * ```
 * L_D = mean[(1 − s)·softplus(−r) + s·softplus(r)] + mean[softplus(f)]
 * ```
 *
 * with `r`, `f` the logits on real and generated samples and `s` the one-sided label smoothing
 * (Salimans et al. 2016, arXiv 1606.03498).
 *
 * @param inputs - `{ realLogits, fakeLogits }`: D(x) and D(G(z)), each of shape `[batch]` or `[batch, 1]`, float32.
 *   The two batches may differ in size unless `reduction` is `'none'`.
 * @param options - `labelSmoothing` in `[0, 1)` (default `0`), `reduction` (default `'mean'`).
 * @returns A scalar, or per-example losses (real term + generated term) when `reduction` is `'none'`.
 */
export function nonSaturatingDiscriminatorLoss(inputs: DiscriminatorLossInputs, options?: LossOptions): tf.Tensor {
  return crossEntropyDiscriminatorLoss('nonSaturatingDiscriminatorLoss', inputs, options);
}

/**
 * The non-saturating GAN objective of Goodfellow et al. 2014 (arXiv 1406.2661, §3) as a {@link GanLoss}:
 * {@link nonSaturatingGeneratorLoss} (`L_G = softplus(−f)`) and {@link nonSaturatingDiscriminatorLoss}
 * (`L_D = softplus(−r) + softplus(f)`, with optional label smoothing). The usual default for DCGAN-style training.
 * Options are validated here, once.
 *
 * @param options - `labelSmoothing` in `[0, 1)` (default `0`), `reduction` (default `'mean'`).
 * @returns A frozen `GanLoss` named `'non-saturating'`.
 * @example
 * ```ts
 * const trainer = new AdversarialTrainer(gan, { loss: nonSaturatingLoss({ labelSmoothing: 0.1 }) });
 * ```
 */
export function nonSaturatingLoss(options?: LossOptions): GanLoss {
  return lossFromPair(
    'non-saturating',
    nonSaturatingGeneratorLoss,
    nonSaturatingDiscriminatorLoss,
    resolveLossOptions('nonSaturatingLoss', options),
  );
}
