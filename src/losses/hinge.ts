import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorLossInputs, GanLoss, GeneratorLossInputs, LossOptions } from './gan_loss.js';
import { checkDiscriminatorInputs } from './logits.js';
import { lossFromPair } from './loss_from_pair.js';
import { reduceTerms, resolveLossOptions, type LossOptionRules } from './reduce.js';
import { negatedLogitsGeneratorLoss } from './wasserstein.js';

const HINGE_RULES: LossOptionRules = {
  labelSmoothingRejected:
    'The hinge loss uses margins (±1) on raw logits, not probability targets; there is no label to smooth.',
};

/**
 * The hinge generator loss of Lim & Ye 2017, "Geometric GAN" (arXiv 1705.02894), as used by SNGAN (Miyato et al.
 * 2018, "Spectral Normalization for Generative Adversarial Networks", arXiv 1802.05957):
 *
 * ```
 * L_G = −mean(f)
 * ```
 *
 * where `f` are the discriminator's logits on generated samples.
 *
 * @param inputs - `{ fakeLogits }`: D(G(z)), shape `[batch]` or `[batch, 1]`, float32.
 * @param options - `reduction` (default `'mean'`). `labelSmoothing` must be `0`.
 * @returns A scalar, or per-example losses `−f` with the shape of `fakeLogits` when `reduction` is `'none'`.
 */
export function hingeGeneratorLoss(inputs: GeneratorLossInputs, options?: LossOptions): tf.Tensor {
  return negatedLogitsGeneratorLoss('hingeGeneratorLoss', inputs, options, HINGE_RULES);
}

/**
 * The hinge discriminator loss of Lim & Ye 2017, "Geometric GAN" (arXiv 1705.02894), as used by SNGAN
 * (Miyato et al. 2018, arXiv 1802.05957):
 *
 * ```
 * L_D = mean[relu(1 − r)] + mean[relu(1 + f)]
 * ```
 *
 * where `r` and `f` are the logits on real and generated samples: real samples are pushed above the margin `+1`,
 * generated ones below `−1`, and samples beyond their margin contribute nothing.
 *
 * @param inputs - `{ realLogits, fakeLogits }`: D(x) and D(G(z)), each of shape `[batch]` or `[batch, 1]`, float32.
 *   The two batches may differ in size unless `reduction` is `'none'`.
 * @param options - `reduction` (default `'mean'`). `labelSmoothing` must be `0`.
 * @returns A scalar, or per-example losses (real term + generated term) when `reduction` is `'none'`.
 */
export function hingeDiscriminatorLoss(inputs: DiscriminatorLossInputs, options?: LossOptions): tf.Tensor {
  const { reduction } = resolveLossOptions('hingeDiscriminatorLoss', options, HINGE_RULES);
  const { realLogits, fakeLogits } = checkDiscriminatorInputs('hingeDiscriminatorLoss', inputs, reduction);
  return tf.tidy(() =>
    reduceTerms([tf.relu(tf.sub(1, realLogits)), tf.relu(tf.add(1, fakeLogits))], reduction),
  );
}

/**
 * The hinge GAN objective (Lim & Ye 2017, arXiv 1705.02894; Miyato et al. 2018, arXiv 1802.05957) as a
 * {@link GanLoss}: {@link hingeGeneratorLoss} (`L_G = −mean(f)`) and {@link hingeDiscriminatorLoss}
 * (`L_D = mean[relu(1 − r)] + mean[relu(1 + f)]`). The loss of SNGAN, BigGAN and SAGAN; pair it with spectral
 * normalization of the discriminator. Options are validated here, once.
 *
 * @param options - `reduction` (default `'mean'`). A non-zero `labelSmoothing` is rejected.
 * @returns A frozen `GanLoss` named `'hinge'`.
 * @example
 * ```ts
 * const trainer = new AdversarialTrainer(gan, { loss: hingeLoss() });
 * ```
 */
export function hingeLoss(options?: LossOptions): GanLoss {
  return lossFromPair(
    'hinge',
    hingeGeneratorLoss,
    hingeDiscriminatorLoss,
    resolveLossOptions('hingeLoss', options, HINGE_RULES),
  );
}
