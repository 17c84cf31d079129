import { resolve } from 'node:path';
import { Option } from 'commander';
import { EMBEDDED_DATASETS } from './datasets.js';
import {
  AUGMENTATIONS, DISCRIMINATOR_CONDITIONINGS, GENERATOR_CONDITIONINGS, LOSSES, MODELS, TASK_MODELS, TRANSLATION_LOSSES, isTranslationModel, type RunConditioning,
} from './run_config.js';
import { fraction, integer, oneOf, positive, text, units, type SettingValue } from './setting_values.js';
import { UsageError } from './usage_error.js';

/** What a resumed run does with a setting given again: `fixed` ones must name the run's value; the others take the new one. */
type OnResume = 'fixed' | 'changes';

/** One setting of `gan-kit train`, declared once: everything else about it (flag, checks, messages) is derived. */
interface TrainSetting<K extends string, T> {
  /** Its key in `config.json` and in a `--config` file. */
  readonly key: K;
  /** Its flag without the dashes: `batch-size` is `--batch-size`. */
  readonly flag: string;
  /** The flag's argument in `--help`: `<n>`. */
  readonly argument: string;
  /** The flag's line in `--help`. */
  readonly help: string;
  readonly value: SettingValue<T>;
  /** Said after the rule in a JSON file's message: `'beta1' must be a number in [0, 1) (Adam's β₁)`. */
  readonly meaning?: string;
  /** Whether every run has it (the recipes give every one a value); an optional setting's absence has a meaning. */
  readonly required: boolean;
  /** What the run uses when an optional setting is absent, as `--resume` shows it. */
  readonly absent?: string;
  readonly onResume: OnResume;
}

function setting<const K extends string, T, const R extends boolean>(s: TrainSetting<K, T> & { readonly required: R }): TrainSetting<K, T> & { readonly required: R } {
  return s;
}

const PRESET = "none (the loss preset's)";

/** An embedded data set's name as it is; a path made absolute, so that the run still finds it from another folder. */
function dataSource(value: string): string {
  return (EMBEDDED_DATASETS as readonly string[]).includes(value) ? value : resolve(value);
}

/**
 * Every setting of a `gan-kit train` run, in `--help` order. The commander options, the `--config` file and
 * `config.json` checks, the `--resume` checks and the messages are all derived from this table; a new setting is one
 * entry here (plus its default in the recipes, and its use in building the trainer).
 */
