import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { useFastestBackend } from '../../src/backends/select_backend.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';

const CUSTOM = 'my-backend';
/** Kernel names executed, per backend name the kernel was registered for. */
const executed = new Map<string, Set<string>>([[CUSTOM, new Set()], ['wasm', new Set()]]);
const recorders = new WeakSet<tf.KernelFunc>();
const stockKernels = tf.getKernelsForBackend('wasm');

/** Re-registers `config` for `backendName` with a kernel function that records each call. */
function registerRecording(config: tf.KernelConfig, backendName: string): void {
  const calls = executed.get(backendName)!;
  const kernelFunc: tf.KernelFunc = (args) => {
    calls.add(config.kernelName);
    return config.kernelFunc(args);
  };
  recorders.add(kernelFunc);
  if (tf.getKernel(config.kernelName, backendName) !== undefined) tf.unregisterKernel(config.kernelName, backendName);
  tf.registerKernel({ ...config, backendName, kernelFunc });
}

/** Wraps every kernel registered for `backendName` that does not record yet. */
function recordAll(backendName: string): void {
  for (const config of tf.getKernelsForBackend(backendName)) {
    if (!recorders.has(config.kernelFunc)) registerRecording(config, backendName);
  }
}

after(() => {
  for (const config of stockKernels) {
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  tf.removeBackend(CUSTOM);
});

/** A small DCGAN-shaped pair on 16×16×1 images: conv-transposes in G, strided convs and BatchNorm in both. */
function smallConvGan(latentDim: number): { generator: tfl.Sequential; discriminator: tfl.Sequential } {
  const generator = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [latentDim], units: 4 * 4 * 8, useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.reshape({ targetShape: [4, 4, 8] }),
      tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 4, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }),
    ],
  });
  const discriminator = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [16, 16, 1], filters: 4, kernelSize: 4, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.conv2d({ filters: 8, kernelSize: 4, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  return { generator, discriminator };
}

test('a backend registered under another name runs every kernel of a training step', async () => {
  const factory = tf.findBackendFactory('wasm');
  assert.ok(factory !== null, "importing tfjs-backend-wasm registers 'wasm'");
  tf.registerBackend(CUSTOM, factory);
  for (const config of stockKernels) {
    registerRecording(config, CUSTOM);
    registerRecording(config, 'wasm');
  }

  const choice = await useFastestBackend({ prefer: [CUSTOM] });
  assert.equal(choice.name, CUSTOM);
  assert.equal(tf.getBackend(), CUSTOM);
  assert.equal(choice.kernelsInstalled, true, choice.reason);
  recordAll(CUSTOM);

  const latentDim = 8;
  const gan = smallConvGan(latentDim);
  const real = tf.randomUniform([16, 16, 16, 1], -1, 1, 'float32', 3);
  const trainer = new AdversarialTrainer({ ...gan, latentDim }, { seed: 1 });
  executed.get(CUSTOM)!.clear();
  const profile = await tf.profile(async () => {
    await trainer.fit(real, { steps: 1, batchSize: 8 });
  });
  const tensorsAfterFirstStep = tf.memory().numTensors; // the first step also creates Adam's moment variables
  await trainer.fit(real, { steps: 1, batchSize: 8 });
  assert.equal(tf.memory().numTensors, tensorsAfterFirstStep, 'a step leaks no tensors');

  const onCustom = executed.get(CUSTOM)!;
  // The profiler also lists custom-gradient op scopes ('fusedConv2d__op'), which are not kernels.
  const kernelsRun = profile.kernelNames.filter((name) => !name.endsWith('__op'));
  assert.ok(kernelsRun.length > 20, `the step ran ${kernelsRun.length} kernels`);
  const notOnCustom = kernelsRun.filter((name) => !onCustom.has(name));
  assert.deepEqual(notOnCustom, [], 'every kernel the engine ran was the custom backend\'s');
  for (const name of ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'FusedBatchNorm', 'BatchMatMul']) {
    assert.ok(onCustom.has(name) || onCustom.has(`Fused${name}`), `${name} ran on ${CUSTOM}; ran: ${[...onCustom].sort().join(', ')}`);
  }
  for (const name of choice.kernels) assert.ok(onCustom.has(name), `gan-kit's ${name} ran on ${CUSTOM}`);
  assert.deepEqual([...executed.get('wasm')!], [], "the stock 'wasm' registration ran no kernel");

  tf.dispose(real);
  gan.generator.dispose();
  gan.discriminator.dispose();
});
