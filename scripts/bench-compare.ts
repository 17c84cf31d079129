// Side-by-side benchmark, as ../shared/bench/README.md requires on shared machines: runs gan-kit's benchmark (A) and
// a baseline (B) alternately, A B A B …, and prints the median of the per-pair ratios A ms/step ÷ B ms/step.
// B is the PyTorch peer (default) or gan-kit itself on one wasm thread (--versus single-thread).
// Usage: npm run bench:compare -- --model dcgan28|mlp [--pairs 3] [--threads 2] [--batch 64] [--versus peer|single-thread]
//        [--peer-coretype auto|none|NAME]
// The peer's OpenBLAS (0.3.21) picks its kernels by CPU model and falls back to SSE3 ("Prescott") on models it does
// not know — a 2-vCPU Intel Xeon of model 207 ran 2048² products at 41 GFLOP/s instead of 208. --peer-coretype auto
// (default) sets OPENBLAS_CORETYPE for the peer from the CPU's flags (SkylakeX with AVX-512, Haswell with AVX2) unless
// it is set already; the summary reports what the peer ran with.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command, Option } from 'commander';
import { positiveInteger } from './bench/cli_args.js';
import { cpuTicks, median, stealPercent } from './bench/measure.js';

interface CompareOptions {
  readonly model: 'dcgan28' | 'mlp';
  readonly pairs: number;
  readonly threads: number;
  readonly batch: number;
  readonly backend?: string;
  readonly versus: 'peer' | 'single-thread';
  readonly peer: string;
  readonly json: boolean;
  readonly steps?: number;
  readonly warmup?: number;
  readonly repeats?: number;
  readonly peerCoretype: string;
}

interface RunResult {
  readonly ms_per_step: number;
  readonly [field: string]: unknown;
}

const run = promisify(execFile);
const benchScript = fileURLToPath(new URL('./bench.ts', import.meta.url));
const defaultPeer = fileURLToPath(new URL('../../shared/bench/peer-pytorch/run.sh', import.meta.url));

/** Runs a command and returns the last JSON line it printed on stdout. */
async function lastJsonLine(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<RunResult> {
  try {
    const { stdout } = await run(command, args, { maxBuffer: 64 * 1024 * 1024, ...(env === undefined ? {} : { env }) });
    const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
    if (line === undefined) throw new Error(`no JSON line in the output of ${command} ${args.join(' ')}:\n${stdout}`);
    return JSON.parse(line) as RunResult;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`${command} ${args.join(' ')} failed${stderr ? `:\n${stderr}` : ''}`, { cause: error });
  }
}

/** The flags both benchmarks accept with the same meaning: batch and timing. */
function sharedFlags(options: CompareOptions): string[] {
  const flags = ['--batch', String(options.batch)];
  for (const key of ['steps', 'warmup', 'repeats'] as const) {
    const value = options[key];
    if (value !== undefined) flags.push(`--${key}`, String(value));
  }
  return flags;
}

function ganKit(options: CompareOptions, threads: number): Promise<RunResult> {
  const args = ['--import', 'tsx', benchScript, '--json', '--model', options.model, '--threads', String(threads), ...sharedFlags(options)];
  if (options.backend !== undefined) args.push('--backend', options.backend);
  return lastJsonLine(process.execPath, args);
}

/**
 * The OPENBLAS_CORETYPE the peer runs with: the environment's own if set, none with `none`, the given name, or with
 * `auto` the newest OpenBLAS kernel family the CPU's flags allow (Linux /proc/cpuinfo; none elsewhere).
 */
