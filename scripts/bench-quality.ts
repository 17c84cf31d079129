// Mode-coverage benchmark on the 2-D mixtures of ../shared/reference/quality.md (VEEGAN / PacGAN protocol): trains
// each gan-kit recipe on ring8 and grid25 for several seeds, scores 2,500 samples per run (modes captured, % high-quality
// samples, reverse KL) and prints mean ± standard error beside the published rows, with the wall time per run here.
// Usage: npm run bench:quality -- [--data ring8|grid25|both] [--recipes a,b] [--seeds N] [--first-seed N] [--steps N]
//        [--backend wasm|cpu] [--threads N (default 1)] [--json] [--from-json a.json,b.json (tabulate saved --json runs)]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import {
  AdversarialTrainer, MLPGAN, adam, gradientPenaltyRegularizer, grid25, hingeLoss, linearLearningRateDecay, modeCoverage, nonSaturatingLoss, r1Regularizer, ring8,
  regularizerWeightSchedule, useFastestBackend, wassersteinLoss,
  type AdversarialTrainerOptions, type GanModels, type RegularizerWeightScheduleOptions, type TrainerCallbacks,
} from '../src/index.js';

type DataName = 'ring8' | 'grid25';

/** One benchmark configuration: the networks, the trainer options and the schedule of one run. */
interface Recipe {
  readonly description: string;
  readonly steps: number;
  readonly batchSize: number;
  build(data: DataName, seed: number): { models: GanModels; options: AdversarialTrainerOptions };
  /** Fraction of the run after which both learning rates fall linearly to `decayTo`× their start; none when omitted. */
  readonly decayFrom?: number;
  readonly decayTo?: number;
  /** A schedule of a regularizer's weight over the run (regularizerWeightSchedule); none when omitted. */
  readonly regularizerSchedule?: RegularizerWeightScheduleOptions;
}


interface MlpShape {
  readonly latentDim: number;
  readonly generatorUnits: readonly number[];
  readonly discriminatorUnits: readonly number[];
}
const SMALL: MlpShape = { latentDim: 8, generatorUnits: [128, 128, 128], discriminatorUnits: [128, 128] };
/** SMALL with a third 128-unit discriminator layer. */
const DEEP_D: MlpShape = { ...SMALL, discriminatorUnits: [128, 128, 128] };

function mlp(shape: MlpShape, seed: number, discriminatorNormalization: 'none' | 'spectral' = 'none', packing = 1): MLPGAN {
  return new MLPGAN({ sampleShape: [2], outputActivation: 'linear', discriminatorNormalization, packing, seed, ...shape });
}

/** PacGAN (Lin et al. 2018, arXiv 1712.04086): the discriminator judges packs of m samples (MLPGAN's `packing`). */
function packed(m: number, shape: MlpShape, seed: number): GanModels {
  return mlp(shape, seed, 'none', m);
}

/** The R1 recipes' networks and trainer: `shape`'s MLPs, non-saturating loss + R1 γ 1, Adam 1e-3 β₁ 0.5 for both. */
function r1Build(shape: MlpShape): Recipe['build'] {
  return (_d, seed) => ({ models: mlp(shape, seed), options: { loss: nonSaturatingLoss(), regularizers: [r1Regularizer({ weight: 1 })], generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5), seed } });
}

