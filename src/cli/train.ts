import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  AdversarialTrainer, CheckpointManager, NonFiniteError, linearLearningRateDecay, regularizerWeightSchedule, useFastestBackend, writePng,
  type StepLogs, type TrainerCallbacks,
} from '../index.js';
import { learningRateOf } from '../optimizers/learning_rate.js';
import { disposeRunData, EMBEDDED_DATASETS, loadRunData, type RunData } from './datasets.js';
import { progressPicture, sampleFileName, writeEvolutionGif, writeLossCurves, type PictureSpec } from './pictures.js';
import { progressCallbacks } from './progress.js';
import {
  buildTrainer, DEFAULT_GENERATOR_CONDITIONING, DISCRIMINATOR_CONDITIONINGS, GENERATOR_CONDITIONINGS, LOSSES, MODELS, oneOf, parseRunConfig,
  type RunConditioning, type RunConfig,
} from './run_config.js';
import { claimEmptyFolder, readRunConfig, runPaths } from './run_directory.js';
import { parseFraction, parseInteger, parsePositive, parseUnits, UsageError } from './usage_error.js';

/** The flags of `gan-kit train`, as commander hands them over (strings, unparsed). */
export interface TrainFlags {
  readonly data?: string;
  readonly model?: string;
  readonly loss?: string;
  readonly steps?: string;
  readonly epochs?: string;
  readonly batchSize?: string;
  readonly seed?: string;
  readonly out: string;
  readonly resume?: boolean;
  readonly config?: string;
  readonly backend?: string;
  readonly latentDim?: string;
  readonly lr?: string;
  readonly r1?: string;
  readonly r1Final?: string;
  readonly gpWeight?: string;
  readonly beta1?: string;
  readonly beta2?: string;
  readonly lrDecayFrom?: string;
  readonly gUnits?: string;
  readonly dUnits?: string;
  readonly dSteps?: string;
  readonly imageSize?: string;
  readonly channels?: string;
  readonly sampleEvery?: string;
  readonly checkpointEvery?: string;
  readonly conditional?: boolean;
  readonly dConditioning?: string;
  readonly gConditioning?: string;
}

/**
 * Settings a resumed run keeps: a flag that names another value than the run's is refused. Each entry gives the flag,
 * the run's value as a string and, where one value can be typed several ways, how the flag's text is normalized
 * before the two are compared (a data path is resolved, a layer list loses its spaces).
 */
const FIXED_ON_RESUME: readonly (readonly [Exclude<keyof TrainFlags, 'resume' | 'conditional'>, (config: RunConfig) => string, ((given: string) => string)?])[] = [
  ['data', (c) => c.data, (given) => ((EMBEDDED_DATASETS as readonly string[]).includes(given) ? given : resolve(given))], ['model', (c) => c.model], ['loss', (c) => c.loss], ['batchSize', (c) => String(c.batchSize)],
  ['seed', (c) => String(c.seed)], ['latentDim', (c) => String(c.latentDim)],
  ['r1', (c) => (c.r1 === undefined ? 'none' : String(c.r1))],
  ['r1Final', (c) => (c.r1Final === undefined ? 'none' : String(c.r1Final))],
  ['gpWeight', (c) => orPreset(c.gradientPenaltyWeight)], ['beta1', (c) => orPreset(c.beta1)], ['beta2', (c) => orPreset(c.beta2)],
  ['lrDecayFrom', (c) => (c.learningRateDecayFrom === undefined ? 'none' : String(c.learningRateDecayFrom))],
  ['gUnits', (c) => (c.generatorUnits === undefined ? "none (the model's default)" : c.generatorUnits.join(',')), (given) => parseUnits('--g-units', given).join(',')],
  ['dUnits', (c) => (c.discriminatorUnits === undefined ? "none (the model's default)" : c.discriminatorUnits.join(',')), (given) => parseUnits('--d-units', given).join(',')],
  ['dConditioning', (c) => c.conditioning?.discriminator ?? 'none (not conditional)'],
  ['gConditioning', (c) => c.conditioning?.generator ?? 'none (not conditional)'],
];

/** A setting that overrides the loss preset's, as `--resume` compares it with a flag. */
function orPreset(value: number | undefined): string {
  return value === undefined ? "none (the loss preset's)" : String(value);
}