export const TRAIN_SETTINGS = [
  setting({ key: 'data', flag: 'data', argument: '<name|path>', value: text(dataSource), required: true, onResume: 'fixed',
    help: 'mnist, emoji, ring8, grid25, mnist-strokes, mnist-edges, or a folder of images / IDX file / CIFAR-10 batch (image-to-image models: their MNIST task)' }),
  setting({ key: 'model', flag: 'model', argument: '<name>', value: oneOf(MODELS), required: true, onResume: 'fixed',
    help: 'architecture (default: mlp for 2-D data, dcgan for images; biggan needs --conditional)' }),
  setting({ key: 'loss', flag: 'loss', argument: '<name>', value: oneOf(LOSSES), required: true, onResume: 'fixed',
    help: 'objective or published recipe (default: non-saturating)' }),
  setting({ key: 'steps', flag: 'steps', argument: '<n>', value: integer(1), required: true, onResume: 'changes',
    help: 'total generator steps of the run (with --resume: a new total)' }),
  setting({ key: 'batchSize', flag: 'batch-size', argument: '<n>', value: integer(1), required: true, onResume: 'fixed',
    help: 'samples per batch' }),
  setting({ key: 'seed', flag: 'seed', argument: '<n>', value: integer(0), required: true, onResume: 'fixed',
    help: 'seed of initialisation, batches and noise (default 0)' }),
  setting({ key: 'latentDim', flag: 'latent-dim', argument: '<n>', value: integer(1), required: false, absent: 'none (an image-to-image model)', onResume: 'fixed',
    help: 'size of the latent vector z (not for cyclegan, pix2pix, srgan)' }),
  setting({ key: 'learningRate', flag: 'lr', argument: '<rate>', value: positive, required: false, absent: PRESET, onResume: 'fixed',
    help: 'learning rate of both optimizers (default: the recipe\'s)' }),
  setting({ key: 'r1', flag: 'r1', argument: '<gamma>', value: positive, meaning: 'the R1 weight γ', required: false, absent: 'none', onResume: 'fixed',
    help: 'add an R1 penalty (γ/2)·E‖∇D(x)‖² on real data (Mescheder et al. 2018)' }),
  setting({ key: 'r1Final', flag: 'r1-final', argument: '<gamma>', value: positive, meaning: 'the R1 weight γ at the last step', required: false, absent: 'none', onResume: 'fixed',
    help: 'with --r1: γ at the last step, reached geometrically over the learning-rate decay\'s span' }),
  setting({ key: 'gradientPenaltyWeight', flag: 'gp-weight', argument: '<lambda>', value: positive, meaning: 'the WGAN-GP weight λ', required: false, absent: PRESET, onResume: 'fixed',
    help: 'λ of the WGAN-GP gradient penalty, with --loss wgan-gp (default: 0.1 with --data grid25, else 10)' }),
  setting({ key: 'beta1', flag: 'beta1', argument: '<b>', value: fraction, meaning: 'Adam\'s β₁', required: false, absent: PRESET, onResume: 'fixed',
    help: 'Adam\'s β₁ for both optimizers, in [0, 1) (default: the recipe\'s)' }),
  setting({ key: 'beta2', flag: 'beta2', argument: '<b>', value: fraction, meaning: 'Adam\'s β₂', required: false, absent: PRESET, onResume: 'fixed',
    help: 'Adam\'s β₂ for both optimizers, in [0, 1) (default: the recipe\'s)' }),
  setting({ key: 'learningRateDecayFrom', flag: 'lr-decay-from', argument: '<fraction>', value: fraction, required: false, absent: 'none', onResume: 'fixed',
    help: 'after this fraction of the steps, both learning rates fall linearly to 0' }),
  setting({ key: 'generatorUnits', flag: 'g-units', argument: '<list>', value: units, meaning: 'the units of the MLP generator\'s hidden layers, such as [128, 128]', required: false,
    absent: "none (the model's default)", onResume: 'fixed', help: 'with --model mlp: units of the generator\'s hidden layers, such as 128,128,128' }),
  setting({ key: 'discriminatorUnits', flag: 'd-units', argument: '<list>', value: units, meaning: 'the units of the MLP discriminator\'s hidden layers, such as [128, 128]', required: false,
    absent: "none (the model's default)", onResume: 'fixed', help: 'with --model mlp: units of the discriminator\'s hidden layers, such as 128,128,128' }),
  setting({ key: 'discriminatorSteps', flag: 'd-steps', argument: '<k>', value: integer(1), required: false, absent: PRESET, onResume: 'fixed',
    help: 'discriminator updates per generator update (default: the recipe\'s)' }),
  setting({ key: 'width', flag: 'width', argument: '<n>', value: integer(1), meaning: 'the channels of the image model', required: false,
    absent: "none (the model's default)", onResume: 'fixed',
    help: 'with --model dcgan or sagan: filters of the widest-resolution convolution; biggan: channels of every block' }),
  setting({ key: 'ema', flag: 'ema', argument: '<decay>', value: fraction, meaning: 'the decay β of the generator\'s moving average', required: false,
    absent: 'none', onResume: 'fixed',
    help: 'keep a moving average of G\'s weights with this decay (e.g. 0.999) and sample from it (default: 0.999 for biggan)' }),
  setting({ key: 'imageSize', flag: 'image-size', argument: '<n>', value: integer(1), required: false, absent: 'none (the size stored)', onResume: 'fixed',
    help: 'side the images are resized to (required for a folder of images; IDX/CIFAR: as stored; emoji: 32; mnist: 28, larger pads)' }),
  setting({ key: 'channels', flag: 'channels', argument: '<1|3>', value: oneOf([1, 3]), required: false, absent: 'none (the channels stored)', onResume: 'fixed',
    help: 'channels of the images (required for a folder of images; IDX/CIFAR: as stored)' }),
  setting({ key: 'dataB', flag: 'data-b', argument: '<path>', value: text(resolve), meaning: 'the folder of domain B', required: false, absent: 'none', onResume: 'fixed',
    help: 'with --model cyclegan: the folder of domain B; with pix2pix: the folder of targets, matched to --data\'s inputs by file name' }),
  setting({ key: 'direction', flag: 'direction', argument: '<a2b|b2a>', value: oneOf(['a2b', 'b2a']), meaning: 'which side of the pairs is the input', required: false,
    absent: 'a2b', onResume: 'fixed', help: 'with --model pix2pix: translate the left (or --data) images into the right (or --data-b) ones (a2b), or back (b2a)' }),
  setting({ key: 'scale', flag: 'scale', argument: '<2|4>', value: oneOf([2, 4]), meaning: 'the up-sampling factor', required: false, absent: 'none', onResume: 'fixed',
    help: 'with --model srgan: the up-sampling factor; the inputs are the images shrunk by it (default 2)' }),
  setting({ key: 'pretrainSteps', flag: 'pretrain-steps', argument: '<n>', value: integer(0), meaning: 'the steps on the content loss alone', required: false, absent: 'none',
    onResume: 'fixed', help: 'with --model srgan: steps on the content loss alone before the adversarial ones (default: half the steps)' }),
  setting({ key: 'subset', flag: 'subset', argument: '<n>', value: integer(1), meaning: 'how many of the first samples of the data to train on', required: false, absent: 'none (all the data)', onResume: 'fixed',
    help: 'train on the first n samples of the data only (mnist: the first n of its 9,003 training digits, class-balanced; the 997 test digits stay out)' }),
  setting({ key: 'augment', flag: 'augment', argument: '<name>', value: oneOf(AUGMENTATIONS), required: false, absent: 'none', onResume: 'fixed',
    help: 'differentiable augmentation of every image D sees: diffaugment (colour, translation, cutout) or ada (adaptive p)' }),
  setting({ key: 'imagesPerPhase', flag: 'images-per-phase', argument: '<n>', value: integer(1), meaning: 'the images of each ProGAN fade-in and stabilization phase', required: false, absent: "none (the model's default)", onResume: 'fixed',
    help: 'with --model progan: training images of each fade-in (α rising linearly) and of each stabilization phase' }),
  setting({ key: 'sampleEvery', flag: 'sample-every', argument: '<n>', value: integer(1), required: true, onResume: 'changes',
    help: 'steps between fixed-noise sample pictures' }),
  setting({ key: 'checkpointEvery', flag: 'checkpoint-every', argument: '<n>', value: integer(1), required: true, onResume: 'changes',
    help: 'steps between checkpoints' }),
] as const;