const RECIPES: Record<string, Recipe> = {
  gan: {
    description: 'non-saturating MLP GAN (G 3×128, D 2×128, z 8), Adam 1e-3 β1 0.5, batch 256 (the CLI default\'s optimizer and batch)',
    steps: 1500, batchSize: 256,
    build: (_d, seed) => ({ models: mlp(SMALL, seed), options: { loss: nonSaturatingLoss(), generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5), seed } }),
  },
  'gan-r1': {
    description: 'the CLI\'s default for ring8 and grid25: non-saturating + R1 γ 1 (G 3×128, D 2×128, z 8), Adam 1e-3 β1 0.5, batch 256, both rates → 0 linearly over the second half',
    steps: 12000, batchSize: 256, decayFrom: 0.5,
    build: r1Build(SMALL),
  },
  'gan-r1-anneal': {
    description: 'gan-r1 with R1 γ annealed geometrically 1 → 0.1 over the second half, as the rates go to 0 (R3GAN\'s tenfold γ decay)',
    steps: 12000, batchSize: 256, decayFrom: 0.5, regularizerSchedule: { regularizer: 'r1', from: 0.5, to: 0.1 },
    build: r1Build(SMALL),
  },
  'gan-r1-anneal-d3': {
    description: 'gan-r1-anneal with a third 128-unit discriminator layer (D 3×128): the CLI\'s default for grid25',
    steps: 12000, batchSize: 256, decayFrom: 0.5, regularizerSchedule: { regularizer: 'r1', from: 0.5, to: 0.1 },
    build: r1Build(DEEP_D),
  },
  'wgan-gp': {
    description: 'gan-kit train --data grid25 --loss wgan-gp: WGAN-GP (Wasserstein + GP λ 0.1 as in the paper\'s toy runs, k 5), Adam 1e-3 β 0.5/0.9, batch 256, G 3×128, D 2×128, 12,000 steps, both rates → 0 linearly over the second half',
    steps: 12000, batchSize: 256, decayFrom: 0.5,
    build: (_d, seed) => ({
      models: mlp(SMALL, seed),
      options: { loss: wassersteinLoss(), regularizers: [gradientPenaltyRegularizer({ weight: 0.1 })], discriminatorSteps: 5, generatorOptimizer: adam(1e-3, 0.5, 0.9), discriminatorOptimizer: adam(1e-3, 0.5, 0.9), seed },
    }),
  },
  sngan: {
    description: 'SNGAN (spectral-norm D, hinge loss, k 5), Adam 1e-3 β 0.5/0.9, batch 256, G 3×128, D 2×128, both rates → 0 linearly over the second half',
    steps: 6000, batchSize: 256, decayFrom: 0.5,
    build: (_d, seed) => ({ models: mlp(SMALL, seed, 'spectral'), options: { loss: hingeLoss(), discriminatorSteps: 5, generatorOptimizer: adam(1e-3, 0.5, 0.9), discriminatorOptimizer: adam(1e-3, 0.5, 0.9), seed } }),
  },
  pacgan2: {
    description: 'PacGAN2 (non-saturating, D on pairs), Adam 1e-3 β1 0.5, batch 256, G 3×128, D 2×128',
    steps: 1500, batchSize: 256,
    build: (_d, seed) => ({ models: packed(2, SMALL, seed), options: { loss: nonSaturatingLoss(), generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5), seed } }),
  },
  pacgan4: {
    description: 'PacGAN4 (non-saturating, D on packs of 4), Adam 1e-3 β1 0.5, batch 256, G 3×128, D 2×128',
    steps: 1500, batchSize: 256,
    build: (_d, seed) => ({ models: packed(4, SMALL, seed), options: { loss: nonSaturatingLoss(), generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5), seed } }),
  },
};

interface RunResult {
  readonly data: DataName;
  readonly recipe: string;
  readonly seed: number;
  readonly steps: number;
  readonly modes: number;
  readonly highQuality: number;
  readonly reverseKl: number;
  readonly seconds: number;
}

/**
 * `NAME+tuned`: recipe NAME with both learning rates falling linearly to 0 over the second half of the run.
 */
function recipeNamed(name: string): Recipe | undefined {
  const [base, suffix] = name.split('+');
  const recipe = RECIPES[base ?? ''];
  if (recipe === undefined || (suffix !== undefined && suffix !== 'tuned')) return undefined;
  if (suffix === undefined) return recipe;
  return {
    ...recipe,
    description: `${recipe.description}; both learning rates → 0 linearly over the second half`,
    decayFrom: 0.5, decayTo: 0,
  };
}