/** A new conditional run's conditioning before the data say how many classes there are. */
type ConditioningRequest = Omit<RunConditioning, 'classes'> & { readonly classes: number | undefined };

/**
 * Length of the default 2-D recipe (non-saturating + R1 γ 1, rates → 0 over the second half) on ring8 and grid25:
 * the high-quality share kept rising with length (docs/benchmarks.md). ring8: 88% at 12,000 steps, 93% at 24,000,
 * 95.8–96.1% at 48,000, 97.4–97.9% at 96,000 (8/8 modes, reverse KL ≤ 0.003, seeds 1–3; about 40 minutes on one
 * wasm thread here). grid25 (25/25 modes on every seed at every length): 64–75% high-quality at 12,000 steps, 79–87%
 * at 24,000, 92.7% at 48,000 (seed 1), 93.6% and 94.1% at 96,000 (reverse KL ≤ 0.007, seeds 1–2); with γ annealed
 * (GRID25_R1_FINAL) 95.0%, 94.1%, 94.8% and 94.2% at 96,000 (reverse KL ≤ 0.010, seeds 1–4); with γ annealed and
 * D 3×128 (GRID25_DISCRIMINATOR_UNITS) 95.4%, 95.8%, 95.3% and 95.5% at 96,000 (reverse KL ≤ 0.005, seeds 1–4).
 */
const R1_RECIPE_STEPS = 96000;

/**
 * γ at the last step of grid25's default recipe: R1 γ falls geometrically 1 → 0.1 over the second half, with the
 * learning rates (bench-quality's `gan-r1-anneal`; docs/benchmarks.md). ring8's recipe keeps γ 1, which already
 * meets its target.
 */
const GRID25_R1_FINAL = 0.1;

/**
 * The discriminator of grid25's default recipe: three hidden layers of 128 units instead of two (bench-quality's
 * `gan-r1-anneal-d3`; docs/benchmarks.md). ring8's recipe keeps D 2×128.
 */
const GRID25_DISCRIMINATOR_UNITS: readonly number[] = [128, 128, 128];

/**
 * Default settings for a data set / model pair and the loss asked for (`undefined`: the default loss): the recipes
 * gan-kit found best (see docs/benchmarks.md). On 2-D data that is the non-saturating loss + R1 for both ring8 and
 * grid25; `--loss wgan-gp` on grid25 gets the WGAN-GP recipe tuned for it (λ 0.1, k 5, Adam β 0.5/0.9), any other
 * loss its own preset (the non-saturating loss keeps R1).
 */
function defaultsFor(data: string, model: string, loss: string | undefined): Omit<RunConfig, 'format' | 'version' | 'data' | 'model' | 'seed'> {
  if (data === 'ring8' || data === 'grid25') {
    // Both learning rates → 0 over the second half, so the samples settle on the modes.
    const schedule = { steps: 12000, batchSize: 256, latentDim: 8, learningRate: 1e-3, learningRateDecayFrom: 0.5, sampleEvery: 1000, checkpointEvery: 2000 };
    if (data === 'grid25' && loss === 'wgan-gp') {
      // WGAN-GP with the λ of the paper's toy 2-D runs (Gulrajani et al. 2017, arXiv 1704.00028), k 5, Adam 1e-3
      // β 0.5/0.9: 25/25 modes on seeds 1–3, 35–50% high-quality samples (bench-quality's `wgan-gp`).
      return { loss: 'wgan-gp', ...schedule, gradientPenaltyWeight: 0.1, discriminatorSteps: 5, beta1: 0.5, beta2: 0.9 };
    }
    // Non-saturating loss made locally convergent by R1 (Mescheder et al. 2018), bench-quality's `gan-r1`, trained
    // for as long as it kept improving in the benchmark (see R1_RECIPE_STEPS); on grid25 γ also falls tenfold over the
    // second half and D has a third layer (bench-quality's `gan-r1-anneal-d3`, see GRID25_R1_FINAL and
    // GRID25_DISCRIMINATOR_UNITS). The R1 penalty belongs to that recipe, so
    // another loss gets it (and the longer run) only when asked for.
    if (loss === undefined || loss === 'non-saturating') {
      return {
        loss: 'non-saturating', ...schedule, steps: R1_RECIPE_STEPS, r1: 1,
        ...(data === 'grid25' ? { r1Final: GRID25_R1_FINAL, discriminatorUnits: GRID25_DISCRIMINATOR_UNITS } : {}),
      };
    }
    return { loss: 'non-saturating', ...schedule };
  }
  if (model === 'mlp') return { loss: 'non-saturating', steps: 10000, batchSize: 64, latentDim: 100, sampleEvery: 500, checkpointEvery: 1000 };
  return { loss: 'non-saturating', steps: 2000, batchSize: 64, latentDim: 100, sampleEvery: 100, checkpointEvery: 500 };
}

