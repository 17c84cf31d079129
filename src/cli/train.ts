import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import {
  CheckpointManager, NonFiniteError, linearLearningRateDecay, progressLogger, regularizerWeightSchedule, useFastestBackend, writePng,
  type AnyGanTrainer, type RgbaImage, type StepLogs, type TrainerCallbacks,
} from '../index.js';
import { writeFileAtomically } from '../io/durable_files.js';
import { learningRateOf } from '../optimizers/learning_rate.js';
import { EMBEDDED_DATASETS, type RunData } from './datasets.js';
import { sampleFileName, writeEvolutionGif, writeLossCurves } from './pictures.js';
import {
  DEFAULT_GENERATOR_CONDITIONING, DISCRIMINATOR_CONDITIONINGS, GENERATOR_CONDITIONINGS, TASK_MODELS, TRANSLATION_DATA, isTranslationModel,
  type RunConditioning,
} from './run_config.js';
import { buildRunSetup, disposeSetupData, loadSetupData, sampleCounts, setupTrainer, type RunSetup } from './run_setup.js';
import { describeDamaged, readRunCheckpoints, setDamagedAside, type RunCheckpoints } from './run_checkpoints.js';
import { claimEmptyFolder, readRunConfig, runPaths } from './run_directory.js';
import {
  checkRelations, checkSettingsFile, resumedSettings, settingsFromFlags, type RunConfig, type SettingsFile, type TrainFlags,
} from './train_settings.js';
import { parseInteger, UsageError } from './usage_error.js';

export type { TrainFlags } from './train_settings.js';

/**
 * A new conditional run's conditioning before the data say how many classes there are, and which of its methods the
 * user named (a flag or the `--config` file) rather than took by default.
 */
type ConditioningRequest = Omit<RunConditioning, 'classes'> & {
  readonly classes: number | undefined;
  readonly explicit: { readonly discriminator: boolean; readonly generator: boolean };
};

/**
 * Length of the default 2-D recipe (non-saturating + R1 γ 1, rates → 0 over the second half) on ring8 and grid25:
 * the share of high-quality samples kept rising with the length up to this one, where both data sets meet their
 * targets (the measurements per length and seed are in docs/benchmarks.md).
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

/** The EMA decay of a `--model biggan` run's generator unless `--ema` says otherwise. */
const BIGGAN_EMA = 0.999;

/** The colour DCGAN of `--data emoji` (docs/colour-and-biggan.md has its figures). */
const EMOJI_DCGAN = { steps: 3000, width: 32 } as const;

/** R1's γ in a StyleGAN2 run: StyleGAN2-ADA's setting for 32×32 images (CIFAR-10), applied every 16 steps. */
const STYLEGAN2_R1 = 0.01;

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
      // β 0.5/0.9: the WGAN-GP setting that covered every mode in bench-quality (`wgan-gp`; docs/benchmarks.md).
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
  // The image-to-image models on the MNIST tasks, as their examples train them (docs/image-to-image.md): the papers'
  // objectives and optimizers, both rates falling linearly to 0 over the second half (CycleGAN's and pix2pix's
  // schedule); SRGAN on the content loss alone for the first half (`pretrainSteps`, set from the steps).
  const translation = { steps: 2000, learningRateDecayFrom: 0.5, sampleEvery: 100, checkpointEvery: 250 };
  if (model === 'cyclegan') return { loss: 'least-squares', ...translation, batchSize: 8 };
  if (model === 'pix2pix') return { loss: 'non-saturating', ...translation, batchSize: 16 };
  if (model === 'srgan') return { loss: 'non-saturating', ...translation, batchSize: 16, scale: 2 };
  if (model === 'mlp') return { loss: 'non-saturating', steps: 10000, batchSize: 64, latentDim: 100, sampleEvery: 500, checkpointEvery: 1000 };
  const images = { loss: 'non-saturating', steps: 2000, batchSize: 64, latentDim: 100, sampleEvery: 100, checkpointEvery: 500 } as const;
  // SAGAN and BigGAN train with their paper's recipe, which the hinge loss selects (see run_config's modelRecipe).
  if (model === 'sagan') return { ...images, loss: 'hinge', latentDim: 128 };
  if (model === 'biggan') {
    // An EMA of G with the decay short runs need (the paper's 0.9999 averages over more steps than such a run has);
    // MNIST's 28×28 digits padded to 32×32, a side BigGAN can build.
    return { ...images, loss: 'hinge', latentDim: 128, ema: BIGGAN_EMA, ...(data === 'mnist' ? { imageSize: 32 } : {}) };
  }
  // StyleGAN2 at the CLI's small size (see CLI_STYLEGAN2), with the R1 γ of StyleGAN2-ADA's 32×32 runs.
  // ProGAN from 4×4 to 32×32 at the CLI's small size (see CLI_PROGAN): 7 phases of 9,000 images fill the 64,000 images
  // of 2,000 steps of 32, so the default run ends stabilized at 32×32.
  if (model === 'progan') return { ...images, batchSize: 32, latentDim: 64, imagesPerPhase: 9000 };
  if (model === 'stylegan2') return { ...images, batchSize: 32, latentDim: 64, r1: STYLEGAN2_R1 };
  if (data === 'emoji') return { ...images, ...EMOJI_DCGAN };
  return images;
}

