import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';

/** How many training steps to time. */
export interface TimingOptions {
  /** Samples per real and per generated batch. */
  readonly batch: number;
  /** Steps per timed repeat. */
  readonly steps: number;
  /** Untimed steps first (kernel set-up, optimizer slots, JIT). */
  readonly warmup: number;
  /** Timed repeats; the median is reported. */
  readonly repeats: number;
}

/** The time of one training step. */
export interface Timing {
  /** Milliseconds per step of each repeat. */
  readonly msPerStepRepeats: readonly number[];
  /** Their median. */
  readonly msPerStep: number;
  /**
   * CPU time of the whole process (all threads, user + system) per timed step, in ms. On a machine shared with
   * other jobs this is steadier than wall time: it is about what one step costs with the cores to itself.
   */
  readonly cpuMsPerStep: number;
  /** CPU time stolen by the hypervisor during the timed repeats, percent of the machine's (see {@link stealPercent}). */
  readonly stealPct: number | null;
}

/** The machine's CPU time so far, in clock ticks over all CPUs: in all, and stolen by the hypervisor. */
export interface CpuTicks {
  readonly total: number;
  readonly steal: number;
}

/** The first line of /proc/stat (Linux), or `null` where there is none. */
export function cpuTicks(): CpuTicks | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user and nice]
    return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}

/**
 * The share of the machine's CPU time the hypervisor gave to other guests between two readings, in percent (`null`
 * without /proc/stat). On a virtual machine whose host is oversubscribed this reaches tens of percent, and every
 * wall-time figure taken meanwhile is inflated by it: read ratios only from runs with low steal.
 */
export function stealPercent(from: CpuTicks | null, to: CpuTicks | null = cpuTicks()): number | null {
  if (from === null || to === null || to.total <= from.total) return null;
  return Math.round((1000 * (to.steal - from.steal)) / (to.total - from.total)) / 10;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Times `trainer.fit` on `real` (exactly one batch of real samples, as the PyTorch peer reuses one batch): `warmup`
 * untimed steps, then `repeats` runs of `steps` steps each.
 */
export async function timeTrainingSteps(trainer: AdversarialTrainer, real: tf.Tensor, options: TimingOptions): Promise<Timing> {
  const { batch, steps, warmup, repeats } = options;
  if (warmup > 0) await trainer.fit(real, { steps: warmup, batchSize: batch });
  const msPerStepRepeats: number[] = [];
  const ticksStart = cpuTicks();
  const cpuStart = process.cpuUsage();
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await trainer.fit(real, { steps, batchSize: batch });
    msPerStepRepeats.push((performance.now() - start) / steps);
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    msPerStepRepeats,
    msPerStep: median(msPerStepRepeats),
    cpuMsPerStep: (cpu.user + cpu.system) / 1e3 / (steps * repeats),
    stealPct: stealPercent(ticksStart),
  };
}

/** Memory after some number of steps. */
export interface MemorySample {
  readonly step: number;
  /** Live tensors (`tf.memory().numTensors`). */
  readonly numTensors: number;
  /** Resident set size of the process, MiB. */
  readonly rssMb: number;
  /** V8 heap in use, MiB. */
  readonly heapUsedMb: number;
}

/** The verdict of {@link trackMemory}. */
export interface MemoryReport {
  readonly samples: readonly MemorySample[];
  /** True when every sample after the first shows the same tensor count. */
  readonly tensorsConstant: boolean;
  /** RSS change from the second sample (after warm-up) to the last, MiB. */
  readonly rssGrowthMb: number;
}

const MIB = 1024 * 1024;

function sample(step: number): MemorySample {
  const usage = process.memoryUsage();
  return { step, numTensors: tf.memory().numTensors, rssMb: usage.rss / MIB, heapUsedMb: usage.heapUsed / MIB };
}

/**
 * Trains `steps` steps on `real` and samples memory every `every` steps (and once before), passing each sample to
 * `onSample` as it is taken.
 */
export async function trackMemory(
  trainer: AdversarialTrainer,
  real: tf.Tensor,
  options: { readonly batch: number; readonly steps: number; readonly every: number },
  onSample: (sample: MemorySample) => void,
): Promise<MemoryReport> {
  const samples: MemorySample[] = [];
  const take = (step: number) => {
    const s = sample(step);
    samples.push(s);
    onSample(s);
  };
  await trainer.fit(real, { steps: 1, batchSize: options.batch });
  take(1);
  for (let done = 1; done < options.steps; ) {
    const chunk = Math.min(options.every, options.steps - done);
    await trainer.fit(real, { steps: chunk, batchSize: options.batch });
    done += chunk;
    take(done);
  }
  const afterWarmup = samples[Math.min(1, samples.length - 1)]!;
  return {
    samples,
    tensorsConstant: samples.every((s) => s.numTensors === samples[0]!.numTensors),
    rssGrowthMb: samples.at(-1)!.rssMb - afterWarmup.rssMb,
  };
}
