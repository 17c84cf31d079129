import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorLossInputs, GanLoss, GeneratorLossInputs, LossOptions } from './gan_loss.js';
import { checkDiscriminatorInputs, checkGeneratorInputs } from './logits.js';
import { lossFromPair } from './loss_from_pair.js';
import {
  describeValue,
  reduceTerms,
  resolveLossOptions,
  type LossOptionRules,
  type ResolvedLossOptions,
} from './reduce.js';

/**
 * Options of the least-squares GAN loss: the shared {@link LossOptions} plus the three targets `a`, `b`, `c` of
 * Mao et al. 2017 (arXiv 1611.04076). The defaults `a = 0, b = 1, c = 1` are the paper's 0-1 coding;
 * `a = −1, b = 1, c = 0` satisfies the paper's conditions (`b − c = 1`, `b − a = 2`) under which the generator
 * minimizes the Pearson χ² divergence.
 *
 * `labelSmoothing` must be `0`: to soften the real target, set `realTarget` (for instance `0.9`).
 */
export interface LeastSquaresLossOptions extends LossOptions {
  /** `a`: the discriminator's target for generated samples. Any finite number. Default `0`. */
  readonly fakeTarget?: number;
  /** `b`: the discriminator's target for real samples. Any finite number. Default `1`. */
  readonly realTarget?: number;
  /** `c`: the value the generator wants the discriminator to output on generated samples. Default `1`. */
  readonly generatorTarget?: number;
}

interface ResolvedTargets {
  readonly fakeTarget: number;
  readonly realTarget: number;
  readonly generatorTarget: number;
}

const TARGET_KEYS = ['fakeTarget', 'realTarget', 'generatorTarget'] as const;

const LEAST_SQUARES_RULES: LossOptionRules = {
  labelSmoothingRejected: 'The least-squares loss sets its targets directly: use realTarget (e.g. 0.9) instead.',
  extraKeys: TARGET_KEYS,
};

const DEFAULT_TARGETS: ResolvedTargets = { fakeTarget: 0, realTarget: 1, generatorTarget: 1 };

/** Validates least-squares options and fills in the defaults; errors name `functionName` and the option. */
function resolveLeastSquaresOptions(
  functionName: string,
  options: LeastSquaresLossOptions | undefined,
): ResolvedLossOptions & ResolvedTargets {
  const shared = resolveLossOptions(functionName, options, LEAST_SQUARES_RULES);
  const targets: Record<(typeof TARGET_KEYS)[number], number> = { ...DEFAULT_TARGETS };
  for (const key of TARGET_KEYS) {
    const value = options?.[key] ?? DEFAULT_TARGETS[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(
        `${functionName}: options.${key} must be a finite number (default ${DEFAULT_TARGETS[key]}); ` +
          `got ${describeValue(value)}.`,
      );
    }
    targets[key] = value;
  }
  return { ...shared, ...targets };
}

/**
 * The least-squares generator loss of Mao et al. 2017, "Least Squares Generative Adversarial Networks"
 * (arXiv 1611.04076):
 *
 * ```
 * L_G = ½·mean[(f − c)²]
 * ```
 *
 * where `f` are the discriminator's raw outputs (logits, no sigmoid) on generated samples and `c` is
 * `generatorTarget` (default `1`).
 *
 * @param inputs - `{ fakeLogits }`: D(G(z)), shape `[batch]` or `[batch, 1]`, float32.
 * @param options - `generatorTarget` `c` (default `1`), `reduction` (default `'mean'`); `fakeTarget`/`realTarget`
 *   are accepted and only affect the discriminator loss. `labelSmoothing` must be `0`.
 * @returns A scalar, or per-example losses with the shape of `fakeLogits` when `reduction` is `'none'`.
 */
export function leastSquaresGeneratorLoss(inputs: GeneratorLossInputs, options?: LeastSquaresLossOptions): tf.Tensor {
  const { reduction, generatorTarget } = resolveLeastSquaresOptions('leastSquaresGeneratorLoss', options);
  const fakeLogits = checkGeneratorInputs('leastSquaresGeneratorLoss', inputs);
  return tf.tidy(() => reduceTerms([halfSquaredError(fakeLogits, generatorTarget)], reduction));
}

/**
 * The least-squares discriminator loss of Mao et al. 2017, "Least Squares Generative Adversarial Networks"
 * (arXiv 1611.04076):
 *
 * ```
 * L_D = ½·mean[(r − b)²] + ½·mean[(f − a)²]
 * ```
 *
 * where `r` and `f` are the discriminator's raw outputs (logits, no sigmoid) on real and generated samples,
 * `b` is `realTarget` (default `1`) and `a` is `fakeTarget` (default `0`).
 *
 * @param inputs - `{ realLogits, fakeLogits }`: D(x) and D(G(z)), each of shape `[batch]` or `[batch, 1]`, float32.
 *   The two batches may differ in size unless `reduction` is `'none'`.
 * @param options - `realTarget` `b`, `fakeTarget` `a`, `reduction` (default `'mean'`). `labelSmoothing` must be `0`.
 * @returns A scalar, or per-example losses (real term + generated term) when `reduction` is `'none'`.
 */
export function leastSquaresDiscriminatorLoss(
  inputs: DiscriminatorLossInputs,
  options?: LeastSquaresLossOptions,
): tf.Tensor {
  const { reduction, realTarget, fakeTarget } = resolveLeastSquaresOptions('leastSquaresDiscriminatorLoss', options);
  const { realLogits, fakeLogits } = checkDiscriminatorInputs('leastSquaresDiscriminatorLoss', inputs, reduction);
  return tf.tidy(() =>
    reduceTerms([halfSquaredError(realLogits, realTarget), halfSquaredError(fakeLogits, fakeTarget)], reduction),
  );
}

/** `½·(x − target)²`, element-wise. */
function halfSquaredError(x: tf.Tensor, target: number): tf.Tensor {
  return tf.mul(0.5, tf.square(tf.sub(x, target)));
}

/**
 * The least-squares GAN objective of Mao et al. 2017 (arXiv 1611.04076) as a {@link GanLoss}:
 * {@link leastSquaresGeneratorLoss} (`L_G = ½·mean[(f − c)²]`) and {@link leastSquaresDiscriminatorLoss}
 * (`L_D = ½·mean[(r − b)²] + ½·mean[(f − a)²]`), on raw logits. Options are validated here, once.
 *
 * @param options - Targets `fakeTarget` (a, default 0), `realTarget` (b, default 1), `generatorTarget` (c,
 *   default 1); `reduction` (default `'mean'`). A non-zero `labelSmoothing` is rejected.
 * @returns A frozen `GanLoss` named `'least-squares'`.
 * @example
 * ```ts
 * const trainer = new AdversarialTrainer(gan, { loss: leastSquaresLoss() });
 * const pearson = leastSquaresLoss({ fakeTarget: -1, realTarget: 1, generatorTarget: 0 });
 * ```
 */
export function leastSquaresLoss(options?: LeastSquaresLossOptions): GanLoss {
  return lossFromPair(
    'least-squares',
    leastSquaresGeneratorLoss,
    leastSquaresDiscriminatorLoss,
    resolveLeastSquaresOptions('leastSquaresLoss', options),
  );
}
