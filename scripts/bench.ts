// Training-step benchmark of gan-kit on the workloads of ../shared/bench/README.md (DCGAN-28, MLP-GAN).
// Usage: npm run bench -- --model dcgan28|mlp [--backend NAME] [--threads N] [--batch N] [--json] [--sweep] [--memory [STEPS]]
// Prints one JSON line per run with the fields of the PyTorch peer (../shared/bench/peer-pytorch/run.sh).
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { positiveInteger } from './bench/cli_args.js';
import * as tf from '@tensorflow/tfjs-core';
import { useFastestBackend, type BackendChoice } from '../src/backends/select_backend.js';
import { AdversarialTrainer } from '../src/trainers/adversarial_trainer.js';
import { timeTrainingSteps, trackMemory, type TimingOptions } from './bench/measure.js';
import { buildWorkload, gflopPerStep, type ModelName } from './bench/workloads.js';

/** The fp32 matrix-multiply peak of the reference machine on 2 threads (../shared/bench/README.md), GFLOP/s. */
const DEFAULT_PEAK_GFLOPS = 330;
const SWEEP_BATCHES = [16, 32, 64, 128, 256];
const SWEEP_IMAGE_SIZES = [28, 32, 64];

interface CliOptions {
  readonly model: ModelName;
  readonly backend?: string;
  readonly threads?: number;
  readonly kernels: boolean;
  readonly batch: number;
  readonly imageSize: number;
  readonly steps: number;
  readonly warmup: number;
  readonly repeats: number;
  readonly json: boolean;
  readonly sweep: boolean;
  readonly memory?: number | true;
  readonly memoryEvery: number;
  readonly peak: number;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, saw '${value}'.`);
  return n;
}

function parseModel(value: string): ModelName {
  if (value === 'dcgan28' || value === 'dcgan') return 'dcgan28';
  if (value === 'mlp' || value === 'mlp_gan') return 'mlp';
  throw new InvalidArgumentError(`expected dcgan28 or mlp, saw '${value}'.`);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

const packageVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Builds the workload, times it and prints one JSON line (and, without --json, a readable line on stderr). */
async function runOnce(options: CliOptions, backend: BackendChoice, batch: number, imageSize: number, timing: TimingOptions): Promise<Record<string, unknown>> {
  const workload = buildWorkload(options.model, imageSize);
  const trainer = new AdversarialTrainer(workload.gan, { seed: 1 });
  const real = tf.randomUniform([batch, ...workload.sampleShape], -1, 1, 'float32', 1);
  const { msPerStep, msPerStepRepeats, cpuMsPerStep, stealPct } = await timeTrainingSteps(trainer, real, { ...timing, batch });
  const gflop = gflopPerStep(workload, batch);
  const seconds = msPerStep / 1e3;
  const result = {
    framework: 'gan-kit',
    version: packageVersion,
    threads: backend.threads,
    batch,
    steps_per_s: round(1 / seconds, 3),
    images_per_s: round(batch / seconds, 1),
    ms_per_step: round(msPerStep, 3),
    model: workload.model,
    gflop_per_step: round(gflop, 4),
    gflop_per_s: round(gflop / seconds, 2),
    fwd_mflop_per_img: workload.forwardMflopPerImage,
    ms_per_step_repeats: msPerStepRepeats.map((ms) => round(ms, 3)),
    cpu_ms_per_step: round(cpuMsPerStep, 1),
    steal_pct: stealPct,
    backend: backend.name,
    training_kernels: backend.kernels,
    tfjs_version: tf.version_core,
    image_size: workload.imageSize,
    share_of_peak: round(gflop / seconds / options.peak, 4),
    steps_per_repeat: timing.steps,
  };
  console.log(JSON.stringify(result));
  if (!options.json) {
    console.error(
      `${workload.model} on ${backend.name} (${backend.threads ?? '?'} thread(s)), batch ${batch}: ${result.ms_per_step} ms/step, ` +
        `${result.images_per_s} images/s, ${result.gflop_per_s} GFLOP/s = ${(100 * result.share_of_peak).toFixed(1)}% of ${options.peak} GFLOP/s` +
        (stealPct === null ? '' : `; ${stealPct}% of the machine's CPU time stolen by the hypervisor meanwhile`),
    );
  }
  tf.dispose(real);
  trainer.dispose();
  workload.gan.generator.dispose();
  workload.gan.discriminator.dispose();
  return result;
}

