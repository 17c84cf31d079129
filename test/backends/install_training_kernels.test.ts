import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradients
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import {
  installTrainingKernels,
  trainingKernelBackendKind,
  uninstallTrainingKernels,
} from '../../src/backends/install_training_kernels.js';

const WASM_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', '_FusedMatMul', 'Tile', 'Sum', 'Mean', 'LeakyRelu', 'Identity', 'FusedBatchNorm', 'Tanh', 'Transpose', 'GanKitAdamUpdate'];

function kernelFunc(kernelName: string, backendName: string) {
  return tf.getKernel(kernelName, backendName)?.kernelFunc;
}

test('wasm: installs its kernels once, and uninstalling restores the originals', async () => {
  await tf.setBackend('wasm');
  const originalMatMul = tf.getKernel('BatchMatMul', 'wasm');
  const originalInput = kernelFunc('Conv2DBackpropInput', 'wasm');
  const originalTranspose = kernelFunc('Transpose', 'wasm');
  assert.equal(kernelFunc('Conv2DBackpropFilter', 'wasm'), undefined);
  assert.equal(kernelFunc('GanKitAdamUpdate', 'wasm'), undefined);

  const first = installTrainingKernels();
  assert.deepEqual(
    { kind: first.backendKind, name: first.backendName, kernels: first.kernels, again: first.alreadyInstalled },
    { kind: 'wasm', name: 'wasm', kernels: WASM_KERNELS, again: false },
  );
  const installed = WASM_KERNELS.map((name) => kernelFunc(name, 'wasm'));
  assert.ok(installed.every((f) => f !== undefined));
  assert.notEqual(installed[1], originalInput);
  assert.notEqual(installed[2], originalMatMul?.kernelFunc);
  assert.equal(tf.getKernel('BatchMatMul', 'wasm')?.setupFunc, originalMatMul?.setupFunc);

  const second = installTrainingKernels('wasm');
  assert.equal(second.alreadyInstalled, true);
  assert.deepEqual(second.kernels, WASM_KERNELS);
  assert.deepEqual(
    WASM_KERNELS.map((name) => kernelFunc(name, 'wasm')),
    installed,
  );

  const removed = uninstallTrainingKernels('wasm');
  assert.deepEqual(removed.kernels, []);
  assert.equal(kernelFunc('Conv2DBackpropFilter', 'wasm'), undefined);
  assert.equal(kernelFunc('Conv2DBackpropInput', 'wasm'), originalInput);
  assert.equal(kernelFunc('BatchMatMul', 'wasm'), originalMatMul?.kernelFunc);
  assert.equal(kernelFunc('Transpose', 'wasm'), originalTranspose);
  assert.equal(kernelFunc('GanKitAdamUpdate', 'wasm'), undefined, 'a kernel wasm never had is removed');
  assert.equal(uninstallTrainingKernels('wasm').note.startsWith('No gan-kit training kernels'), true);
});

test('cpu: installs the filter gradient only and restores cpu\'s own on uninstall', async () => {
  await tf.setBackend('cpu');
  const original = kernelFunc('Conv2DBackpropFilter', 'cpu');
  const result = installTrainingKernels('cpu');
  assert.equal(result.backendKind, 'cpu');
  assert.deepEqual(result.kernels, ['Conv2DBackpropFilter']);
  assert.notEqual(kernelFunc('Conv2DBackpropFilter', 'cpu'), original);
  uninstallTrainingKernels('cpu');
  assert.equal(kernelFunc('Conv2DBackpropFilter', 'cpu'), original);
});

test('never touches tensorflow, webgl or webgpu, nor an unrecognised backend', async () => {
  for (const name of ['tensorflow', 'webgl', 'webgpu']) {
    const before = tf.getKernelsForBackend(name).length;
    const result = installTrainingKernels(name);
    assert.deepEqual({ kind: result.backendKind, kernels: result.kernels }, { kind: 'other', kernels: [] });
    assert.equal(tf.getKernelsForBackend(name).length, before);
  }
  class OtherBackend extends tf.KernelBackend {}
  tf.registerBackend('gan-kit-test-other', () => new OtherBackend());
  assert.equal(trainingKernelBackendKind('gan-kit-test-other'), 'other');
  assert.deepEqual(installTrainingKernels('gan-kit-test-other').kernels, []);
  assert.deepEqual(tf.getKernelsForBackend('gan-kit-test-other'), []);
});

test('a wasm backend registered under another name is recognised by its kernels and class', async () => {
  await tf.setBackend('wasm');
  const wasm = tf.backend();
  const name = 'gan-kit-test-wasm';
  tf.registerBackend(name, () => wasm);
  for (const config of tf.getKernelsForBackend('wasm')) tf.registerKernel({ ...config, backendName: name });
  await tf.setBackend(name);
  const result = installTrainingKernels();
  assert.deepEqual({ name: result.backendName, kind: result.backendKind }, { name, kind: 'wasm' });
  assert.deepEqual(result.kernels, WASM_KERNELS);
  assert.equal(kernelFunc('Conv2DBackpropFilter', 'wasm'), undefined, 'the wasm name itself is left alone');
  const grad = tf.tidy(() => {
    const x = tf.ones([1, 5, 5, 2]) as tf.Tensor4D;
    // d/dw sum(conv(x, w)) with x all ones and 'valid' padding: every filter tap sees 3 x 3 ones.
    return tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'valid')))(tf.zeros([3, 3, 2, 4]) as tf.Tensor4D).dataSync();
  });
  assert.deepEqual([...new Set(grad)], [9]);
  uninstallTrainingKernels(name);
  assert.equal(kernelFunc('Conv2DBackpropFilter', name), undefined);
});

test('errors name a backend that is unknown', () => {
  assert.throws(() => installTrainingKernels('no-such-backend'), /no backend is registered as 'no-such-backend'/);
});
