// The hand formulas of the built-in losses, in float64, each written once from its paper and shared by every test
// that checks the loss. Each returns the per-example terms; the loss is the sum of the batch means of its terms.
// `s` is the one-sided label smoothing. −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x).
import { mean, softplus } from './contract.js';

type Logits = readonly number[];

/** A built-in loss's hand formulas: per-example terms of L_G and of L_D (with label smoothing s). */
export interface LossFormulas {
  readonly generator: (real: Logits, fake: Logits, s: number) => number[][];
  readonly discriminator: (real: Logits, fake: Logits, s: number) => number[][];
}

/** Sigmoid cross-entropy of the real logits against 1 − s, and of the generated ones against 0. */
const crossEntropyDiscriminator = (real: Logits, fake: Logits, s: number): number[][] => [
  real.map((r) => (1 - s) * softplus(-r) + s * softplus(r)),
  fake.map((f) => softplus(f)),
];

/** Goodfellow et al. 2014, eq. 1: L_G = log(1 − σ(f)) = −softplus(f). */
export const minimax: LossFormulas = {
  generator: (_real, fake) => [fake.map((f) => -softplus(f))],
  discriminator: crossEntropyDiscriminator,
};

/** Goodfellow et al. 2014, §3: L_G = −log σ(f) = softplus(−f). */
export const nonSaturating: LossFormulas = {
  generator: (_real, fake) => [fake.map((f) => softplus(-f))],
  discriminator: crossEntropyDiscriminator,
};

/** Arjovsky et al. 2017, Algorithm 1: L_D = mean(f) − mean(r), L_G = −mean(f). */
export const wasserstein: LossFormulas = {
  generator: (_real, fake) => [fake.map((f) => -f)],
  discriminator: (real, fake) => [real.map((r) => -r), [...fake]],
};

/** Lim & Ye 2017; Miyato et al. 2018: L_D = max(0, 1 − r) + max(0, 1 + f), L_G = −f. */
export const hinge: LossFormulas = {
  generator: (_real, fake) => [fake.map((f) => -f)],
  discriminator: (real, fake) => [real.map((r) => Math.max(0, 1 - r)), fake.map((f) => Math.max(0, 1 + f))],
};

/** Mao et al. 2017, on raw logits: L_D = ½(r − b)² + ½(f − a)², L_G = ½(f − c)². */
export const leastSquares = (a = 0, b = 1, c = 1): LossFormulas => ({
  generator: (_real, fake) => [fake.map((f) => 0.5 * (f - c) ** 2)],
  discriminator: (real, fake) => [real.map((r) => 0.5 * (r - b) ** 2), fake.map((f) => 0.5 * (f - a) ** 2)],
});

/**
 * Jolicoeur-Martineau 2018, RaSGAN, with batch means m_r, m_f:
 * L_D = (1 − s)·softplus(−(r − m_f)) + s·softplus(r − m_f) + softplus(f − m_r);
 * L_G = softplus(−(f − m_r)) + softplus(r − m_f).
 */
export const relativisticAverage: LossFormulas = {
  generator: (real, fake) => [fake.map((f) => softplus(-(f - mean(real)))), real.map((r) => softplus(r - mean(fake)))],
  discriminator: (real, fake, s) => [
    real.map((r) => (1 - s) * softplus(-(r - mean(fake))) + s * softplus(r - mean(fake))),
    fake.map((f) => softplus(f - mean(real))),
  ],
};