/**
 * The settings of a new run: defaults ← `--config FILE.json` ← flags; a conditional run's conditioning comes
 * separately, as it needs the data for the number of classes (see {@link withClasses}). It only reads the `--config`
 * file and checks that `--data` exists: no data are loaded and nothing is written. Bad input throws a
 * {@link UsageError} naming the flag or the file.
 */
export async function newRunConfig(flags: TrainFlags): Promise<{ config: RunConfig; epochs: number | undefined; conditioning: ConditioningRequest | undefined }> {
  let file: Partial<RunConfig> = {};
  if (flags.config !== undefined) {
    const text = await readFile(flags.config, 'utf8').catch((error: Error) => {
      throw new UsageError(`--config '${flags.config}' cannot be read (${error.message})`);
    });
    try {
      file = JSON.parse(text) as Partial<RunConfig>;
    } catch (error) {
      throw new UsageError(`--config '${flags.config}' is not valid JSON (${(error as Error).message})`);
    }
    if (typeof file !== 'object' || file === null || Array.isArray(file)) {
      throw new UsageError(`--config '${flags.config}' must hold a JSON object of run settings`);
    }
  }
  const dataName = flags.data ?? file.data;
  if (dataName === undefined) throw new UsageError(`--data is required: one of ${EMBEDDED_DATASETS.join(', ')}, or a path`);
  const embedded = (EMBEDDED_DATASETS as readonly string[]).includes(dataName);
  if (!embedded && (await stat(dataName).catch(() => undefined)) === undefined) {
    throw new UsageError(`--data '${dataName}' is neither an embedded data set (${EMBEDDED_DATASETS.join(', ')}) nor an existing file or folder`);
  }
  const data = embedded ? dataName : resolve(dataName);
  const model = oneOf('--model', flags.model ?? file.model ?? (data === 'ring8' || data === 'grid25' ? 'mlp' : 'dcgan'), MODELS);
  const defaults = defaultsFor(data, model, flags.loss ?? file.loss);
  if (flags.steps !== undefined && flags.epochs !== undefined) throw new UsageError('give --steps or --epochs, not both');
  const epochs = flags.epochs === undefined ? undefined : parseInteger('--epochs', flags.epochs);
  const { conditioning: fileConditioning, ...fileSettings } = file;
  const merged = {
    format: 'gan-kit-run',
    version: 1,
    ...defaults,
    ...fileSettings,
    data,
    model,
    ...(flags.loss === undefined ? {} : { loss: oneOf('--loss', flags.loss, LOSSES) }),
    ...(flags.steps === undefined ? {} : { steps: parseInteger('--steps', flags.steps) }),
    ...(flags.batchSize === undefined ? {} : { batchSize: parseInteger('--batch-size', flags.batchSize) }),
    seed: flags.seed === undefined ? (file.seed ?? 0) : parseInteger('--seed', flags.seed, 0),
    ...(flags.latentDim === undefined ? {} : { latentDim: parseInteger('--latent-dim', flags.latentDim) }),
    ...(flags.lr === undefined ? {} : { learningRate: parsePositive('--lr', flags.lr) }),
    ...(flags.r1 === undefined ? {} : { r1: parsePositive('--r1', flags.r1) }),
    ...(flags.r1Final === undefined ? {} : { r1Final: parsePositive('--r1-final', flags.r1Final) }),
    ...(flags.gpWeight === undefined ? {} : { gradientPenaltyWeight: parsePositive('--gp-weight', flags.gpWeight) }),
    ...(flags.beta1 === undefined ? {} : { beta1: parseFraction('--beta1', flags.beta1) }),
    ...(flags.beta2 === undefined ? {} : { beta2: parseFraction('--beta2', flags.beta2) }),
    ...(flags.lrDecayFrom === undefined ? {} : { learningRateDecayFrom: parseFraction('--lr-decay-from', flags.lrDecayFrom) }),
    ...(flags.gUnits === undefined ? {} : { generatorUnits: parseUnits('--g-units', flags.gUnits) }),
    ...(flags.dUnits === undefined ? {} : { discriminatorUnits: parseUnits('--d-units', flags.dUnits) }),
    ...(flags.dSteps === undefined ? {} : { discriminatorSteps: parseInteger('--d-steps', flags.dSteps) }),
    ...(flags.imageSize === undefined ? {} : { imageSize: parseInteger('--image-size', flags.imageSize) }),
    ...(flags.channels === undefined ? {} : { channels: Number(oneOf('--channels', flags.channels, ['1', '3'])) as 1 | 3 }),
    ...(flags.sampleEvery === undefined ? {} : { sampleEvery: parseInteger('--sample-every', flags.sampleEvery) }),
    ...(flags.checkpointEvery === undefined ? {} : { checkpointEvery: parseInteger('--checkpoint-every', flags.checkpointEvery) }),
  };
  const config = parseRunConfig(JSON.stringify(merged), flags.config ?? 'the flags');
  return { config, epochs, conditioning: conditioningRequest(flags, fileConditioning) };
}

