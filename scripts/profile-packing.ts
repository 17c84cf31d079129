// What XNNPACK's weight packing costs a matrix product on the wasm backend: each product of the MLP-GAN step's
// shapes (batch 64) timed with a right operand seen for the first time (packed on this call, as in training, where
// every weight changes every step) and with one already seen (packed once, cached by the backend).
//
// Usage: npx tsx scripts/profile-packing.ts [--threads N] [--reps N]
// Prints per shape: median ms of each arm, GFLOP/s of each (multiply-add = 2 FLOPs) and their ratio.
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { useFastestBackend } from '../src/backends/select_backend.js';

const { values: args } = parseArgs({ options: { threads: { type: 'string', default: '2' }, reps: { type: 'string', default: '15' } } });
const reps = Number(args.reps);
// The backend's own kernels: gan-kit's BatchMatMul would re-plan the product and hide what packing costs.
console.log((await useFastestBackend({ prefer: ['wasm'], threads: Number(args.threads), kernels: false })).reason);

/** Median ms of `reps` calls of `f(i)`, reading each output back. */
function median(f: (i: number) => tf.Tensor): number {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    const y = f(i);
    y.dataSync();
    times.push(performance.now() - start);
    y.dispose();
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

// [rows of x, K, N] of x·W in the MLP-GAN step: G's layers, then D's.
for (const [m, k, n] of [[64, 100, 256], [64, 256, 512], [64, 512, 1024], [64, 1024, 784], [64, 784, 512], [64, 512, 256], [64, 256, 1]] as const) {
  const xs = Array.from({ length: reps }, (_, i) => tf.randomNormal([m, k], 0, 1, 'float32', 100 + i));
  const fresh = Array.from({ length: reps }, (_, i) => tf.randomNormal([k, n], 0, 1, 'float32', i));
  const seen = tf.randomNormal([k, n], 0, 1, 'float32', 999);
  tf.matMul(xs[0]!, seen).dispose();
  const freshMs = median((i) => tf.matMul(xs[i]!, fresh[i]!));
  const seenMs = median((i) => tf.matMul(xs[i]!, seen));
  const gflop = (2 * m * k * n) / 1e9;
  console.log(JSON.stringify({ shape: `${m}x${k}·${k}x${n}`, fresh_ms: +freshMs.toFixed(3), packed_ms: +seenMs.toFixed(3), fresh_gflop_s: +(gflop / freshMs * 1e3).toFixed(1), packed_gflop_s: +(gflop / seenMs * 1e3).toFixed(1), ratio: +(freshMs / seenMs).toFixed(2) }));
  tf.dispose([...xs, ...fresh, seen]);
}
