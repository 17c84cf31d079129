// The WebAssembly ceiling of a training step, measured in the same process as the step itself.
// Every layer of the workload is one matrix product per pass (scripts/bench/workloads.ts `stepProducts`: convolutions
// as products of their patches). The ceiling of a product shape is the fastest the backend's WebAssembly SIMD
// products run it: tfjs-backend-wasm's XNNPACK with the right operand packed once and reused (no packing, no
// transposes, no patches, no dispatch), in whichever of the two layouts (A·B or Bᵀ·Aᵀ) is faster. Their sum over the
// step is the time a step would take if it did nothing but products at that speed; its share of the measured step is
// how close the step is to the ceiling.
// Usage: npm run bench:ceiling -- [--model dcgan28|mlp] [--threads N] [--batch N] [--steps N] [--warmup N] [--repeats N]
//        [--calls N] [--json]
import { Command, Option } from 'commander';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { installTrainingKernels } from '../src/backends/install_training_kernels.js';
import { useFastestBackend } from '../src/backends/select_backend.js';
import { AdversarialTrainer } from '../src/trainers/adversarial_trainer.js';
import { positiveInteger } from './bench/cli_args.js';
import { cpuTicks, median, stealPercent, timeTrainingSteps } from './bench/measure.js';
import { buildWorkload, gflopPerStep, stepProducts, type ModelName } from './bench/workloads.js';

interface Options {
  readonly model: ModelName;
  readonly threads?: number;
  readonly batch: number;
  readonly steps: number;
  readonly warmup: number;
  readonly repeats: number;
  readonly calls: number;
  readonly json: boolean;
}

const options = new Command()
  .addOption(new Option('--model <name>', 'dcgan28 or mlp').choices(['dcgan28', 'mlp']).default('dcgan28'))
  .option('--threads <n>', 'XNNPACK threads (default: the logical cores)', positiveInteger)
  .option('--batch <n>', 'batch size', positiveInteger, 64)
  .option('--steps <n>', 'training steps per timed repeat', positiveInteger, 5)
  .option('--warmup <n>', 'untimed training steps first', positiveInteger, 5)
  .option('--repeats <n>', 'timed repeats of the step (median)', positiveInteger, 3)
  .option('--calls <n>', 'timed calls per product shape and layout (median)', positiveInteger, 15)
  .option('--json', 'print one JSON line only', false)
  .parse()
  .opts<Options>();

/** Median milliseconds of `calls` products a·b with both operands kept (so XNNPACK packs b once), after 3 untimed. */
function productMs(rows: number, inner: number, cols: number, calls: number): number {
  const a = tf.randomNormal([rows, inner], 0, 1, 'float32', 1);
  const b = tf.randomNormal([inner, cols], 0, 1, 'float32', 2);
  const times: number[] = [];
  for (let i = 0; i < calls + 3; i++) {
    const start = performance.now();
    // The wasm backend computes in the call itself (XNNPACK's thread pool joins before it returns): no read-back needed.
    const c = tf.matMul(a, b);
    const ms = performance.now() - start;
    c.dispose();
    if (i >= 3) times.push(ms);
  }
  tf.dispose([a, b]);
  return median(times);
}

const choice = await useFastestBackend({ prefer: ['wasm'], kernels: false, ...(options.threads === undefined ? {} : { threads: options.threads }) });
if (choice.name !== 'wasm') throw new Error(`bench:ceiling measures the wasm backend, but ${choice.name} was selected: ${choice.reason}`);
const workload = buildWorkload(options.model);
const ticks = cpuTicks();
const load = loadavg()[0]!;

// The ceiling, with the backend's own kernels (gan-kit's BatchMatMul would re-plan the products).
const shapes = new Map<string, { rows: number; inner: number; cols: number; ms: number }>();
const products = stepProducts(workload, options.batch);
for (const p of products) {
  const key = `${p.rows}x${p.inner}x${p.cols}`;
  if (shapes.has(key)) continue;
  const ms = Math.min(productMs(p.rows, p.inner, p.cols, options.calls), productMs(p.cols, p.inner, p.rows, options.calls));
  shapes.set(key, { rows: p.rows, inner: p.inner, cols: p.cols, ms });
}
const ceilingMs = products.reduce((s, p) => s + p.times * shapes.get(`${p.rows}x${p.inner}x${p.cols}`)!.ms, 0);

// The step as users run it: gan-kit's training kernels, AdversarialTrainer.
installTrainingKernels('wasm');
const trainer = new AdversarialTrainer(workload.gan, { seed: 1 });
const real = tf.randomUniform([options.batch, ...workload.sampleShape], -1, 1, 'float32', 1);
const timing = await timeTrainingSteps(trainer, real, { batch: options.batch, steps: options.steps, warmup: options.warmup, repeats: options.repeats });
const gflop = gflopPerStep(workload, options.batch);

const result = {
  model: workload.model, backend: 'wasm', threads: choice.threads, batch: options.batch,
  gflop_per_step: Number(gflop.toFixed(3)),
  ceiling_ms_per_step: Number(ceilingMs.toFixed(2)), ceiling_gflop_per_s: Number((gflop / (ceilingMs / 1e3)).toFixed(1)),
  ms_per_step: Number(timing.msPerStep.toFixed(2)), gflop_per_s: Number((gflop / (timing.msPerStep / 1e3)).toFixed(1)),
  share_of_ceiling: Number((ceilingMs / timing.msPerStep).toFixed(3)),
  load_start: load, load_end: loadavg()[0]!, steal_pct: stealPercent(ticks),
};
if (!options.json) {
  console.error(`${workload.model}, batch ${options.batch}, wasm with ${choice.threads} thread(s): the step's products at the ceiling`);
  console.error('  product (rows × inner × cols)   ms at the ceiling   GFLOP/s');
  for (const s of shapes.values()) {
    const label = `${s.rows} × ${s.inner} × ${s.cols}`;
    console.error(`  ${label.padEnd(30)} ${s.ms.toFixed(3).padStart(10)} ${((2 * s.rows * s.inner * s.cols) / s.ms / 1e6).toFixed(1).padStart(12)}`);
  }
  console.error(`ceiling ${ceilingMs.toFixed(1)} ms/step (${result.ceiling_gflop_per_s} GFLOP/s); the step ${timing.msPerStep.toFixed(1)} ms (${result.gflop_per_s} GFLOP/s): ${(100 * result.share_of_ceiling).toFixed(0)}% of the ceiling`);
}
console.log(JSON.stringify(result));
tf.dispose(real);