type Setting = (typeof TRAIN_SETTINGS)[number];
type ValueOf<S> = S extends { readonly value: SettingValue<infer T> } ? T : never;

/** `batch-size` → `batchSize`, as commander names a flag's value. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** Everything that defines a CLI run; written to `DIR/config.json` and read back by `--resume`, `sample`, `info`, `evaluate`. */
export type RunConfig = {
  readonly format: 'gan-kit-run';
  readonly version: 1;
  /** Present for a conditional run: the models take class labels, and the trainer is a `ConditionalTrainer`. */
  readonly conditioning?: RunConditioning;
} & { readonly [S in Setting as S['required'] extends true ? S['key'] : never]: ValueOf<S> }
  & { readonly [S in Setting as S['required'] extends true ? never : S['key']]?: ValueOf<S> };

/** The key of a train setting. */
export type SettingKey = Setting['key'];

/** The flags of `gan-kit train`, as commander hands them over (strings, unparsed): one per setting, and the command's own. */
export type TrainFlags = { readonly [S in Setting as CamelCase<S['flag']>]?: string } & {
  readonly out: string;
  readonly resume?: boolean;
  readonly config?: string;
  readonly backend?: string;
  readonly epochs?: string;
  readonly conditional?: boolean;
  readonly dConditioning?: string;
  readonly gConditioning?: string;
};

function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** What the user typed for `s`, if anything. */
function flagText(flags: TrainFlags, s: Setting): string | undefined {
  return (flags as Record<string, string | undefined>)[camelCase(s.flag)];
}

/** The commander options of the settings, in table order. */
export function settingOptions(): Option[] {
  return TRAIN_SETTINGS.map((s) => {
    const option = new Option(`--${s.flag} ${s.argument}`, s.help);
    const choices = s.key === 'model' ? MODELS : s.key === 'loss' ? LOSSES : s.key === 'augment' ? AUGMENTATIONS : undefined;
    return choices === undefined ? option : option.choices(choices);
  });
}

