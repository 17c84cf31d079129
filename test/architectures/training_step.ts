// One hinge-loss training step of a GAN by hand, for the builder tests (a test helper, not a test file).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { hingeDiscriminatorLoss, hingeGeneratorLoss } from '../../src/losses/hinge.js';
import { SelfAttention } from '../../src/layers/self_attention.js';

interface Gan {
  readonly generator: tfl.LayersModel;
  readonly discriminator: tfl.LayersModel;
  readonly latentDim: number;
  readonly classes?: number | undefined;
}

/** Sets γ of every SelfAttention layer of the model, so that gradients reach the attention kernels (γ = 0 blocks them). */
export function setAttentionGamma(model: tfl.LayersModel, value: number): number {
  const layers = model.layers.filter((l) => l instanceof SelfAttention);
  for (const layer of layers) {
    const gamma = layer.weights.find((w) => w.originalName.endsWith('gamma'))!;
    const scalar = tf.scalar(value);
    gamma.write(scalar);
    scalar.dispose();
  }
  return layers.length;
}

function variablesOf(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

/**
 * The gradients of the hinge losses of D and then G for one batch of `real` images (labels cycling over the classes
 * for a conditional GAN), each asserted to exist and be finite for every trainable weight; then one Adam step on each
 * network (as a training loop would take), asserted to change every network's weights. Returns the gradients by
 * network, in the order of the trainable weights.
 */
export function hingeTrainingStep(gan: Gan, real: tf.Tensor4D, seed: number): { discriminator: Float32Array[]; generator: Float32Array[] } {
  const batch = real.shape[0];
  const labels = gan.classes === undefined ? undefined : tf.tensor2d(Array.from({ length: batch }, (_, i) => i % gan.classes!), [batch, 1], 'int32');
  const z = tf.randomNormal([batch, gan.latentDim], 0, 1, 'float32', seed);
  const withLabels = (t: tf.Tensor): tf.Tensor | tf.Tensor[] => (labels === undefined ? t : [t, labels]);
  const generate = () => gan.generator.apply(withLabels(z), { training: true }) as tf.Tensor;
  const judge = (x: tf.Tensor) => gan.discriminator.apply(withLabels(x), { training: true }) as tf.Tensor;
  const networks = { discriminator: gan.discriminator, generator: gan.generator } as const;
  const losses = {
    discriminator: () => hingeDiscriminatorLoss({ realLogits: judge(real), fakeLogits: judge(generate()) }) as tf.Scalar,
    generator: () => hingeGeneratorLoss({ fakeLogits: judge(generate()) }) as tf.Scalar,
  };
  const out = { discriminator: [] as Float32Array[], generator: [] as Float32Array[] };
  for (const name of ['discriminator', 'generator'] as const) {
    const variables = variablesOf(networks[name]);
    const before = variables.map((v) => v.dataSync().slice());
    const optimizer = tf.train.adam(1e-3, 0, 0.9);
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(losses[name], variables);
      assert.ok(Number.isFinite(value.dataSync()[0]), `${name} loss ${value.dataSync()[0]}`);
      for (const v of variables) {
        const g = grads[v.name];
        assert.ok(g !== undefined, `${name}: no gradient for ${v.name}`);
        const values = g.dataSync() as Float32Array;
        assert.ok(values.every(Number.isFinite), `${name}: non-finite gradient for ${v.name}`);
        out[name].push(values.slice());
      }
      optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
    });
    optimizer.dispose();
    // Every weight moves, except possibly the output bias of D: the hinge loss's gradient for it is (fakes above −1
    // − reals below 1) / batch, which a small batch can balance to exactly 0.
    const unchanged = variables.filter((v, i) => v.dataSync().every((x, j) => x === before[i]![j]));
    assert.ok(unchanged.every((v) => v.size === 1), `${name}: an Adam step left ${unchanged.map((v) => v.name).join(', ')} unchanged`);
  }
  tf.dispose([z, ...(labels === undefined ? [] : [labels])]);
  return out;
}

/** Asserts two sets of gradients agree: per weight, |a − b| ≤ 2e-3 · max|a| + 1e-5; and that none but a scalar bias is all zero. */
export function assertSameGradients(a: Float32Array[], b: Float32Array[], label: string): void {
  assert.equal(a.length, b.length);
  let nonZero = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    const scale = Math.max(...Array.from(x, Math.abs));
    if (scale > 0) nonZero++;
    const error = Math.max(...Array.from(x, (v, j) => Math.abs(v - y[j]!)));
    assert.ok(error <= 2e-3 * scale + 1e-5, `${label}: weight ${i}: max difference ${error} at scale ${scale}`);
  });
  assert.ok(a.every((x) => x.length === 1 || x.some((v) => v !== 0)), `${label}: only ${nonZero} of ${a.length} gradients are non-zero`);
}

/**
 * Builds the GAN on the cpu backend and again on wasm (with gan-kit's training kernels, as a wasm user installs
 * them), sets every attention γ to 0.5, takes {@link hingeTrainingStep} on the same real batch of `realShape` on each,
 * asserts the gradients agree, and returns to cpu. The same seed must give both builds the same initial weights.
 */
export async function assertStepOnCpuAndWasm(build: () => Gan, realShape: [number, number, number, number]): Promise<void> {
  const results = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    if (backend === 'wasm') installTrainingKernels('wasm');
    const gan = build();
    setAttentionGamma(gan.generator, 0.5);
    setAttentionGamma(gan.discriminator, 0.5);
    const real = tf.randomUniform(realShape, -1, 1, 'float32', 8) as tf.Tensor4D;
    results.push(hingeTrainingStep(gan, real, 9));
    real.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
  }
  await tf.setBackend('cpu');
  assertSameGradients(results[0]!.discriminator, results[1]!.discriminator, 'D');
  assertSameGradients(results[0]!.generator, results[1]!.generator, 'G');
}
