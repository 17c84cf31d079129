// Times the DCGAN-28 or MLP-GAN training step of ../shared/bench/README.md on one backend, with and without
// gan-kit's training kernels, and breaks one step down by kernel.
//
// Usage: npx tsx scripts/profile-step.ts [--model dcgan28|mlp] [--backend wasm|cpu] [--kernels all|filter|none]
//                                          [--steps N] [--batch N] [--threads N]
//   --kernels all    gan-kit's installTrainingKernels (default)
//   --kernels filter only a Conv2DBackpropFilter kernel (the state the performance issue measured from on wasm)
//   --kernels none   the backend as shipped (DCGAN-28 cannot train on wasm then: it has no Conv2DBackpropFilter)
//   --threads N      XNNPACK threads for wasm (gan-kit's threaded wasm); default: the single-threaded build
// Prints the per-kernel table of one profiled step, then one JSON line with the median ms/step of the timed steps.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { installTrainingKernels } from '../src/backends/install_training_kernels.js';
import { useFastestBackend } from '../src/backends/select_backend.js';
import { conv2DBackpropFilterKernel } from '../src/backends/kernels/conv2d_backprop_filter.js';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'dcgan28' },
    backend: { type: 'string', default: 'wasm' },
    kernels: { type: 'string', default: 'all' },
    steps: { type: 'string', default: '5' },
    batch: { type: 'string', default: '64' },
    threads: { type: 'string' },
  },
});
const model = args.model;
const batch = Number(args.batch);
const steps = Number(args.steps);
if (model !== 'dcgan28' && model !== 'mlp') throw new Error(`--model must be dcgan28 or mlp, got '${model}'.`);
if (!['all', 'filter', 'none'].includes(args.kernels)) {
  throw new Error(`--kernels must be all, filter or none, got '${args.kernels}'.`);
}

if (args.threads === undefined) {
  await tf.setBackend(args.backend);
} else {
  console.log((await useFastestBackend({ prefer: [args.backend], threads: Number(args.threads), kernels: false })).reason);
}
if (args.kernels === 'all') {
  console.log(installTrainingKernels(args.backend).note);
} else if (args.kernels === 'filter') {
  const original = tf.getKernel('Conv2DBackpropFilter', args.backend);
  if (original !== undefined) tf.unregisterKernel('Conv2DBackpropFilter', args.backend);
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: args.backend,
    kernelFunc: conv2DBackpropFilterKernel(args.backend, original?.kernelFunc),
  });
}

const LATENT = 100;
const lrelu = () => tfl.layers.leakyReLU({ alpha: 0.2 });

function dcgan28(): { generator: tfl.Sequential; discriminator: tfl.Sequential; image: number[]; gflop: number } {
  const generator = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [LATENT], units: 7 * 7 * 128, useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.reshape({ targetShape: [7, 7, 128] }),
      tfl.layers.conv2dTranspose({ filters: 64, kernelSize: 4, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }),
    ],
  });
  const discriminator = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 64, kernelSize: 4, strides: 2, padding: 'same' }),
      lrelu(),
      tfl.layers.conv2d({ filters: 128, kernelSize: 4, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      lrelu(),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  return { generator, discriminator, image: [28, 28, 1], gflop: 11.35 };
}

function mlpGan(): { generator: tfl.Sequential; discriminator: tfl.Sequential; image: number[]; gflop: number } {
  const dense = (units: number, inputShape?: number[]) =>
    tfl.layers.dense(inputShape === undefined ? { units } : { units, inputShape });
  const generator = tfl.sequential({
    layers: [dense(256, [LATENT]), lrelu(), dense(512), lrelu(), dense(1024), lrelu(), dense(784), tfl.layers.activation({ activation: 'tanh' })],
  });
  const discriminator = tfl.sequential({
    layers: [dense(512, [784]), lrelu(), dense(256), lrelu(), dense(1)],
  });
  return { generator, discriminator, image: [784], gflop: 1.37 };
}

const { generator, discriminator, image, gflop } = model === 'dcgan28' ? dcgan28() : mlpGan();
const real = tf.randomUniform([batch, ...image], -1, 1);
const dOptimizer = tf.train.adam(2e-4, 0.5, 0.999);
const gOptimizer = tf.train.adam(2e-4, 0.5, 0.999);
const weights = (m: tfl.Sequential) => m.trainableWeights.map((w) => w.read() as tf.Variable);
const logits = (images: tf.Tensor) => discriminator.apply(images, { training: true }) as tf.Tensor;
const softplusMean = (t: tf.Tensor) => tf.mean(tf.softplus(t));

/** One step: (1) update D on a real and a generated batch, (2) update G through D on fresh latents. */
function step(): void {
  tf.tidy(() => {
    const fake = generator.apply(tf.randomNormal([batch, LATENT]), { training: true }) as tf.Tensor;
    dOptimizer.minimize(
      () => tf.add(softplusMean(tf.neg(logits(real))), softplusMean(logits(fake))) as tf.Scalar,
      false,
      weights(discriminator),
    );
    gOptimizer.minimize(
      () => softplusMean(tf.neg(logits(generator.apply(tf.randomNormal([batch, LATENT]), { training: true }) as tf.Tensor))) as tf.Scalar,
      false,
      weights(generator),
    );
  });
  // Reading one value makes the step's work finish before the clock stops.
  const probe = tf.tidy(() => tf.sum(weights(generator)[0] as tf.Tensor));
  probe.dataSync();
  probe.dispose();
}

step();
const profile = await tf.profile(step);
const byKernel = new Map<string, { ms: number; calls: number }>();
// Entries named 'op__op' wrap the kernels of a custom-gradient op, which are listed too.
for (const k of profile.kernels.filter((kernel) => !kernel.name.endsWith('__op'))) {
  const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += Number(k.kernelTimeMs);
  entry.calls += 1;
  byKernel.set(k.name, entry);
}
const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
console.log(`kernel time of one profiled step: ${total.toFixed(0)} ms`);
for (const [name, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14)) {
  console.log(`  ${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms  ${String(calls).padStart(4)} calls`);
}

/** Bytes of the wasm heap (it only grows, so a constant value means no leak inside the module), else undefined. */
const wasmHeapBytes = () => (tf.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.length;
const times: number[] = [];
const tensorsBefore = tf.memory().numTensors;
const heapBefore = wasmHeapBytes();
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  step();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const ms = times[Math.floor(times.length / 2)] as number;
console.log(
  JSON.stringify({
    framework: 'gan-kit',
    version: '0.1.0',
    backend: args.backend,
    kernels: args.kernels,
    model,
    batch,
    steps,
    threads: args.threads === undefined ? 1 : Number(args.threads),
    ms_per_step: Number(ms.toFixed(1)),
    ms_min: Number((times[0] as number).toFixed(1)),
    steps_per_s: Number((1000 / ms).toFixed(3)),
    images_per_s: Number(((1000 / ms) * batch).toFixed(1)),
    gflop_per_step: gflop,
    gflop_per_s: Number(((gflop * (batch / 64)) / (ms / 1000)).toFixed(2)),
    tensors_leaked_per_step: (tf.memory().numTensors - tensorsBefore) / steps,
    wasm_heap_growth_bytes: heapBefore === undefined ? null : (wasmHeapBytes() ?? 0) - heapBefore,
    rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
  }),
);