/** Reads a `--config` file: its settings, each checked, or a {@link UsageError} naming the file and what is wrong. */
async function readSettingsFile(path: string): Promise<SettingsFile> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new UsageError(`--config '${path}' cannot be read (${error.message})`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config '${path}' is not valid JSON (${(error as Error).message})`);
  }
  return checkSettingsFile(value, `--config '${path}'`);
}

/**
 * The settings of a new run: the recipe's defaults ← `--config FILE.json` ← flags; a conditional run's conditioning
 * comes separately, as it needs the data for the number of classes (see {@link withClasses}). It only reads the
 * `--config` file and checks that `--data` exists: no data are loaded and nothing is written. Bad input throws a
 * {@link UsageError} naming the flag or the file.
 */
export async function newRunConfig(flags: TrainFlags): Promise<{ config: RunConfig; epochs: number | undefined; conditioning: ConditioningRequest | undefined }> {
  const { conditioning: fileConditioning, ...file } = flags.config === undefined ? {} : await readSettingsFile(flags.config);
  const given = settingsFromFlags(flags);
  const askedModel = given.model ?? file.model;
  // The image-to-image models train on their MNIST task when no data are given.
  const data = given.data ?? file.data ?? (askedModel !== undefined && isTranslationModel(askedModel) ? TRANSLATION_DATA[askedModel] : undefined);
  if (data === undefined) throw new UsageError(`--data is required: one of ${EMBEDDED_DATASETS.join(', ')}, or a path`);
  if (!(EMBEDDED_DATASETS as readonly string[]).includes(data) && (await stat(data).catch(() => undefined)) === undefined) {
    throw new UsageError(`--data '${flags.data ?? data}' is neither an embedded data set (${EMBEDDED_DATASETS.join(', ')}) nor an existing file or folder`);
  }
  const dataB = given.dataB ?? file.dataB;
  if (dataB !== undefined && (await stat(dataB).catch(() => undefined)) === undefined) {
    throw new UsageError(`--data-b '${flags.dataB ?? dataB}' is not an existing file or folder`);
  }
  const model = askedModel ?? TASK_MODELS[data] ?? (data === 'ring8' || data === 'grid25' ? 'mlp' : 'dcgan');
  if (flags.steps !== undefined && flags.epochs !== undefined) throw new UsageError('give --steps or --epochs, not both');
  const epochs = flags.epochs === undefined ? undefined : parseInteger('--epochs', flags.epochs);
  const config = {
    format: 'gan-kit-run', version: 1, seed: 0,
    ...defaultsFor(data, model, given.loss ?? file.loss),
    ...file, ...given, data, model,
  } as RunConfig;
  if (config.model === 'srgan' && config.pretrainSteps === undefined && epochs === undefined) {
    (config as { pretrainSteps?: number }).pretrainSteps = Math.floor(config.steps / 2);
  }
  checkRelations(config, flags.config === undefined ? 'the flags' : `--config '${flags.config}' with the flags`);
  return { config, epochs, conditioning: modelConditioning(model, conditioningRequest(flags, fileConditioning)) };
}

/**
 * The conditioning of a `--model biggan` run, which is BigGAN's own: a projection discriminator and conditional batch
 * normalization in G (from the shared class embedding and z's chunks). Other models keep what was asked for.
 */
function modelConditioning(model: string, request: ConditioningRequest | undefined): ConditioningRequest | undefined {
  if (model !== 'biggan') return request;
  if (request === undefined) {
    throw new UsageError('--model biggan is class-conditional: add --conditional (with labelled data such as mnist, emoji or CIFAR-10)');
  }
  const own = { discriminator: 'projection', generator: 'conditional-batchnorm' } as const;
  for (const key of ['discriminator', 'generator'] as const) {
    if (request.explicit[key] && request[key] !== own[key]) {
      throw new UsageError(`--model biggan conditions ${key === 'discriminator' ? 'D by projection' : 'G by conditional batch normalization'}, ` +
        `not '${request[key]}': drop --${key[0]}-conditioning`);
    }
  }
  return { ...request, ...own };
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
  const unknown = Object.keys(file ?? {}).find((k) => !['classes', 'discriminator', 'generator'].includes(k));
  if (unknown !== undefined) throw new UsageError(`${where}: unknown entry '${unknown}': it holds discriminator, generator and (optionally) classes`);
  const choose = <T extends string>(given: string | undefined, key: 'discriminator' | 'generator', fallback: T, allowed: readonly T[]): T => {
    const value = given ?? file?.[key] ?? fallback;
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${where}.${key} '${String(value)}' is not one of: ${allowed.join(', ')}`);
    return value as T;
  };
  return {
    classes: file?.classes,
    discriminator: choose(flags.dConditioning, 'discriminator', DISCRIMINATOR_CONDITIONINGS[0]!, DISCRIMINATOR_CONDITIONINGS),
    generator: choose(flags.gConditioning, 'generator', DEFAULT_GENERATOR_CONDITIONING, GENERATOR_CONDITIONINGS),
    explicit: {
      discriminator: (flags.dConditioning ?? file?.discriminator) !== undefined,
      generator: (flags.gConditioning ?? file?.generator) !== undefined,
    },
  };
}

