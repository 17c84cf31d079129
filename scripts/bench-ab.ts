// What does one of gan-kit's speed measures buy? Times the DCGAN-28 or MLP-GAN training step (the workloads of
// ../shared/bench/README.md, stepped by AdversarialTrainer) in ONE process with the measure off and on, alternating
// (off on off on …), and prints the median ms/step of each arm and their ratio. One process and alternation keep the
// machine's drift out of the comparison.
//
// Usage: npm run bench:ab -- [--model dcgan28|mlp] [--threads N] [--rounds N]
//                            (--kernels A,B | --unfused | --pack-cost P | --conv-patches | --separate)
//   --kernels Sum,Mean   the "off" arm runs the wasm backend's own kernels of those names instead of gan-kit's
//                        (a kernel wasm does not have, such as GanKitAdamUpdate, is unregistered: Adam then runs
//                        TensorFlow.js's element-wise kernels)
//                        (switching LeakyRelu off also switches off gan-kit's LeakyReLU gradient, which follows the kernel)
//   --unfused            the "off" arm runs the builders' Dense/Conv2D layers with tfjs-layers' fused forward pass
//   --pack-cost P        the "off" arm plans BatchMatMul products pricing XNNPACK's packing at P copies per element
//                        instead of gan-kit's PACK_COST (P 1: the plain product x·W is never swapped)
//   --conv-patches       the "off" arm computes every Conv2DBackpropFilter and Conv2DBackpropInput as a convolution, never
//                        as a product with patches (im2col / col2im)
//   --separate           the "off" arm's discriminator step runs D(x) and D(x̃) as two calls instead of the trainer's
//                        default for the workload (one call on [x; x̃] when D treats samples on their own: MLP-GAN)
//   --baseline DIR       the "off" arm is the AdversarialTrainer of another build of gan-kit (DIR/dist/index.js, e.g. a
//                        git worktree of an older commit, built with tsup), the "on" arm this tree's; both arms step
//                        through the public `fit` with the same kernels, on identically built models
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { positiveInteger } from './bench/cli_args.js';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { batchMatMulKernel } from '../src/backends/kernels/batch_mat_mul.js';
import { conv2DBackpropFilterKernel } from '../src/backends/kernels/conv2d_backprop_filter.js';
import { conv2DBackpropInputKernel } from '../src/backends/kernels/conv2d_backprop_input.js';
import { useFastestBackend } from '../src/backends/select_backend.js';
import { AdversarialTrainer } from '../src/trainers/adversarial_trainer.js';
import { cpuTicks, median, stealPercent } from './bench/measure.js';
import { buildWorkload, type ModelName } from './bench/workloads.js';

const options = new Command('bench-ab')
  .option('--model <name>', 'dcgan28 or mlp', 'dcgan28')
  .option('--threads <n>', 'wasm threads', positiveInteger, 2)
  .option('--rounds <n>', 'off/on alternations', positiveInteger, 5)
  .option('--kernels <names>', 'comma-separated gan-kit kernels to switch off in the "off" arm')
  .option('--unfused', 'switch off the unfused-while-training Dense/Conv2D layers in the "off" arm')
  .option('--pack-cost <p>', 'price of packing in the "off" arm\'s BatchMatMul plan', positiveInteger)
  .option('--conv-patches', 'the "off" arm never computes a conv gradient as a product with patches')
  .option('--separate', 'the "off" arm runs D on the real and the generated batch in two calls')
  .option('--baseline <dir>', 'the "off" arm is the AdversarialTrainer of the gan-kit build in DIR/dist')
  .parse()
  .opts<{ model: string; threads: number; rounds: number; kernels?: string; unfused?: boolean; packCost?: number; convPatches?: boolean; separate?: boolean; baseline?: string }>();
if (options.model !== 'dcgan28' && options.model !== 'mlp') throw new Error(`--model must be dcgan28 or mlp, got '${options.model}'.`);
if ([options.kernels !== undefined, options.unfused === true, options.packCost !== undefined, options.convPatches === true, options.separate === true, options.baseline !== undefined].filter(Boolean).length !== 1) {
  throw new Error('give exactly one of --kernels A,B, --unfused, --pack-cost P, --conv-patches, --separate and --baseline DIR.');
}
const model = options.model as ModelName;