/** What `--conditional`, `--d-conditioning`, `--g-conditioning` and a `--config` file's `conditioning` ask for. */
function conditioningRequest(flags: TrainFlags, file: Partial<RunConditioning> | undefined): ConditioningRequest | undefined {
  if (flags.conditional !== true && file === undefined) {
    const [flag, value] = flags.dConditioning === undefined ? ['--g-conditioning', flags.gConditioning] : ['--d-conditioning', flags.dConditioning];
    if (value !== undefined) throw new UsageError(`${flag} '${value}' needs --conditional: add --conditional to train a class-conditional GAN`);
    return undefined;
  }
  const where = flags.config === undefined ? 'conditioning' : `--config '${flags.config}': 'conditioning'`;
  if (file !== undefined && (typeof file !== 'object' || file === null || Array.isArray(file))) {
    throw new UsageError(`${where} must be an object { discriminator, generator } (classes come from the data)`);
  }
  if (file?.classes !== undefined && !(Number.isInteger(file.classes) && file.classes >= 2)) {
    throw new UsageError(`${where}.classes must be an integer ≥ 2 (the number of classes), got ${JSON.stringify(file.classes)}`);
  }
  const choose = <T extends string>(flag: string, given: string | undefined, key: 'discriminator' | 'generator', fallback: T, allowed: readonly T[]): T =>
    given !== undefined ? oneOf(flag, given, allowed) : file?.[key] !== undefined ? oneOf(`${where}.${key}`, String(file[key]), allowed) : fallback;
  return {
    classes: file?.classes,
    discriminator: choose('--d-conditioning', flags.dConditioning, 'discriminator', DISCRIMINATOR_CONDITIONINGS[0]!, DISCRIMINATOR_CONDITIONINGS),
    generator: choose('--g-conditioning', flags.gConditioning, 'generator', DEFAULT_GENERATOR_CONDITIONING, GENERATOR_CONDITIONINGS),
  };
}

/**
 * The run's configuration with its conditioning, K being the data's largest label + 1 (or a `--config` file's
 * `classes`, when it covers the labels). Throws a {@link UsageError} when the data have no labels.
 */
