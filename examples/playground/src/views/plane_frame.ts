// What the 2-D view shows of a GAN at one moment, computed with tfjs from the trainer's public parts: the
// discriminator's decision surface, generated points for a fixed noise, the generator's manifold (the image of a
// grid of the latent plane) and the direction each generated point is pushed by the generator's loss.
import * as tf from '@tensorflow/tfjs-core';
import { modeCoverage, type AdversarialTrainer, type ModeCoverage } from 'gan-kit';
import type { PlaneData } from '../datasets.js';

/** Heat-map resolution: D is evaluated on RESOLUTION² points of the view. */
export const RESOLUTION = 64;
/** Generated points drawn (and scored for mode coverage: the VEEGAN/PacGAN protocol uses 2,500). */
export const GENERATED_POINTS = 2500;
/** Real points drawn. */
export const REAL_POINTS = 1000;
/** The first this many generated points carry a gradient arrow. */
export const GRADIENT_POINTS = 150;
/** The manifold: LINES lines in each direction of the latent square [−LATENT_EXTENT, LATENT_EXTENT]², POINTS_PER_LINE points each. */
export const LINES = 13;
export const POINTS_PER_LINE = 48;
const LATENT_EXTENT = 2.5;
/** The seed of the fixed noise the generated points come from. */
export const FIXED_NOISE_SEED = 12345;

export interface PlaneFrame {
  /** σ(D(x)) on the RESOLUTION × RESOLUTION grid of the view, row 0 at the top. */
  readonly surface: Float32Array;
  /** `[REAL_POINTS, 2]`, flat. */
  readonly real: Float32Array;
  /** `[GENERATED_POINTS, 2]`, flat. */
  readonly generated: Float32Array;
  /** G of the latent grid: 2·LINES polylines of POINTS_PER_LINE points, flat `[2·LINES, POINTS_PER_LINE, 2]`. */
  readonly manifold: Float32Array;
  /** −∂L_G/∂x at the first GRADIENT_POINTS generated points, flat `[GRADIENT_POINTS, 2]`. */
  readonly gradients: Float32Array;
  /** Mode coverage of the generated points, for mixtures. */
  readonly coverage: ModeCoverage | undefined;
}

/** The grid of the view the surface is evaluated on, row-major from the top-left corner. */
function surfaceGrid([lo, hi]: readonly [number, number]): tf.Tensor2D {
  const values = new Float32Array(RESOLUTION * RESOLUTION * 2);
  for (let row = 0; row < RESOLUTION; row++) {
    for (let col = 0; col < RESOLUTION; col++) {
      const i = row * RESOLUTION + col;
      values[2 * i] = lo + ((col + 0.5) / RESOLUTION) * (hi - lo);
      values[2 * i + 1] = hi - ((row + 0.5) / RESOLUTION) * (hi - lo);
    }
  }
  return tf.tensor2d(values, [RESOLUTION * RESOLUTION, 2]);
}

/**
 * The latent grid: LINES lines along z₀ and LINES along z₁ in the plane of the first two latent coordinates (the
 * others 0: a 2-D slice when the latent space is larger), `[2·LINES·POINTS_PER_LINE, latentDim]`.
 */
function latentGrid(latentDim: number): tf.Tensor2D {
  const values = new Float32Array(2 * LINES * POINTS_PER_LINE * latentDim);
  const at = (i: number) => -LATENT_EXTENT + (2 * LATENT_EXTENT * i) / (LINES - 1);
  const along = (j: number) => -LATENT_EXTENT + (2 * LATENT_EXTENT * j) / (POINTS_PER_LINE - 1);
  let n = 0;
  for (let direction = 0; direction < 2; direction++) {
    for (let line = 0; line < LINES; line++) {
      for (let j = 0; j < POINTS_PER_LINE; j++, n++) {
        values[n * latentDim + direction] = along(j);
        if (latentDim > 1) values[n * latentDim + (1 - direction)] = at(line);
      }
    }
  }
  return tf.tensor2d(values, [2 * LINES * POINTS_PER_LINE, latentDim]);
}

/** Computes a {@link PlaneFrame} (reads the values back asynchronously, so GPU backends do not stall the page). */
export async function planeFrame(trainer: AdversarialTrainer, data: PlaneData): Promise<PlaneFrame> {
  const discriminator = (x: tf.Tensor) => trainer.discriminator.apply(x, { training: false }) as tf.Tensor;
  const tensors = tf.tidy(() => {
    const surface = tf.sigmoid(discriminator(surfaceGrid(data.view)));
    const realCount = Math.min(REAL_POINTS, data.samples.shape[0]);
    const real = tf.slice(data.samples, [0, 0], [realCount, 2]);
    const generated = trainer.sample(GENERATED_POINTS, { seed: FIXED_NOISE_SEED }) as tf.Tensor2D;
    const manifold = trainer.sample(0, { latents: latentGrid(trainer.latentDim) });
    const pushed = tf.slice(generated, [0, 0], [GRADIENT_POINTS, 2]);
    const realLogits = trainer.loss.generatorNeedsRealLogits === true ? discriminator(tf.slice(real, [0, 0], [GRADIENT_POINTS, 2])) : undefined;
    const lossGradient = tf.grad((x: tf.Tensor) => trainer.loss.generatorLoss({
      fakeLogits: discriminator(x),
      ...(realLogits === undefined ? {} : { realLogits }),
    }) as tf.Scalar)(pushed);
    return { surface, real, generated, manifold, gradients: tf.neg(lossGradient) };
  });
  try {
    const [surface, real, generated, manifold, gradients] = await Promise.all(
      [tensors.surface, tensors.real, tensors.generated, tensors.manifold, tensors.gradients].map((t) => t.data() as Promise<Float32Array>),
    );
    const coverage = data.mixture === undefined ? undefined : modeCoverage(tensors.generated as tf.Tensor2D, data.mixture);
    return { surface: surface!, real: real!, generated: generated!, manifold: manifold!, gradients: gradients!, coverage };
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
