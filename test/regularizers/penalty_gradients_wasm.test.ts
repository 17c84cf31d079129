import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { registerHarness } from './penalty_gradient_harness.js';

// The stock wasm backend has no Conv2DBackpropFilter kernel; gan-kit's training kernels provide it (and replace
// Conv2DBackpropInput), so the convolutional discriminators run through those kernels here.
await tf.setBackend('wasm');
installTrainingKernels('wasm');
registerHarness('wasm', () => undefined);