function withClasses(config: RunConfig, request: ConditioningRequest, data: RunData): RunConfig {
  if (data.labels === undefined) {
    throw new UsageError(`--conditional needs class labels, but --data '${config.data}' has none: use mnist, IDX files with their labels file, or CIFAR-10 batches`);
  }
  const [min, max] = tf.tidy(() => [tf.min(data.labels!), tf.max(data.labels!)].map((t) => t.dataSync()[0]!));
  if (!(min! >= 0) || !Number.isInteger(max)) {
    throw new UsageError(`--conditional needs labels that are integers ≥ 0, but --data '${config.data}' has labels from ${min} to ${max}`);
  }
  const classes = request.classes ?? max! + 1;
  if (classes < 2) throw new UsageError(`--conditional needs at least 2 classes, but --data '${config.data}' has only label ${max}`);
  if (max! >= classes) {
    throw new UsageError(`the --config file's 'conditioning.classes' is ${classes}, but --data '${config.data}' has labels up to ${max}: give classes ≥ ${max! + 1}, or leave it out`);
  }
  return { ...config, conditioning: { classes, discriminator: request.discriminator, generator: request.generator } };
}

/** The settings of a resumed run: its own, with a new `--steps` total if given; conflicting flags are refused. */
async function resumedRunConfig(flags: TrainFlags): Promise<RunConfig> {
  const config = await readRunConfig(flags.out, '--out');
  if (flags.epochs !== undefined) throw new UsageError('--epochs cannot be used with --resume: give the new total with --steps');
  if (flags.config !== undefined) throw new UsageError('--config cannot be used with --resume: a resumed run keeps its configuration');
  if (flags.conditional === true && config.conditioning === undefined) {
    throw new UsageError(`--conditional: the run in '${flags.out}' was trained without --conditional, and a resumed run keeps its configuration: drop --conditional, or start a new run`);
  }
  for (const [flag, theirsOf, normalize] of FIXED_ON_RESUME) {
    const given = flags[flag];
    if (given === undefined) continue;
    const theirs = theirsOf(config);
    if ((normalize?.(given) ?? given) !== theirs) {
      throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} '${given}' differs from the run's '${theirs}': a resumed run keeps its configuration`);
    }
  }
  return flags.steps === undefined ? config : { ...config, steps: parseInteger('--steps', flags.steps) };
}

/** Appends each step's logs to `metrics.jsonl`, in chunks. */
function metricsCallbacks(path: string): TrainerCallbacks<AdversarialTrainer> {
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    await appendFile(path, text);
  };
  return {
    onStepEnd: async ({ logs }) => {
      if (logs !== undefined) pending.push(`${JSON.stringify(logs)}\n`);
      if (pending.length >= 100) await flush();
    },
    onTrainEnd: flush,
  };
}

/** Writes the fixed-noise picture every `every` steps (and at the end). */
function pictureCallbacks(dir: string, spec: PictureSpec, every: number): TrainerCallbacks<AdversarialTrainer> {
  let last = -1;
  const draw = async (trainer: AdversarialTrainer, step: number) => {
    if (step === last) return;
    await writePng(`${dir}/${sampleFileName(step)}`, await progressPicture(trainer, spec));
    last = step;
  };
  return {
    onTrainBegin: async ({ trainer, step }) => { if (step === 0) await draw(trainer, 0); },
    onStepEnd: async ({ trainer, step }) => { if (step % every === 0) await draw(trainer, step); },
    onTrainEnd: async ({ trainer, step }) => draw(trainer, step),
  };
}

