// Shared inputs for the regularizer unit tests (a test helper).
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RegularizerInputs } from '../../src/regularizers/regularizer.js';
import { SeededRandom } from '../../src/utils/random.js';

export const W = [0.8, -0.5, 0.3];
export const B = 0.1;
export const REAL = [[0.9, -0.2, 0.4], [-0.6, 0.7, 1.1], [0.3, 0.5, -0.8]];
export const FAKE = [[-0.4, 0.1, 0.2], [1.2, -0.9, 0.5], [0.0, -0.3, 0.6]];
export const SEED = 42;

/** RegularizerInputs for `discriminator` on REAL and FAKE, with a fresh stream seeded SEED. */
export function regularizerInputs(discriminator: tfl.LayersModel, random = new SeededRandom(SEED)): RegularizerInputs {
  const logits = tf.zeros([REAL.length, 1]);
  const critic = (x: tf.Tensor) => discriminator.apply(x, { training: true }) as tf.Tensor;
  return {
    critic,
    fakeCritic: critic,
    discriminator,
    real: tf.tensor2d(REAL),
    fake: tf.tensor2d(FAKE),
    realLogits: logits,
    fakeLogits: logits,
    random,
    step: 0,
  };
}

/** Disposes the tensors of `inputs`. */
export function disposeInputs(inputs: RegularizerInputs): void {
  tf.dispose([inputs.real, inputs.fake, inputs.realLogits]);
}

/** ½ · mean over `samples` of ‖∇ₓ tanh(W·x + B)‖², in double precision. */
export function expectedHalfSquaredNorm(samples: number[][], norm: (x: number[]) => number): number {
  return 0.5 * samples.reduce((acc, x) => acc + norm(x) ** 2, 0) / samples.length;
}
