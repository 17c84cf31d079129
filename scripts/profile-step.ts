// Breaks one DCGAN-28 or MLP-GAN training step (the workloads of ../shared/bench/README.md, built as `npm run bench`
// builds them, stepped by AdversarialTrainer) down by kernel, with and without gan-kit's training kernels.
// Timing and comparisons with the PyTorch peer are `npm run bench` / `npm run bench:compare`.
//
// Usage: npx tsx scripts/profile-step.ts [--model dcgan28|mlp] [--backend wasm|cpu] [--kernels all|filter|none]
//                                          [--batch N] [--threads N] [--warmup N] [--top N] [--calls NAME]
//   --kernels all    gan-kit's installTrainingKernels (default)
//   --kernels filter only a Conv2DBackpropFilter kernel (the state the performance issue measured from on wasm)
//   --kernels none   the backend as shipped (DCGAN-28 cannot train on wasm then: it has no Conv2DBackpropFilter)
//   --threads N      XNNPACK threads for wasm (gan-kit's threaded wasm); default: the single-threaded build
//   --warmup N       steps before the profiled one (default 3: the first steps compile JavaScript and WebAssembly)
//   --top N          kernels listed (default 14)
//   --calls NAME     also list every call of kernel NAME with its input shapes, in order
// Prints the per-kernel table of one profiled step.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { installTrainingKernels } from '../src/backends/install_training_kernels.js';
import { useFastestBackend } from '../src/backends/select_backend.js';
import { AdversarialTrainer } from '../src/trainers/adversarial_trainer.js';
import { buildWorkload } from './bench/workloads.js';
import { conv2DBackpropFilterKernel } from '../src/backends/kernels/conv2d_backprop_filter.js';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'dcgan28' },
    backend: { type: 'string', default: 'wasm' },
    kernels: { type: 'string', default: 'all' },
    batch: { type: 'string', default: '64' },
    threads: { type: 'string' },
    warmup: { type: 'string', default: '3' },
    top: { type: 'string', default: '14' },
    calls: { type: 'string' },
  },
});
const model = args.model;
const batch = Number(args.batch);
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

const { gan, sampleShape } = buildWorkload(model);
const trainer = new AdversarialTrainer(gan, { seed: 1 });
const real = tf.randomUniform([batch, ...sampleShape], -1, 1);
/** One step as the trainer runs it: (1) update D on a real and a generated batch, (2) update G through D. */
const step = async (): Promise<void> => {
  await trainer.trainOnBatch([real]);
};

for (let i = 0; i < Number(args.warmup); i++) await step();
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
for (const [name, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(args.top))) {
  console.log(`  ${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms  ${String(calls).padStart(4)} calls`);
}

if (args.calls !== undefined) {
  for (const k of profile.kernels.filter((kernel) => kernel.name === args.calls)) {
    console.log(`  ${k.name} ${k.inputShapes.map((shape) => `[${shape?.join(', ') ?? ''}]`).join(' ')}  ${Number(k.kernelTimeMs).toFixed(2)} ms`);
  }
}