/**
 * The run's configuration with its conditioning, K being the data's largest label + 1 (or a `--config` file's
 * `classes`, when it covers the labels). Throws a {@link UsageError} when the data have no labels.
 */
function withClasses(config: RunConfig, request: ConditioningRequest, data: RunData): RunConfig {
  if (data.labels === undefined) {
    throw new UsageError(`--conditional needs class labels, but --data '${config.data}' has none: use mnist, emoji, IDX files with their labels file, or CIFAR-10 batches`);
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

/** What `--resume` continues from, found before anything is loaded or written. */
interface ResumePlan {
  /** The run's settings with the new `--steps`, `--sample-every`, `--checkpoint-every` applied. */
  readonly config: RunConfig;
  /** The run's checkpoints: the newest good one (none when the run never wrote one) and the damaged newer ones. */
  readonly checkpoints: RunCheckpoints;
}

/**
 * The plan of a resumed run: its own settings (conflicting flags refused), and the checkpoint it continues from. A run
 * whose checkpoints are all damaged is refused, never restarted from step 0, and so is a `--steps` below the step
 * it has reached.
 */
async function resumePlan(flags: TrainFlags): Promise<ResumePlan> {
  const saved = await readRunConfig(flags.out, '--out');
  if (flags.epochs !== undefined) throw new UsageError('--epochs cannot be used with --resume: give the new total with --steps');
  if (flags.config !== undefined) throw new UsageError('--config cannot be used with --resume: a resumed run keeps its configuration');
  if (flags.conditional === true && saved.conditioning === undefined) {
    throw new UsageError(`--conditional: the run in '${flags.out}' was trained without --conditional, and a resumed run keeps its configuration: drop --conditional, or start a new run`);
  }
  const config = resumedSettings(flags, saved);
  const checkpoints = await readRunCheckpoints(runPaths(flags.out).checkpoints, '--out');
  const { newest, damaged } = checkpoints;
  if (newest === undefined && damaged.length > 0) {
    throw new UsageError(`--out '${flags.out}': no checkpoint of the run is intact (${damaged.map(describeDamaged).join('; ')}), so it cannot be resumed: ` +
      'restore the checkpoints folder from a backup, or start a new run in another folder');
  }
  const step = newest?.step ?? 0;
  if (config.steps < step) {
    throw new UsageError(`--steps ${config.steps} is below the run's step ${step} (${newest!.path}): give a total above ${step} to train on, or leave --steps out`);
  }
  return { config, checkpoints };
}

/**
 * Makes `metrics.jsonl` hold the history of the checkpoint the run resumes from (one JSON line per step). A file that
 * already holds it, or a beginning of it (a run stopped before its last lines were written), is completed; any other
 * content (steps after the checkpoint that will be trained again, a damaged file) is first kept beside it as
 * `metrics.before-resume-at-step-N.jsonl`, so no line is ever lost. Returns what was done, for the user.
 */
async function reconcileMetrics(path: string, history: readonly StepLogs[], step: number): Promise<string | undefined> {
  const wanted = history.map((s) => `${JSON.stringify(s)}\n`).join('');
  const present = await readFile(path, 'utf8').catch(() => undefined);
  if (present === wanted) return undefined;
  if (present !== undefined && !wanted.startsWith(present)) {
    const kept = path.replace(/\.jsonl$/, `.before-resume-at-step-${step}.jsonl`);
    await writeFileAtomically(kept, present);
    await writeFileAtomically(path, wanted);
    return `metrics.jsonl held lines the checkpoint of step ${step} does not (steps that will be trained again, or a damaged line): kept it as ${kept} and wrote the checkpoint's ${history.length} lines`;
  }
  await writeFileAtomically(path, wanted);
  return present === undefined || present === '' ? undefined : `completed metrics.jsonl from the checkpoint's history (${history.length} lines)`;
}

/** Appends each step's logs to `metrics.jsonl`, in chunks. */
function metricsCallbacks(path: string): TrainerCallbacks<AnyGanTrainer> {
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

/** Writes the progress picture (fixed noise, or fixed inputs) every `every` steps, and at the start and the end. */
function pictureCallbacks(dir: string, picture: (step: number) => Promise<RgbaImage>, every: number): TrainerCallbacks<AnyGanTrainer> {
  let last = -1;
  const draw = async (step: number) => {
    if (step === last) return;
    await writePng(`${dir}/${sampleFileName(step)}`, await picture(step));
    last = step;
  };
  return {
    onTrainBegin: async ({ step }) => { if (step === 0) await draw(0); },
    onStepEnd: async ({ step }) => { if (step % every === 0) await draw(step); },
    onTrainEnd: async ({ step }) => draw(step),
  };
}

/** The title of a run's loss curves. */
function lossTitle(config: RunConfig): string {
  const data = [config.data, config.dataB].filter((d) => d !== undefined).map((d) => d.split('/').at(-1)).join(' ↔ ');
  return `${config.model} on ${data}, ${config.loss} loss`;
}

/** `gan-kit train`: returns the exit code (0 done, 130 stopped by Ctrl-C). */
export async function train(flags: TrainFlags, out: NodeJS.WriteStream): Promise<number> {
  const resuming = flags.resume === true;
  const plan = resuming ? await resumePlan(flags) : undefined;
  const settings = plan === undefined ? await newRunConfig(flags) : { config: plan.config, epochs: undefined, conditioning: undefined };
  const { epochs } = settings;
  const paths = runPaths(flags.out);
  if (plan !== undefined && plan.config.steps === (plan.checkpoints.newest?.step ?? 0)) {
    out.write(`gan-kit: the run is at step ${plan.config.steps}, which reaches --steps ${plan.config.steps}; nothing to do\n`);
    return 0;
  }
  const choice = await useFastestBackend(flags.backend === undefined ? {} : { prefer: [flags.backend] }).catch((error: Error) => {
    throw new UsageError(`--backend ${flags.backend ?? ''}: ${error.message}`);
  });
  out.write(`${choice.reason}\n`);
  const loaded = await loadSetupData(settings.config);
  let setup: RunSetup | undefined;
  try {
    let config = settings.conditioning === undefined || loaded.kind !== 'gan' ? settings.config : withClasses(settings.config, settings.conditioning, loaded.data);
    const { samples: count, fewest } = sampleCounts(loaded);
    const what = config.dataB === undefined ? `--data '${config.data}'` : `the smaller domain of --data '${config.data}' --data-b '${config.dataB}'`;
    if (fewest < config.batchSize) {
      throw new UsageError(`--batch-size ${config.batchSize} is more than the ${fewest} samples of ${what}: give a --batch-size of at most ${fewest}, or more data`);
    }
    // An image-to-image model takes one batch per step, so --epochs gives its steps (and SRGAN's stage) before it is built.
    if (epochs !== undefined && loaded.kind === 'translation') {
      config = { ...config, steps: Math.max(1, epochs * Math.floor(count / config.batchSize)) };
      if (config.model === 'srgan' && config.pretrainSteps === undefined) config = { ...config, pretrainSteps: Math.floor(config.steps / 2) };
    }
    setup = buildRunSetup(config, loaded);
    const trainer = setupTrainer(setup);
    // The recipe's starting rates, read before a checkpoint is restored, so a resumed run continues the schedule.
    const decay = config.learningRateDecayFrom === undefined ? [] : [linearLearningRateDecay<AnyGanTrainer>({
      from: config.learningRateDecayFrom,
      initial: Object.fromEntries(Object.entries(trainer.optimizers).map(([name, o]) => [name, learningRateOf(o, 'gan-kit train')])),
    })];
    const r1Schedule = config.r1Final === undefined || config.r1 === undefined ? [] : [regularizerWeightSchedule<AnyGanTrainer>({
      regularizer: 'r1', from: config.learningRateDecayFrom ?? 0.5, to: config.r1Final / config.r1,
    })];
    const k = setup.batchesPerStep;
    const runConfig: RunConfig = epochs === undefined || loaded.kind === 'translation'
      ? config
      : { ...config, steps: Math.max(1, Math.ceil((epochs * Math.floor(count / config.batchSize)) / k)) };
    const checkpoints = new CheckpointManager({ directory: paths.checkpoints, keep: 3 });
    const newest = plan?.checkpoints.newest;
    if (newest !== undefined) {
      // Restored before anything is written: a checkpoint that does not fit the run's settings changes nothing.
      await trainer.restore(newest.snapshot).catch((error: Error) => {
        throw new UsageError(`--out '${flags.out}': the checkpoint ${newest.path} does not fit the run's config.json (${error.message.replace(/\.$/, '')}): ` +
          'restore the config.json the run was trained with');
      });
      checkpoints.history = newest.history;
    }
    // Everything checked: from here on the run folder changes.
    if (plan === undefined) await claimEmptyFolder(flags.out);
    const previous = plan === undefined ? undefined : await readFile(paths.config, 'utf8');
    const text = `${JSON.stringify(runConfig, null, 2)}\n`;
    if (text !== previous) await writeFileAtomically(paths.config, text);
    await mkdir(paths.samples, { recursive: true });
    if (plan !== undefined) {
      for (const line of await setDamagedAside(plan.checkpoints.damaged)) out.write(`gan-kit: ${line}\n`);
      const metrics = await reconcileMetrics(paths.metrics, newest?.history ?? [], newest?.step ?? 0);
      out.write(newest === undefined ? 'gan-kit: no checkpoint yet; starting from step 0\n' : `gan-kit: resumed from step ${newest.step} (${newest.path})\n`);
      if (metrics !== undefined) out.write(`gan-kit: ${metrics}\n`);
    }
    const remaining = runConfig.steps - trainer.step;
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      out.write('\ngan-kit: stopping after this step and writing a checkpoint (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const started = Date.now();
    try {
      const result = await trainer.fit(setup.fitData, {
        steps: remaining,
        batchSize: runConfig.batchSize,
        signal: controller.signal,
        callbacks: [
          progressLogger<AnyGanTrainer>({ every: runConfig.sampleEvery, stream: out }),
          metricsCallbacks(paths.metrics),
          pictureCallbacks(paths.samples, setup.picture, runConfig.sampleEvery),
          // The schedules before the checkpoints, so that a checkpoint holds the rates and γ of the step after it.
          ...decay,
          ...r1Schedule,
          checkpoints.callback({ every: runConfig.checkpointEvery }),
        ],
      });
      const history: StepLogs[] = checkpoints.history;
      await writeLossCurves(history, paths.losses, lossTitle(runConfig));
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
    if (setup === undefined) disposeSetupData(loaded);
    else setup.dispose();
  }
}