/** The commander options of `train` that are not run settings (they say what to do with the run). */
export function commandOptions(): Option[] {
  return [
    new Option('--epochs <n>', 'passes over the data (instead of --steps)'),
    new Option('--out <dir>', 'run folder (must be new or empty, unless --resume)').makeOptionMandatory(),
    new Option('--resume', 'continue the run in --out until it reaches --steps'),
    new Option('--config <file.json>', 'run settings as JSON (flags override them)'),
    new Option('--backend <name>', 'tfjs backend: tensorflow, wasm, cpu, … (default: the fastest installed)'),
    new Option('--conditional', 'a class-conditional GAN on the data\'s labels (mnist, emoji, IDX with labels, CIFAR-10)'),
    new Option('--d-conditioning <method>', 'how D sees the label, with --conditional (default: projection)').choices(DISCRIMINATOR_CONDITIONINGS),
    new Option('--g-conditioning <method>', 'how G sees the label, with --conditional (default: concat)').choices(GENERATOR_CONDITIONINGS),
  ];
}

/** The value of `s`'s flag, or a {@link UsageError} naming the flag, the rule and the text. */
function fromFlag<S extends Setting>(s: S, given: string): ValueOf<S> {
  const value = (s.value as SettingValue<ValueOf<S>>).fromText(given);
  if (value === undefined) throw new UsageError(`--${s.flag} must be ${s.value.rule}, got '${given}'`);
  return value;
}

