import * as tf from '@tensorflow/tfjs-core';
import type { SeededRandom } from '../utils/random.js';

/** At most this many redraws per component, so that a tiny threshold cannot loop for ever. */
const MAX_REDRAWS = 10_000;

/**
 * The truncation trick of BigGAN (Brock et al. 2018, "Large Scale GAN Training for High Fidelity Natural Image
 * Synthesis", arXiv:1809.11096, §3.1): latents z ~ N(0, I) whose components with |z_i| > threshold are drawn again
 * until they fall inside, i.e. draws of the standard normal truncated to [−threshold, threshold]. Smaller thresholds
 * trade variety for fidelity.
 *
 * @param random - the stream to draw from (e.g. `trainer.random`, or `new SeededRandom(seed)` for a repeatable grid).
 * @param shape - the shape to draw, e.g. `[n, latentDim]`; integers ≥ 1.
 * @param threshold - the bound, a number > 0 (BigGAN sweeps 2 … 0.04; below about 0.05 draws become slow).
 * @returns a float32 tensor of `shape` with every |value| ≤ threshold.
 * @example
 * ```ts
 * const z = truncatedLatents(new SeededRandom(7), [16, gan.latentDim], 0.5);
 * const images = trainer.sample(0, { latents: z });
 * ```
 */
export function truncatedLatents(random: SeededRandom, shape: readonly number[], threshold: number): tf.Tensor {
  if (typeof random?.normal !== 'function') {
    throw new TypeError('truncatedLatents: random must be a SeededRandom (e.g. trainer.random or new SeededRandom(seed)).');
  }
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new Error(`truncatedLatents: shape must be a non-empty array of integers ≥ 1 such as [16, 100], saw ${JSON.stringify(shape)}.`);
  }
  if (typeof threshold !== 'number' || !(threshold > 0) || !Number.isFinite(threshold)) {
    throw new RangeError(`truncatedLatents: threshold must be a finite number > 0 (BigGAN uses 0.04 … 2), saw ${String(threshold)}.`);
  }
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) {
    let v = random.normal();
    for (let tries = 0; Math.abs(v) > threshold; tries++) {
      if (tries === MAX_REDRAWS) {
        throw new RangeError(`truncatedLatents: threshold ${threshold} is so small that ${MAX_REDRAWS} draws fell outside it; use a threshold ≥ 0.01.`);
      }
      v = random.normal();
    }
    values[i] = v;
  }
  return tf.tensor(values, [...shape], 'float32');
}

/**
 * ψ-truncation towards the mean latent (Karras et al. 2019, StyleGAN, "A Style-Based Generator Architecture for
 * Generative Adversarial Networks", arXiv:1812.04948, §B): z' = mean + ψ·(z − mean). ψ = 1 leaves z unchanged,
 * ψ = 0 gives the mean (the "average" sample), values in between trade variety for typicality; negative ψ gives
 * the "opposite" sample. StyleGAN applies it in its intermediate space W; here it applies to any latent space, with
 * the mean of the prior (0 for N(0, I)) by default.
 *
 * @param latents - `[n, d]`.
 * @param psi - ψ, a finite number (usually in [0, 1]).
 * @param mean - the centre `[d]`; default zero (the mean of N(0, I)). For a learned space pass the mean of many mapped latents.
 * @returns `[n, d]`.
 */
export function truncateTowardMean(latents: tf.Tensor2D, psi: number, mean?: tf.Tensor1D): tf.Tensor2D {
  if (!(latents instanceof tf.Tensor) || latents.rank !== 2) {
    throw new Error(`truncateTowardMean: latents must be [n, d], saw ${latents instanceof tf.Tensor ? `[${latents.shape.join(', ')}]` : String(latents)}.`);
  }
  if (typeof psi !== 'number' || !Number.isFinite(psi)) {
    throw new RangeError(`truncateTowardMean: psi must be a finite number (1 keeps the latents, 0 gives the mean; StyleGAN uses 0.7), saw ${String(psi)}.`);
  }
  if (mean !== undefined && (!(mean instanceof tf.Tensor) || mean.rank !== 1 || mean.shape[0] !== latents.shape[1])) {
    throw new Error(`truncateTowardMean: mean must have shape [${latents.shape[1]}], saw ${mean instanceof tf.Tensor ? `[${mean.shape.join(', ')}]` : String(mean)}.`);
  }
  return tf.tidy(() => (mean === undefined ? tf.mul(latents, psi) : tf.add(mean, tf.mul(tf.sub(latents, mean), psi))) as tf.Tensor2D);
}