async function runOnce(data: DataName, name: string, recipe: Recipe, seed: number, steps: number): Promise<RunResult> {
  const mixture = data === 'ring8' ? ring8({ count: 100_000, seed: 1000 + seed }) : grid25({ count: 100_000, seed: 1000 + seed });
  const { models, options } = recipe.build(data, seed);
  const trainer = new AdversarialTrainer(models, options);
  const started = performance.now();
  const progress: TrainerCallbacks<AdversarialTrainer> = {
    onStepEnd: ({ step }) => {
      if (step % 500 === 0) console.error(`  ${data} ${name} seed ${seed}: step ${step}, ${((performance.now() - started) / step).toFixed(0)} ms/step`);
    },
  };
  const callbacks = [
    progress,
    ...(recipe.decayFrom === undefined ? [] : [linearLearningRateDecay<AdversarialTrainer>({ from: recipe.decayFrom, to: recipe.decayTo ?? 0 })]),
    ...(recipe.regularizerSchedule === undefined ? [] : [regularizerWeightSchedule<AdversarialTrainer>(recipe.regularizerSchedule)]),
  ];
  await trainer.fit(mixture.samples, { steps, batchSize: recipe.batchSize, callbacks });
  const seconds = (performance.now() - started) / 1000;
  const samples = trainer.sample(2500, { seed: 7 + seed }) as tf.Tensor2D;
  const c = modeCoverage(samples, { modes: mixture.modes, std: mixture.std });
  tf.dispose([samples, mixture.samples]);
  trainer.generatorOptimizer.dispose();
  trainer.discriminatorOptimizer.dispose();
  trainer.generatorEma?.model.dispose();
  models.generator.dispose();
  models.discriminator.dispose();
  return { data, recipe: name, seed, steps, modes: c.modesCaptured, highQuality: c.highQualityFraction, reverseKl: c.reverseKl, seconds };
}

/** Mean and standard error (sample standard deviation / √n) of `xs`. */
function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n) };
}

const PUBLISHED: ReadonlyArray<readonly [string, string, string]> = [
  ['GAN (VEEGAN Table 1)', '1 / 99.3% / –', '3.3 / 0.5% / –'],
  ['Unrolled GAN (VEEGAN Table 1)', '7.6 / 35.6% / –', '23.6 / 16% / –'],
  ['VEEGAN (VEEGAN Table 1)', '8 / 52.9% / –', '24.6 / 40% / –'],
  ['WGAN-GP (GDPP Table 1)', '6.8 / 59.6% / –', '24.2 / 28.7% / –'],
  ['GAN (PacGAN Table 1)', '6.3 / 98.2% / 0.45', '17.3 / 94.8% / 0.70'],
  ['PacGAN2 (PacGAN Table 1)', '7.9 / 95.6% / 0.07', '23.8 / 91.3% / 0.13'],
  ['PacGAN4 (PacGAN Table 1)', '7.8 / 95.9% / 0.07', '24.8 / 93.6% / 0.04'],
];

function cell(runs: readonly RunResult[]): string {
  if (runs.length === 0) return '';
  const m = meanSe(runs.map((r) => r.modes));
  const h = meanSe(runs.map((r) => 100 * r.highQuality));
  // The reverse KL is undefined (NaN) for a run without any high-quality sample: averaged over the other runs.
  const kls = runs.map((r) => r.reverseKl).filter(Number.isFinite);
  const k = meanSe(kls);
  const kl = kls.length === 0 ? '–' : `${k.mean.toFixed(3)} ± ${k.se.toFixed(3)}${kls.length < runs.length ? ` (${kls.length} runs)` : ''}`;
  const t = meanSe(runs.map((r) => r.seconds));
  return `${m.mean.toFixed(1)} ± ${m.se.toFixed(1)} / ${h.mean.toFixed(1)} ± ${h.se.toFixed(1)}% / ${kl} (${runs.length} seed${runs.length === 1 ? '' : 's'}, ${t.mean.toFixed(0)} s/run)`;
}

