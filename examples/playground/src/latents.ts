// Latent vectors for the image panels and the explorer, from gan-kit's seeded generator and latent tools.
import * as tf from '@tensorflow/tfjs-core';
import { SeededRandom } from 'gan-kit';

/** `n` latents z ~ N(0, I) `[n, latentDim]` from `seed`: the same as `trainer.sample(n, { seed })` draws. */
export function seededLatents(n: number, latentDim: number, seed: number): tf.Tensor2D {
  return new SeededRandom(seed).normalTensor([n, latentDim]) as tf.Tensor2D;
}

/**
 * `count` orthonormal directions of the latent space `[count, latentDim]`: the coordinate axes when the space has at
 * most `count` dimensions, otherwise random directions from `seed` (Gram–Schmidt on Gaussian draws).
 */
export function latentDirections(latentDim: number, count: number, seed: number): number[][] {
  if (latentDim <= count) return Array.from({ length: latentDim }, (_, i) => Array.from({ length: latentDim }, (_, j) => (i === j ? 1 : 0)));
  const random = new SeededRandom(seed);
  const basis: number[][] = [];
  while (basis.length < count) {
    const v = Array.from({ length: latentDim }, () => random.normal());
    for (const u of basis) {
      const dot = v.reduce((s, x, j) => s + x * u[j]!, 0);
      for (let j = 0; j < latentDim; j++) v[j]! -= dot * u[j]!;
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-6) basis.push(v.map((x) => x / norm));
  }
  return basis;
}