/** The value of `s` in a JSON object, or a {@link UsageError} naming `where`, the key, the rule and the value. */
function fromJson<S extends Setting>(s: S, value: unknown, where: string): ValueOf<S> {
  const parsed = (s.value as SettingValue<ValueOf<S>>).fromJson(value);
  if (parsed === undefined) {
    const meaning = s.meaning === undefined ? '' : ` (${s.meaning})`;
    throw new UsageError(`${where}: '${s.key}' must be ${s.value.jsonRule ?? s.value.rule}${meaning}, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return parsed;
}

/** How many single-character edits turn `a` into `b` (for "did you mean"). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

/** The keys a run configuration may hold besides the settings. */
const FRAME_KEYS = ['format', 'version', 'conditioning'] as const;

/** Refuses a key that is neither a setting nor one of {@link FRAME_KEYS}, naming it and the nearest known key. */
function refuseUnknownKeys(object: Record<string, unknown>, where: string): void {
  const known: readonly string[] = [...TRAIN_SETTINGS.map((s) => s.key), ...FRAME_KEYS];
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const nearest = [...known].sort((a, b) => editDistance(key.toLowerCase(), a.toLowerCase()) - editDistance(key.toLowerCase(), b.toLowerCase()))[0]!;
    const hint = editDistance(key.toLowerCase(), nearest.toLowerCase()) <= 3 ? `did you mean '${nearest}'?` : `the settings are ${known.join(', ')}`;
    throw new UsageError(`${where}: unknown setting '${key}' (${hint}): fix or remove it`);
  }
}

/** The settings of a `--config` file (any subset of a run's settings, and its conditioning), each checked. */
export type SettingsFile = { -readonly [K in keyof RunConfig]?: RunConfig[K] } & { conditioning?: Partial<RunConditioning> };

/**
 * Checks a `--config` file's JSON object: every key a known setting (else a {@link UsageError} naming it), every
 * value of the setting's kind. The conditioning is checked by the caller, which knows the data.
 */
export function checkSettingsFile(value: unknown, where: string): SettingsFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${where} must hold a JSON object of run settings`);
  const object = value as Record<string, unknown>;
  refuseUnknownKeys(object, where);
  const settings: Record<string, unknown> = {};
  for (const s of TRAIN_SETTINGS) if (object[s.key] !== undefined) settings[s.key] = fromJson(s, object[s.key], where);
  if (object['conditioning'] !== undefined) settings['conditioning'] = object['conditioning'];
  return settings as SettingsFile;
}

/** Each setting whose flag is given, parsed (a {@link UsageError} names the first bad flag). */
export function settingsFromFlags(flags: TrainFlags): SettingsFile {
  const settings: Record<string, unknown> = {};
  for (const s of TRAIN_SETTINGS) {
    const given = flagText(flags, s);
    if (given !== undefined) settings[s.key] = fromFlag(s, given);
  }
  return settings as SettingsFile;
}

/** The settings of one kind of model only, with the models they belong to, as the refusals name them. */
const MODEL_SETTINGS: readonly (readonly [SettingKey, string, (model: string) => boolean])[] = [
  ['dataB', 'cyclegan or pix2pix', (m) => m === 'cyclegan' || m === 'pix2pix'],
  ['direction', 'pix2pix', (m) => m === 'pix2pix'],
  ['scale', 'srgan', (m) => m === 'srgan'],
  ['pretrainSteps', 'srgan', (m) => m === 'srgan'],
  ['latentDim', 'a GAN drawn from noise (image-to-image models have no latent vector)', (m) => !isTranslationModel(m)],
  ['r1', 'a GAN drawn from noise', (m) => !isTranslationModel(m)],
  ['r1Final', 'a GAN drawn from noise', (m) => !isTranslationModel(m)],
  ['gradientPenaltyWeight', 'a GAN drawn from noise', (m) => !isTranslationModel(m)],
  ['discriminatorSteps', 'a GAN drawn from noise', (m) => !isTranslationModel(m)],
  ['augment', 'a GAN drawn from noise', (m) => !isTranslationModel(m)],
  ['subset', 'a GAN drawn from noise', (m) => !isTranslationModel(m)],
];

/**
 * What the image-to-image models need of the data: CycleGAN two domains (`mnist-strokes`, or two folders), pix2pix
 * pairs (`mnist-edges`, a folder of side-by-side pairs, or two folders), SRGAN images (any); and the GANs none of the
 * tasks' data sets.
 */
function checkModelData(config: RunConfig, where: string): void {
  const task = TASK_MODELS[config.data];
  if (task !== undefined && task !== config.model) {
    throw new UsageError(`${where}: --data ${config.data} is the data of --model ${task}, but the run's model is '${config.model}': use --model ${task}, or other data`);
  }
  if (config.model === 'cyclegan' && task === undefined && config.dataB === undefined) {
    throw new UsageError(`${where}: --model cyclegan learns between two domains: give --data DIR_A --data-b DIR_B, or --data mnist-strokes`);
  }
  if (config.dataB !== undefined && task !== undefined) {
    throw new UsageError(`${where}: --data ${config.data} holds both sides already: drop --data-b, or give two folders`);
  }
  if (isTranslationModel(config.model) && (config.data === 'ring8' || config.data === 'grid25')) {
    throw new UsageError(`${where}: --model ${config.model} translates images, but --data ${config.data} holds 2-D points: use images`);
  }
  if (isTranslationModel(config.model) && !(TRANSLATION_LOSSES as readonly string[]).includes(config.loss)) {
    throw new UsageError(`${where}: --loss ${config.loss} is a recipe for GANs drawn from noise; --model ${config.model} takes ${TRANSLATION_LOSSES.join(', ')}`);
  }
  if (!isTranslationModel(config.model) && config.latentDim === undefined) {
    throw new UsageError(`${where}: 'latentDim' is missing: --model ${config.model} draws from a latent vector (${integer(1).rule})`);
  }
}

/**
 * The settings that no single value can be wrong about: an R1 schedule without R1, MLP layers on another model, a
 * setting of another kind of model, data the model cannot train on.
 */
export function checkRelations(config: RunConfig, where: string): void {
  for (const [key, models, fits] of MODEL_SETTINGS) {
    if (config[key] !== undefined && !fits(config.model)) {
      const s = TRAIN_SETTINGS.find((t) => t.key === key)!;
      throw new UsageError(`${where}: '${key}' (--${s.flag}) is a setting of --model ${models}, but the run's model is '${config.model}': drop --${s.flag}`);
    }
  }
  checkModelData(config, where);
  if (config.r1Final !== undefined && config.r1 === undefined) {
    throw new UsageError(`${where}: 'r1Final' (the R1 weight at the last step) needs 'r1', the weight it starts from: add --r1, or drop --r1-final`);
  }
  if (config.imagesPerPhase !== undefined && config.model !== 'progan') {
    throw new UsageError(`${where}: 'imagesPerPhase' sets progressive growing's schedule, but the run's model is '${config.model}': use --model progan, or drop --images-per-phase`);
  }
  for (const [key, network, flag] of [['generatorUnits', 'generator', 'g-units'], ['discriminatorUnits', 'discriminator', 'd-units']] as const) {
    if (config[key] !== undefined && config.model !== 'mlp') {
      throw new UsageError(`${where}: '${key}' sets the layers of the MLP ${network}, but the run's model is '${config.model}': use --model mlp, or drop --${flag}`);
    }
  }
}

/** Checks the `conditioning` entry of a run configuration; `where` names it in errors. */
function checkConditioning(value: unknown, where: string): void {
  const c = value as Partial<Record<keyof RunConditioning, unknown>>;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    throw new UsageError(`${where} must be an object { classes, discriminator, generator }, got ${JSON.stringify(value)}`);
  }
  const unknown = Object.keys(c).find((k) => !['classes', 'discriminator', 'generator'].includes(k));
  if (unknown !== undefined) throw new UsageError(`${where}: unknown entry '${unknown}': it holds classes, discriminator and generator`);
  if (typeof c.classes !== 'number' || !Number.isInteger(c.classes) || c.classes < 2) {
    throw new UsageError(`${where}.classes must be an integer ≥ 2 (the number of classes), got ${JSON.stringify(c.classes)}`);
  }
  for (const [key, allowed] of [['discriminator', DISCRIMINATOR_CONDITIONINGS], ['generator', GENERATOR_CONDITIONINGS]] as const) {
    if (!(allowed as readonly unknown[]).includes(c[key])) throw new UsageError(`${where}.${key} '${String(c[key])}' is not one of: ${allowed.join(', ')}`);
  }
}