function table(results: readonly RunResult[], recipes: readonly string[]): string {
  const lines = [
    '| method | ring8: modes / % HQ / reverse KL | grid25: modes / % HQ / reverse KL |',
    '|---|---|---|',
    ...PUBLISHED.map(([name, r, g]) => `| ${name} | ${r} | ${g} |`),
    ...recipes.map((name) => `| **gan-kit ${name}** | ${cell(results.filter((r) => r.recipe === name && r.data === 'ring8'))} | ${cell(results.filter((r) => r.recipe === name && r.data === 'grid25'))} |`),
  ];
  return lines.join('\n');
}

function perSeed(results: readonly RunResult[]): string {
  return [
    '| data | recipe | seed | steps | modes | % HQ | reverse KL | wall s |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.data} | ${r.recipe} | ${r.seed} | ${r.steps} | ${r.modes} | ${(100 * r.highQuality).toFixed(1)} | ${r.reverseKl.toFixed(3)} | ${r.seconds.toFixed(0)} |`),
  ].join('\n');
}

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'both' },
    recipes: { type: 'string', default: Object.keys(RECIPES).join(',') },
    seeds: { type: 'string', default: '3' },
    'first-seed': { type: 'string', default: '1' },
    steps: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    'from-json': { type: 'string' },
  },
});
const datas: DataName[] = values.data === 'both' ? ['ring8', 'grid25'] : values.data === 'ring8' || values.data === 'grid25' ? [values.data] : [];
if (datas.length === 0) throw new Error(`--data must be ring8, grid25 or both, got '${values.data}'.`);
const recipeNames = values.recipes.split(',').filter((s) => s !== '');
for (const name of recipeNames) {
  if (recipeNamed(name) === undefined) throw new Error(`--recipes: unknown recipe '${name}'; known: ${Object.keys(RECIPES).join(', ')}, each optionally with '+tuned'.`);
}
const seeds = Number(values.seeds);
const firstSeed = Number(values['first-seed']);
if (!(Number.isInteger(seeds) && seeds >= 1)) throw new Error(`--seeds must be an integer ≥ 1, got '${values.seeds}'.`);
const stepsOverride = values.steps === undefined ? undefined : Number(values.steps);
if (stepsOverride !== undefined && !(Number.isInteger(stepsOverride) && stepsOverride >= 1)) throw new Error(`--steps must be an integer ≥ 1, got '${values.steps}'.`);

let conditions: string;
const results: RunResult[] = [];
if (values['from-json'] !== undefined) {
  const saved = values['from-json'].split(',').map((path) => JSON.parse(readFileSync(path, 'utf8')) as { conditions: string; results: RunResult[] });
  conditions = [...new Set(saved.map((s) => s.conditions))].join('; ');
  for (const s of saved) {
    // JSON writes NaN (no high-quality sample, so no reverse KL) as null.
    const picked = s.results.filter((r) => datas.includes(r.data) && recipeNames.includes(r.recipe));
    results.push(...picked.map((r) => ({ ...r, reverseKl: r.reverseKl ?? Number.NaN })));
  }
} else {
  const backend = await useFastestBackend({ prefer: [values.backend], threads: Number(values.threads) });
  conditions = `backend ${backend.name}, ${backend.threads ?? '?'} thread(s); ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start`;
  console.error(conditions);
  for (const data of datas) {
    for (const name of recipeNames) {
      const recipe = recipeNamed(name)!;
      for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
        const r = await runOnce(data, name, recipe, seed, stepsOverride ?? recipe.steps);
        results.push(r);
        console.error(`${data} ${name} seed ${seed}: ${r.modes} modes, ${(100 * r.highQuality).toFixed(1)}% HQ, reverse KL ${r.reverseKl.toFixed(3)}, ${r.steps} steps in ${r.seconds.toFixed(0)} s (load ${loadavg()[0]!.toFixed(1)})`);
      }
    }
  }
}
if (values.json) {
  console.log(JSON.stringify({ conditions, results }));
} else {
  console.log(`${conditions}\n`);
  console.log(table(results, recipeNames));
  console.log('\nRecipes:');
  for (const name of recipeNames) console.log(`- ${name}: ${recipeNamed(name)!.description}`);
  console.log(`\nPer seed:\n\n${perSeed(results)}`);
}
