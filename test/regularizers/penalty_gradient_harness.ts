// The gradient-penalty harness (a test helper): every penalty's gradient with respect to the discriminator's weights,
// by double backpropagation, against central finite differences, through each tiny discriminator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { draganRegularizer } from '../../src/regularizers/dragan.js';
import { gradientPenaltyRegularizer } from '../../src/regularizers/gradient_penalty.js';
import { r1Regularizer } from '../../src/regularizers/r1.js';
import { r2Regularizer } from '../../src/regularizers/r2.js';
import type { DiscriminatorRegularizer } from '../../src/regularizers/regularizer.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertDerivativesAgree, compareVariableGradients } from '../gradients/finite_differences.js';
import { buildSeeded, TINY_DISCRIMINATORS, type TinyDiscriminator } from './tiny_discriminators.js';

const REGULARIZERS: readonly DiscriminatorRegularizer[] = [
  gradientPenaltyRegularizer(),
  r1Regularizer(),
  r2Regularizer(),
  draganRegularizer(),
];

const BATCH = 2;
/** Weight perturbation: float32 round-off in the differences (~1e-7·|P|/h ≈ 5e-5·|P|) and truncation (~h²) stay far below the tolerance. */
const H = 2e-3;

/** Checks one regularizer through one discriminator on the current backend. */
export function checkPenaltyGradient(regularizer: DiscriminatorRegularizer, spec: TinyDiscriminator): void {
  const model = buildSeeded(spec, 7);
  const data = new SeededRandom(11);
  const real = data.normalTensor([BATCH, ...spec.sampleShape]);
  const fake = data.normalTensor([BATCH, ...spec.sampleShape]);
  const logits = tf.zeros([BATCH, 1]);
  const critic = (x: tf.Tensor) => model.apply(x, { training: true }) as tf.Tensor;
  const penalty = (): tf.Scalar =>
    regularizer.penalty({
      critic, fakeCritic: critic, discriminator: model, real, fake, realLogits: logits, fakeLogits: logits, random: new SeededRandom(23), step: 0,
    }) as tf.Scalar;
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const before = tf.memory().numTensors;
  const comparison = compareVariableGradients(penalty, variables, H);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  const label = `${regularizer.name} through ${spec.name} on ${tf.getBackend()}`;
  assert.ok(comparison.kinks <= comparison.numeric.length / 4, `${label}: ${comparison.kinks} probes straddle a kink`);
  assertDerivativesAgree(comparison, label);
  tf.dispose([real, fake, logits]);
  model.dispose();
}

/** How a backend deviates from "every discriminator must pass": a skip or a known failure, with the reason. */
export type HarnessException = { readonly skip: string } | { readonly todo: string } | undefined;

/** Registers one test per discriminator (all four regularizers inside) for `backend`. */
export function registerHarness(backend: string, exception: (spec: TinyDiscriminator) => HarnessException): void {
  for (const spec of TINY_DISCRIMINATORS) {
    test(`penalty gradients w.r.t. D's weights match finite differences: ${spec.name} on ${backend}`,
      exception(spec) ?? {}, async () => {
        await tf.setBackend(backend);
        for (const regularizer of REGULARIZERS) checkPenaltyGradient(regularizer, spec);
      });
  }
}
