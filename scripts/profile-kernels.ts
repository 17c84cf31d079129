// Times single kernels at DCGAN-28 and MLP-GAN shapes (batch 64): the backend's own kernel against gan-kit's.
//
// Usage: npx tsx scripts/profile-kernels.ts [--backend wasm|cpu] [--reps N] [--slow]
//   --slow also times the stock kernels that take minutes (cpu's Conv2DBackpropFilter).
// Prints one line per kernel and shape: median ms of N runs and GFLOP/s (multiply-add = 2 FLOPs).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { batchMatMulKernel } from '../src/backends/kernels/batch_mat_mul.js';
import { conv2DBackpropFilterKernel } from '../src/backends/kernels/conv2d_backprop_filter.js';
import { conv2DBackpropInputKernel } from '../src/backends/kernels/conv2d_backprop_input.js';
import type { KernelFunction } from '../src/backends/kernels/kernel_scope.js';
import { tileKernel } from '../src/backends/kernels/tile.js';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    reps: { type: 'string', default: '5' },
    slow: { type: 'boolean', default: false },
  },
});
const backendName = args.backend;
const reps = Number(args.reps);
await tf.setBackend(backendName);
const backend = tf.backend();
const stock = (name: string) => tf.getKernel(name, backendName)?.kernelFunc;

/** Times `kernel` on `inputs`; the reading of the output is part of the time. */
function time(label: string, kernel: KernelFunction | undefined, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap, flop: number): void {
  if (kernel === undefined) {
    console.log(`${label.padEnd(46)}     (no such kernel)`);
    return;
  }
  const runs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const out = kernel({ inputs, backend, attrs }) as tf.TensorInfo;
    backend.readSync(out.dataId);
    runs.push(performance.now() - t0);
    backend.disposeData(out.dataId);
  }
  runs.sort((a, b) => a - b);
  const ms = runs[Math.floor(runs.length / 2)] as number;
  console.log(`${label.padEnd(46)} ${ms.toFixed(1).padStart(9)} ms ${(flop / ms / 1e6).toFixed(1).padStart(6)} GFLOP/s`);
}

const filterKernel = conv2DBackpropFilterKernel(backendName, stock('Conv2DBackpropFilter'));
const inputKernel = conv2DBackpropInputKernel(backendName, stock('Conv2DBackpropInput'));
const layers = [
  { name: 'D conv2 / G convT1', x: [64, 14, 14, 64], filter: [4, 4, 64, 128] },
  { name: 'D conv1 / G convT2', x: [64, 28, 28, 1], filter: [4, 4, 1, 64] },
] as const;
for (const layer of layers) {
  const x = tf.randomNormal([...layer.x]);
  const filter = tf.randomNormal([...layer.filter]);
  const dy = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'same');
  const [kh, kw, ci] = layer.filter;
  const flop = 2 * dy.size * kh * kw * ci;
  const conv = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC' } as const;
  time(`${layer.name}: Conv2D (forward)`, stock('Conv2D'), { x, filter }, { ...conv, dilations: 1 }, flop);
  const filterAttrs = { ...conv, filterShape: [...layer.filter] };
  if (backendName !== 'cpu' || args.slow) {
    time(`${layer.name}: Conv2DBackpropFilter stock`, stock('Conv2DBackpropFilter'), { x, dy }, filterAttrs, flop);
  }
  time(`${layer.name}: Conv2DBackpropFilter gan-kit`, filterKernel, { x, dy }, filterAttrs, flop);
  const inputAttrs = { ...conv, inputShape: [...layer.x] };
  time(`${layer.name}: Conv2DBackpropInput stock`, stock('Conv2DBackpropInput'), { dy, filter }, inputAttrs, flop);
  time(`${layer.name}: Conv2DBackpropInput gan-kit`, inputKernel, { dy, filter }, inputAttrs, flop);
  tf.dispose([x, filter, dy]);
}

const matMulKernel = batchMatMulKernel(backendName, stock('BatchMatMul') as KernelFunction);
for (const [m, k, n] of [
  [64, 1024, 784],
  [64, 512, 256],
] as const) {
  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
  ] as const) {
    const a = tf.randomNormal(transposeA ? [k, m] : [m, k]);
    const b = tf.randomNormal(transposeB ? [n, k] : [k, n]);
    const attrs = { transposeA, transposeB };
    const label = `MatMul ${m}x${k}x${n} tA=${transposeA ? 1 : 0} tB=${transposeB ? 1 : 0}`;
    time(`${label} stock`, stock('BatchMatMul'), { a, b }, attrs, 2 * m * k * n);
    time(`${label} gan-kit`, matMulKernel, { a, b }, attrs, 2 * m * k * n);
    tf.dispose([a, b]);
  }
}

const tile = tileKernel(backendName, stock('Tile') as KernelFunction);
for (const [shape, reps] of [
  [[1, 1, 1, 128], [64, 7, 7, 1]],
  [[1, 1, 1, 64], [64, 14, 14, 1]],
] as const) {
  const x = tf.randomNormal([...shape]);
  time(`Tile ${JSON.stringify(shape)} x ${JSON.stringify(reps)} stock`, stock('Tile'), { x }, { reps: [...reps] }, 0);
  time(`Tile ${JSON.stringify(shape)} x ${JSON.stringify(reps)} gan-kit`, tile, { x }, { reps: [...reps] }, 0);
  x.dispose();
}