/** `gan-kit train`: returns the exit code (0 done, 130 stopped by Ctrl-C). */
export async function train(flags: TrainFlags, out: NodeJS.WriteStream): Promise<number> {
  const resuming = flags.resume === true;
  const settings = resuming ? { config: await resumedRunConfig(flags), epochs: undefined, conditioning: undefined } : await newRunConfig(flags);
  const { epochs } = settings;
  const choice = await useFastestBackend(flags.backend === undefined ? {} : { prefer: [flags.backend] }).catch((error: Error) => {
    throw new UsageError(`--backend ${flags.backend ?? ''}: ${error.message}`);
  });
  out.write(`${choice.reason}\n`);
  const data = await loadRunData(settings.config.data, { seed: settings.config.seed, imageSize: settings.config.imageSize, channels: settings.config.channels });
  const paths = runPaths(flags.out);
  let trainer: AdversarialTrainer | undefined;
  try {
    const config = settings.conditioning === undefined ? settings.config : withClasses(settings.config, settings.conditioning, data);
    trainer = buildTrainer(config, data.samples.shape.slice(1), data.kind);
    // The recipe's starting rates, read before a checkpoint is restored, so a resumed run continues the schedule.
    const decay = config.learningRateDecayFrom === undefined ? [] : [linearLearningRateDecay<AdversarialTrainer>({
      from: config.learningRateDecayFrom,
      initial: Object.fromEntries(Object.entries(trainer.optimizers).map(([name, o]) => [name, learningRateOf(o, 'gan-kit train')])),
    })];
    const r1Schedule = config.r1Final === undefined || config.r1 === undefined ? [] : [regularizerWeightSchedule<AdversarialTrainer>({
      regularizer: 'r1', from: config.learningRateDecayFrom ?? 0.5, to: config.r1Final / config.r1,
    })];
    const k = trainer.discriminatorSteps;
    const runConfig: RunConfig = epochs === undefined
      ? config
      : { ...config, steps: Math.max(1, Math.ceil((epochs * Math.floor(data.samples.shape[0]! / config.batchSize)) / k)) };
    if (!resuming) await claimEmptyFolder(flags.out);
    await writeFile(paths.config, `${JSON.stringify(runConfig, null, 2)}\n`);
    await mkdir(paths.samples, { recursive: true });
    const checkpoints = new CheckpointManager({ directory: paths.checkpoints, keep: 3 });
    if (resuming) {
      const restored = await checkpoints.restore(trainer);
      const history = restored?.history ?? [];
      await writeFile(paths.metrics, history.map((s) => `${JSON.stringify(s)}\n`).join(''));
      out.write(restored === undefined ? 'gan-kit: no checkpoint yet; starting from step 0\n' : `gan-kit: resumed from step ${restored.step} (${restored.path})\n`);
      for (const s of restored?.skipped ?? []) out.write(`gan-kit: skipped damaged checkpoint ${s.path}: ${s.reason}\n`);
    }
    const remaining = runConfig.steps - trainer.step;
    if (remaining <= 0) {
      out.write(`gan-kit: the run is at step ${trainer.step}, which reaches --steps ${runConfig.steps}; nothing to do\n`);
      return 0;
    }
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      out.write('\ngan-kit: stopping after this step and writing a checkpoint (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const spec: PictureSpec = { kind: data.kind, modes: data.modes, seed: runConfig.seed + 1 };
    const started = Date.now();
    let history: StepLogs[] = [];
    try {
      const result = await trainer.fit(runConfig.conditioning === undefined ? data.samples : { samples: data.samples, labels: data.labels! }, {
        steps: remaining,
        batchSize: runConfig.batchSize,
        signal: controller.signal,
        callbacks: [
          progressCallbacks({ totalSteps: runConfig.steps, stream: out, logEvery: runConfig.sampleEvery }),
          metricsCallbacks(paths.metrics),
          pictureCallbacks(paths.samples, spec, runConfig.sampleEvery),
          // The schedules before the checkpoints, so that a checkpoint holds the rates and γ of the step after it.
          ...decay,
          ...r1Schedule,
          checkpoints.callback({ every: runConfig.checkpointEvery }),
        ],
      });
      history = checkpoints.history;
      await writeLossCurves(history, paths.losses, `${runConfig.model} on ${runConfig.data.split('/').at(-1)}, ${runConfig.loss} loss`);
      const frames = await writeEvolutionGif(paths.samples, paths.evolution);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      out.write(`gan-kit: ${result.stopReason === 'aborted' ? 'stopped' : 'finished'} at step ${trainer.step}/${runConfig.steps} in ${seconds} s; ` +
        `wrote ${paths.samples}/${sampleFileName(trainer.step)}, ${paths.evolution} (${frames} frames), ${paths.losses}, ${paths.metrics}, checkpoints in ${paths.checkpoints}\n`);
      return result.stopReason === 'aborted' ? 130 : 0;
    } catch (error) {
      if (error instanceof NonFiniteError) {
        out.write(`gan-kit: ${error.message}\ngan-kit: the last good checkpoint in ${paths.checkpoints} is intact; continue with --resume (e.g. with a lower --lr is not possible on resume: start a new run)\n`);
        return 1;
      }
      throw error;
    } finally {
      process.off('SIGINT', onSigint);
    }
  } finally {
    trainer?.dispose();
    disposeRunData(data);
  }
}