function peerCoretype(choice: string): string | undefined {
  if (process.env.OPENBLAS_CORETYPE !== undefined) return process.env.OPENBLAS_CORETYPE;
  if (choice === 'none') return undefined;
  if (choice !== 'auto') return choice;
  let flags: Set<string>;
  try {
    flags = new Set(/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return undefined;
  }
  return flags.has('avx512f') ? 'SkylakeX' : flags.has('avx2') && flags.has('fma') ? 'Haswell' : undefined;
}

function baseline(options: CompareOptions, coretype: string | undefined): Promise<RunResult> {
  if (options.versus === 'single-thread') return ganKit(options, 1);
  const args = [options.peer, '--threads', String(options.threads), ...sharedFlags(options)];
  if (options.model === 'mlp') args.push('--mlp');
  return lastJsonLine('sh', args, coretype === undefined ? undefined : { ...process.env, OPENBLAS_CORETYPE: coretype });
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

async function main(): Promise<void> {
  const options = new Command()
    .name('bench-compare')
    .description('Alternates gan-kit and a baseline (A B A B …) and reports the median per-pair ratio of ms/step.')
    .addOption(new Option('--model <name>', 'workload').choices(['dcgan28', 'mlp']).default('dcgan28'))
    .option('--pairs <n>', 'A/B pairs (at least 3)', positiveInteger, 3)
    .option('--threads <n>', 'threads for both sides', positiveInteger, 2)
    .option('--batch <n>', 'batch size for both sides', positiveInteger, 64)
    .option('--backend <name>', "gan-kit's backend (default: what useFastestBackend picks)")
    .addOption(new Option('--versus <baseline>', 'B: the PyTorch peer, or gan-kit on 1 thread').choices(['peer', 'single-thread']).default('peer'))
    .option('--peer <path>', 'the peer run.sh', defaultPeer)
    .option('--steps <n>', 'steps per timed repeat, both sides (default: each side\'s default, 10)', positiveInteger)
    .option('--warmup <n>', 'warm-up steps, both sides (default 3)', positiveInteger)
    .option('--repeats <n>', 'timed repeats, both sides (default 5)', positiveInteger)
    .option('--peer-coretype <name>', "the peer's OPENBLAS_CORETYPE: auto (from the CPU's flags), none, or a name", 'auto')
    .option('--json', 'print only JSON lines', false)
    .parse()
    .opts<CompareOptions>();
  if (options.pairs < 3) console.error('bench-compare: fewer than 3 pairs is not a result on a shared machine (../shared/bench/README.md).');

  const coretype = options.versus === 'peer' ? peerCoretype(options.peerCoretype) : undefined;
  const a: RunResult[] = [];
  const b: RunResult[] = [];
  const steal: { a: (number | null)[]; b: (number | null)[] } = { a: [], b: [] };
  for (let pair = 1; pair <= options.pairs; pair++) {
    let ticks = cpuTicks();
    a.push(await ganKit(options, options.threads));
    steal.a.push(stealPercent(ticks));
    ticks = cpuTicks();
    b.push(await baseline(options, coretype));
    steal.b.push(stealPercent(ticks));
    const ratio = a.at(-1)!.ms_per_step / b.at(-1)!.ms_per_step;
    const line = {
      pair, a_ms_per_step: a.at(-1)!.ms_per_step, b_ms_per_step: b.at(-1)!.ms_per_step, ratio: round(ratio, 3),
      a_steal_pct: steal.a.at(-1), b_steal_pct: steal.b.at(-1),
    };
    console.log(JSON.stringify(line));
  }
  const ratios = a.map((r, i) => r.ms_per_step / b[i]!.ms_per_step);
  const first = (runs: RunResult[]) => runs[0]!;
  const summary = {
    comparison: options.versus === 'peer' ? 'gan-kit ÷ pytorch' : 'gan-kit ÷ gan-kit(1 thread)',
    model: first(a).model,
    batch: options.batch,
    pairs: options.pairs,
    a: { framework: first(a).framework, backend: first(a).backend, threads: first(a).threads, training_kernels: first(a).training_kernels },
    b: { framework: first(b).framework, version: first(b).version, threads: first(b).threads, backend: first(b).backend ?? null, blas: first(b).blas ?? null, openblas_coretype: coretype ?? null },
    a_ms_per_step: a.map((r) => r.ms_per_step),
    b_ms_per_step: b.map((r) => r.ms_per_step),
    ratios: ratios.map((r) => round(r, 3)),
    median_ratio: round(median(ratios), 3),
    a_median_ms: round(median(a.map((r) => r.ms_per_step)), 1),
    b_median_ms: round(median(b.map((r) => r.ms_per_step)), 1),
    a_median_cpu_ms_per_step: round(median(a.map((r) => Number(r.cpu_ms_per_step))), 1),
    a_median_gflop_per_s: round(median(a.map((r) => Number(r.gflop_per_s))), 2),
    b_median_gflop_per_s: round(median(b.map((r) => Number(r.gflop_per_s))), 2),
    // Share of the machine's CPU time the hypervisor stole during each run (whole process, warm-up included).
    a_steal_pct: steal.a,
    b_steal_pct: steal.b,
  };
  console.log(JSON.stringify(summary));
  if (!options.json) {
    console.error(
      `${summary.model}, batch ${summary.batch}, ${summary.pairs} pairs: median ratio ${summary.comparison} = ${summary.median_ratio} ` +
        `(medians ${summary.a_median_ms} vs ${summary.b_median_ms} ms/step)`,
    );
  }
}

await main();
