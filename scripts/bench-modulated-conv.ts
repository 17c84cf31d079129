// Times StyleGAN2's modulated convolution (forward and the gradients of x, w and the kernel, as in a training step)
// in three forms, on one backend:
//   batched   — gan-kit's ModulatedConv2D: scale the activations by s, one ordinary conv2d over the batch, scale by d;
//   loop      — per-sample kernels w''_n and one conv2d per sample (what a grouped convolution does; tfjs has none);
//   matmul    — per-sample kernels, the convolution as k² shifted copies × a batched [HW, C_in]·[C_in, C_out] product.
// All three compute the same function (checked before timing).
//
// Usage: npx tsx scripts/bench-modulated-conv.ts [--backend wasm|cpu] [--reps N]
// Prints the median ms of N steps per shape and form.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { installTrainingKernels } from '../src/backends/install_training_kernels.js';
import { ModulatedConv2D } from '../src/layers/modulated_conv2d.js';

const { values: args } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, reps: { type: 'string', default: '5' } } });
const reps = Number(args.reps);
await tf.setBackend(args.backend);
await tf.ready();
installTrainingKernels(args.backend as 'wasm' | 'cpu');

type Form = (layer: ModulatedConv2D, x: tf.Tensor4D, w: tf.Tensor2D) => tf.Tensor;

const batched: Form = (layer, x, w) => layer.apply([x, w]) as tf.Tensor;

const loop: Form = (layer, x, w) => {
  const kernels = layer.modulatedWeights(w);
  return tf.concat(Array.from({ length: x.shape[0] }, (_, n) => tf.conv2d(
    tf.slice(x, [n, 0, 0, 0], [1, -1, -1, -1]),
    tf.reshape(tf.slice(kernels, [n, 0, 0, 0, 0], [1, -1, -1, -1, -1]), kernels.shape.slice(1) as [number, number, number, number]),
    1, 'same',
  )), 0);
};

const matmul: Form = (layer, x, w) => {
  const kernels = layer.modulatedWeights(w);
  const [n, h, wd, cin] = x.shape;
  const k = layer.kernelSize;
  const half = (k - 1) / 2;
  const padded = tf.pad(x, [[0, 0], [half, half], [half, half], [0, 0]]);
  let y: tf.Tensor | undefined;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    const shifted = tf.reshape(tf.slice(padded, [0, a, b, 0], [n, h, wd, cin]), [n, h * wd, cin]);
    const tap = tf.reshape(tf.slice(kernels, [0, a, b, 0, 0], [n, 1, 1, cin, layer.filters]), [n, cin, layer.filters]);
    const term = tf.matMul(shifted, tap);
    y = y === undefined ? term : tf.add(y, term);
  }
  return tf.reshape(y!, [n, h, wd, layer.filters]);
};

const FORMS: Record<string, Form> = { batched, loop, matmul };
const SHAPES = [
  { name: '32×32, 64 → 64 channels, batch 32', batch: 32, size: 32, cin: 64, cout: 64 },
  { name: '8×8, 128 → 128 channels, batch 32', batch: 32, size: 8, cin: 128, cout: 128 },
];

for (const shape of SHAPES) {
  const layer = new ModulatedConv2D({ filters: shape.cout, kernelSize: 3, seed: 1 });
  const x = tf.variable(tf.randomNormal([shape.batch, shape.size, shape.size, shape.cin], 0, 1, 'float32', 2)) as tf.Variable<tf.Rank.R4>;
  const w = tf.variable(tf.randomNormal([shape.batch, 64], 0, 1, 'float32', 3)) as tf.Variable<tf.Rank.R2>;
  const dy = tf.randomNormal([shape.batch, shape.size, shape.size, shape.cout], 0, 1, 'float32', 4);
  tf.dispose(layer.apply([x, w]) as tf.Tensor);
  const reference = tf.tidy(() => batched(layer, x, w).dataSync());
  for (const [name, form] of Object.entries(FORMS)) {
    const values = tf.tidy(() => form(layer, x, w).dataSync());
    const error = Array.from(values).reduce((m, v, i) => Math.max(m, Math.abs(v - reference[i]!)), 0);
    if (error > 1e-3) throw new Error(`${name} differs from batched by ${error}`);
    const weights = [x, w, ...layer.trainableWeights.map((v) => v.read() as tf.Variable)];
    const runs: number[] = [];
    for (let r = 0; r < reps + 1; r++) {
      const t0 = performance.now();
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(form(layer, x, w), dy)) as tf.Scalar, weights);
        value.dataSync();
        Object.values(grads).forEach((g) => g.dataSync());
      });
      if (r > 0) runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    console.log(`${args.backend} ${shape.name.padEnd(36)} ${name.padEnd(8)} ${runs[Math.floor(runs.length / 2)]!.toFixed(1).padStart(8)} ms`);
  }
  tf.dispose([x, w, dy]);
  layer.dispose();
}
