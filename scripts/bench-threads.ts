// Does the multi-threaded wasm build pay off in Node? Times a 1024×1024 matmul and DCGAN-28's second discriminator
// convolution (batch 64: 64×14×14×64 → 7×7×128, kernel 4, stride 2) on the wasm backend with 1 and with N threads,
// each in a fresh process, alternating (1 N 1 N …), and prints the median per-pair speed-up.
// Usage: npm run bench:threads -- [--threads 2] [--pairs 3]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { positiveInteger } from './bench/cli_args.js';
import * as tf from '@tensorflow/tfjs-core';
import { median } from './bench/measure.js';

interface OpTimes {
  readonly threads: number;
  readonly note: string;
  readonly matmul_ms: number;
  readonly conv_ms: number;
  /** Process CPU time ÷ wall time over both timed loops: above 1 only if threads computed at the same time. */
  readonly cpu_per_wall: number;
}

/** Median milliseconds of `repeats` runs of `op` (after 3 warm-up runs), reading the result back each time. */
function timeOp(op: () => tf.Tensor, repeats: number): number {
  const once = () => {
    const start = performance.now();
    const out = op();
    out.dataSync();
    out.dispose();
    return performance.now() - start;
  };
  for (let i = 0; i < 3; i++) once();
  return median(Array.from({ length: repeats }, once));
}

/** Child mode: initialize wasm with `threads` and time the two operations. */
async function child(threads: number): Promise<void> {
  const { initThreadedWasm } = await import('../src/backends/threaded_wasm.js');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const setup = await initThreadedWasm(wasm, { threads });
  const a = tf.randomNormal([1024, 1024], 0, 1, 'float32', 1);
  const x = tf.randomNormal<tf.Rank.R4>([64, 14, 14, 64], 0, 1, 'float32', 2);
  const w = tf.randomNormal<tf.Rank.R4>([4, 4, 64, 128], 0, 0.02, 'float32', 3);
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const matmulMs = timeOp(() => tf.matMul(a, a), 10);
  const convMs = timeOp(() => tf.conv2d(x, w, 2, 'same'), 10);
  const cpu = process.cpuUsage(cpuStart);
  const times: OpTimes = {
    threads: setup.threads,
    note: setup.note,
    matmul_ms: matmulMs,
    conv_ms: convMs,
    cpu_per_wall: Number(((cpu.user + cpu.system) / 1e3 / (performance.now() - wallStart)).toFixed(3)),
  };
  console.log(JSON.stringify(times));
  tf.dispose([a, x, w]);
}

async function runChild(threads: number): Promise<OpTimes> {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, '--child', String(threads)]);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as OpTimes;
}

async function main(): Promise<void> {
  const options = new Command()
    .name('bench-threads')
    .option('--threads <n>', 'threads to compare with 1', positiveInteger, 2)
    .option('--pairs <n>', 'alternating pairs', positiveInteger, 3)
    .option('--child <threads>', 'internal: time in this process with THREADS', positiveInteger)
    .parse()
    .opts<{ threads: number; pairs: number; child?: number }>();
  if (options.child !== undefined) {
    await child(options.child);
    return;
  }
  const single: OpTimes[] = [];
  const multi: OpTimes[] = [];
  for (let pair = 1; pair <= options.pairs; pair++) {
    single.push(await runChild(1));
    multi.push(await runChild(options.threads));
    console.log(JSON.stringify({ pair, single: single.at(-1), multi: multi.at(-1) }));
  }
  const speedup = (key: 'matmul_ms' | 'conv_ms') => Number(median(single.map((s, i) => s[key] / multi[i]![key])).toFixed(3));
  console.log(JSON.stringify({
    threads: multi[0]!.threads,
    pairs: options.pairs,
    matmul_1024_speedup: speedup('matmul_ms'),
    conv_d2_speedup: speedup('conv_ms'),
    matmul_ms: { single: median(single.map((s) => s.matmul_ms)), multi: median(multi.map((s) => s.matmul_ms)) },
    conv_ms: { single: median(single.map((s) => s.conv_ms)), multi: median(multi.map((s) => s.conv_ms)) },
    cpu_per_wall: { single: median(single.map((s) => s.cpu_per_wall)), multi: median(multi.map((s) => s.cpu_per_wall)) },
  }));
}

await main();