/**
 * Reads and checks a run's `config.json` (text): a JSON object in the run format, no unknown key, every setting a
 * run has, every value of its setting's kind, the settings consistent. `where` names the file in errors.
 */
export function parseRunConfig(text: string, where: string): RunConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where} is not valid JSON (${(error as Error).message}): restore it, or start a new run`);
  }
  const c = value as Record<string, unknown>;
  if (typeof c !== 'object' || c === null || Array.isArray(c) || c['format'] !== 'gan-kit-run' || c['version'] !== 1) {
    throw new UsageError(`${where} is not a gan-kit run configuration (format 'gan-kit-run', version 1)`);
  }
  refuseUnknownKeys(c, where);
  for (const s of TRAIN_SETTINGS) {
    if (c[s.key] === undefined && s.required) throw new UsageError(`${where}: '${s.key}' is missing: every run has one (${s.value.rule})`);
    if (c[s.key] !== undefined) fromJson(s, c[s.key], where);
  }
  if (c['conditioning'] !== undefined) checkConditioning(c['conditioning'], `${where}: 'conditioning'`);
  const config = c as RunConfig;
  checkRelations(config, where);
  return config;
}

/** A setting as `--resume` compares it: its value shown as a flag would give it, or what its absence means. */
function shown(s: Setting, config: RunConfig): string {
  const value = (config as Record<string, unknown>)[s.key];
  return value === undefined ? s.absent ?? 'none' : (s.value as SettingValue<unknown>).show(value);
}

/**
 * The settings of a resumed run: the run's own, with the flags that may change on resume (`--steps`, `--sample-every`,
 * `--checkpoint-every`) applied. A fixed setting's flag must name the run's value (compared as values: `0.50` is
 * `0.5`), else a {@link UsageError} says which flag differs from what.
 */
export function resumedSettings(flags: TrainFlags, config: RunConfig): RunConfig {
  const changes: Record<string, unknown> = {};
  for (const s of TRAIN_SETTINGS) {
    const given = flagText(flags, s);
    if (given === undefined) continue;
    const value = fromFlag(s, given);
    if (s.onResume === 'changes') {
      changes[s.key] = value;
      continue;
    }
    const theirs = shown(s, config);
    if ((s.value as SettingValue<unknown>).show(value) !== theirs) {
      throw new UsageError(`--${s.flag} '${given}' differs from the run's '${theirs}': a resumed run keeps its configuration`);
    }
  }
  for (const [flag, key] of [['dConditioning', 'discriminator'], ['gConditioning', 'generator']] as const) {
    const given = flags[flag];
    const theirs = config.conditioning?.[key] ?? 'none (not conditional)';
    if (given !== undefined && given !== theirs) {
      throw new UsageError(`--${flag === 'dConditioning' ? 'd' : 'g'}-conditioning '${given}' differs from the run's '${theirs}': a resumed run keeps its configuration`);
    }
  }
  return { ...config, ...changes };
}