// The wasm backend's own kernels, read from the registry before gan-kit installs its own.
const names = options.packCost !== undefined ? ['BatchMatMul'] : options.convPatches === true ? ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] : options.kernels?.split(',').filter((n) => n !== '') ?? [];
const stock = new Map(names.map((name) => [name, tf.getKernel(name, 'wasm')] as const));
if (options.packCost !== undefined) {
  // The off arm: gan-kit's BatchMatMul with another packing price, over the backend's own kernel.
  const own = stock.get('BatchMatMul')!;
  stock.set('BatchMatMul', { ...own, kernelFunc: batchMatMulKernel('wasm', own.kernelFunc, options.packCost) });
}
if (options.convPatches === true) {
  // The off arm: gan-kit's filter gradient as a convolution only (wasm has no Conv2DBackpropFilter of its own).
  stock.set('Conv2DBackpropFilter', { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterKernel('wasm', undefined, false) });
  const input = stock.get('Conv2DBackpropInput')!;
  stock.set('Conv2DBackpropInput', { ...input, kernelFunc: conv2DBackpropInputKernel('wasm', input.kernelFunc, false) });
}
const selected = await useFastestBackend({ prefer: ['wasm'], threads: options.threads });
console.log(selected.reason);
const ours = new Map(names.map((name) => {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`--kernels: neither wasm nor gan-kit has a kernel named '${name}'.`);
  return [name, config] as const;
}));
const register = (configs: ReadonlyMap<string, tf.KernelConfig | undefined>) => {
  for (const [name, config] of configs) {
    if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
    if (config !== undefined) tf.registerKernel(config);
  }
};

/** What an arm steps: the public surface every gan-kit version's AdversarialTrainer has. */
interface Steppable {
  fit(data: tf.Tensor, options: { steps: number; batchSize: number }): Promise<unknown>;
  readonly jointDiscriminatorBatches?: boolean;
}
type TrainerClass = new (models: unknown, options: { seed: number; discriminatorBatches?: 'auto' | 'separate' }) => Steppable;
const baselineTrainer = options.baseline === undefined
  ? undefined
  : ((await import(pathToFileURL(join(resolve(options.baseline), 'dist/index.js')).href)) as { AdversarialTrainer: TrainerClass }).AdversarialTrainer;

/**
 * A trainer on the workload; with `fused`, the layers' own (prototype) forward pass instead of gan-kit's override;
 * with `separate`, D in two calls per discriminator step; with `Trainer`, another build's trainer class.
 */
function trainer(fused: boolean, separate = false, Trainer: TrainerClass = AdversarialTrainer as unknown as TrainerClass): { trainer: Steppable; real: tf.Tensor } {
  const { gan, sampleShape } = buildWorkload(model);
  if (fused) {
    for (const layer of [...gan.generator.layers, ...gan.discriminator.layers]) delete (layer as unknown as { call?: unknown }).call;
  }
  const batches = separate ? 'separate' : 'auto';
  return { trainer: new Trainer(gan, { seed: 1, discriminatorBatches: batches }), real: tf.randomUniform([64, ...sampleShape], -1, 1, 'float32', 1) };
}

// With --kernels both arms train the same models; only the registered kernels differ.
// --unfused, --separate and --baseline compare two trainers on identically built models.
const measured = trainer(false);
const arms = {
  off: baselineTrainer !== undefined ? trainer(false, false, baselineTrainer)
    : options.unfused === true || options.separate === true ? trainer(options.unfused === true, options.separate === true) : measured,
  on: measured,
};
const steps = model === 'mlp' ? 10 : 3;
async function time(arm: { trainer: Steppable; real: tf.Tensor }): Promise<number> {
  await arm.trainer.fit(arm.real, { steps: 1, batchSize: 64 });
  const start = performance.now();
  await arm.trainer.fit(arm.real, { steps, batchSize: 64 });
  return (performance.now() - start) / steps;
}

const runs = { off: [] as number[], on: [] as number[] };
const ticks = cpuTicks();
for (let round = 0; round < options.rounds; round++) {
  register(stock);
  runs.off.push(await time(arms.off));
  register(ours);
  runs.on.push(await time(arms.on));
}
const measure = options.baseline !== undefined
  ? `AdversarialTrainer of ${options.baseline} → of this tree`
  : options.unfused === true
  ? 'unfused Dense/Conv2D while training'
  : options.separate === true ? `discriminator on [x; x̃] in one call (joint: ${String(measured.trainer.jointDiscriminatorBatches)}) against two calls`
  : options.packCost !== undefined ? `BatchMatMul pack price ${options.packCost} → gan-kit's`
  : options.convPatches === true ? 'Conv2DBackpropFilter/Input as convolutions → as products with patches where those are cheaper' : `gan-kit kernels ${names.join(', ')}`;
const off = median(runs.off);
const on = median(runs.on);
console.log(JSON.stringify({ model, threads: options.threads, measure, steps_per_run: steps, off_ms: runs.off.map((v) => Math.round(v)), on_ms: runs.on.map((v) => Math.round(v)), median_off_ms: Math.round(off), median_on_ms: Math.round(on), speedup: Math.round((off / on) * 1000) / 1000, steal_pct: stealPercent(ticks) }));