async function runMemoryCheck(options: CliOptions, steps: number): Promise<void> {
  const workload = buildWorkload(options.model, options.imageSize);
  const trainer = new AdversarialTrainer(workload.gan, { seed: 1 });
  const real = tf.randomUniform([options.batch, ...workload.sampleShape], -1, 1, 'float32', 1);
  const start = performance.now();
  const report = await trackMemory(trainer, real, { batch: options.batch, steps, every: options.memoryEvery }, (s) => {
    const line = { memory: true, model: workload.model, step: s.step, num_tensors: s.numTensors, rss_mb: round(s.rssMb, 1), heap_used_mb: round(s.heapUsedMb, 1), elapsed_s: round((performance.now() - start) / 1e3, 1) };
    console.log(JSON.stringify(line));
  });
  const summary = {
    memory_summary: true,
    model: workload.model,
    steps,
    tensors_constant: report.tensorsConstant,
    num_tensors: report.samples.at(-1)?.numTensors,
    rss_first_mb: round(report.samples[0]!.rssMb, 1),
    rss_last_mb: round(report.samples.at(-1)!.rssMb, 1),
    rss_growth_after_warmup_mb: round(report.rssGrowthMb, 1),
    rss_max_mb: round(Math.max(...report.samples.map((s) => s.rssMb)), 1),
  };
  console.log(JSON.stringify(summary));
  tf.dispose(real);
  trainer.dispose();
  workload.gan.generator.dispose();
  workload.gan.discriminator.dispose();
  if (!report.tensorsConstant) process.exitCode = 1;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench')
    .description('Times gan-kit training steps on the DCGAN-28 / MLP-GAN workloads of ../shared/bench/README.md.')
    .addOption(new Option('--model <name>', 'dcgan28 or mlp').default('dcgan28').argParser(parseModel))
    .option('--backend <name>', 'backend to use (default: what useFastestBackend picks)')
    .option('--threads <n>', 'wasm threads (default: logical cores, at most 8)', positiveInteger)
    .option('--no-kernels', "do not install gan-kit's training kernels (stock backend)")
    .option('--batch <n>', 'samples per batch', positiveInteger, 64)
    .option('--image-size <n>', 'DCGAN image side (28, 32, 64, …)', positiveInteger, 28)
    .option('--steps <n>', 'steps per timed repeat', positiveInteger, 10)
    .option('--warmup <n>', 'untimed warm-up steps', nonNegativeInteger, 3)
    .option('--repeats <n>', 'timed repeats (median reported)', positiveInteger, 5)
    .option('--json', 'print only the JSON lines', false)
    .option('--sweep', `sweep the batch (${SWEEP_BATCHES.join(', ')}) and, for DCGAN, the image size (${SWEEP_IMAGE_SIZES.join(', ')})`, false)
    .option('--memory [steps]', 'memory check instead of timing: train STEPS steps (default 2000), print tensors and RSS', positiveInteger)
    .option('--memory-every <n>', 'memory sample interval in steps', positiveInteger, 200)
    .option('--peak <gflops>', 'machine peak used for share_of_peak, GFLOP/s', Number, DEFAULT_PEAK_GFLOPS)
    .parse();
  const options = program.opts<CliOptions>();

  const backend = await useFastestBackend({
    ...(options.backend === undefined ? {} : { prefer: [options.backend] }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    kernels: options.kernels,
    log: (message) => console.error(message),
  });

  if (options.memory !== undefined) {
    await runMemoryCheck(options, options.memory === true ? 2000 : options.memory);
    return;
  }
  const timing: TimingOptions = { batch: options.batch, steps: options.steps, warmup: options.warmup, repeats: options.repeats };
  if (!options.sweep) {
    await runOnce(options, backend, options.batch, options.imageSize, timing);
    return;
  }
  const rows: Record<string, unknown>[] = [];
  for (const batch of SWEEP_BATCHES) rows.push(await runOnce(options, backend, batch, options.imageSize, timing));
  if (options.model === 'dcgan28') {
    for (const size of SWEEP_IMAGE_SIZES.filter((s) => s !== options.imageSize)) {
      rows.push(await runOnce(options, backend, options.batch, size, timing));
    }
  }
  if (!options.json) {
    console.error('\nmodel      batch  ms/step  ms/image  GFLOP/step  GFLOP/s');
    for (const r of rows) {
      const ms = r.ms_per_step as number;
      const batch = r.batch as number;
      console.error(
        `${String(r.model).padEnd(10)} ${String(batch).padStart(5)} ${ms.toFixed(1).padStart(8)} ${(ms / batch).toFixed(2).padStart(9)} ` +
          `${String(r.gflop_per_step).padStart(11)} ${String(r.gflop_per_s).padStart(8)}`,
      );
    }
  }
}

await main();
