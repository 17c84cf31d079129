import * as tf from '@tensorflow/tfjs-core';
import { ProGanAlgorithm, unpaired, type AdversarialTrainer, type AnyGanTrainer, type DataSource, type RgbaImage } from '../index.js';
import { disposeRunData, loadRunData, type RunData } from './datasets.js';
import { progressPicture, translationPicture, type TranslationInputs } from './pictures.js';
import { buildTrainer, isTranslationModel, runDataOptions } from './run_config.js';
import type { RunConfig } from './train_settings.js';
import { disposeTranslationData, loadTranslationData, type TranslationData } from './translation_data.js';
import { buildTranslationTrainer, type TranslationTrainer } from './translation_models.js';
import { UsageError } from './usage_error.js';

/** Examples a translation run's progress pictures show of each domain. */
const PICTURE_EXAMPLES = 8;

/** What a run trains and shows, whichever its kind: a GAN drawn from noise, or an image-to-image model. */
export type RunSetup = GanRunSetup | TranslationRunSetup;

interface CommonSetup {
  readonly config: RunConfig;
  /** The data `fit` reads. */
  readonly fitData: DataSource;
  /** The samples one pass over the data holds (the largest domain's), and the fewest a batch can draw from. */
  readonly samples: number;
  readonly fewestSamples: number;
  /** Real batches per step. */
  readonly batchesPerStep: number;
  /** The progress picture of the run at `step` (fixed noise, or fixed inputs). */
  picture(step: number): Promise<RgbaImage>;
  /** Releases the models, the trainer's optimizers and the data. */
  dispose(): void;
}

/** A GAN drawn from noise (`--model mlp` or `dcgan`). */
export interface GanRunSetup extends CommonSetup {
  readonly kind: 'gan';
  readonly trainer: AdversarialTrainer;
  readonly data: RunData;
}

/** An image-to-image run (`--model cyclegan`, `pix2pix`, `srgan`). */
export interface TranslationRunSetup extends CommonSetup {
  readonly kind: 'translation';
  readonly trainer: TranslationTrainer;
  readonly data: TranslationData;
  /** The fixed inputs of the progress pictures: the first held-out images, or the first training images of folders. */
  readonly pictureInputs: TranslationInputs;
}

/** The trainer of every setup, as the loop's callbacks see it. */
export function setupTrainer(setup: RunSetup): AnyGanTrainer {
  return setup.trainer as unknown as AnyGanTrainer;
}

/** The first `n` rows of `x` (all when it has fewer). */
function first(x: tf.Tensor4D, n: number): tf.Tensor4D {
  return tf.slice(x, 0, Math.min(n, x.shape[0]));
}

/** Words a builder's complaint about the data's shape as bad input about the flags. */
function builtFor<T>(config: RunConfig, shape: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--data '${config.data}' (samples of shape ${shape}) with --model ${config.model}: ${(error as Error).message.replace(/\.$/, '')}: ` +
      'change --image-size, --model or the data');
  }
}

/** A run's data, loaded before its trainer is built (the number of classes and of samples can change the settings). */
export type SetupData = { readonly kind: 'gan'; readonly data: RunData } | { readonly kind: 'translation'; readonly data: TranslationData };

/** Loads the data of a run of any kind: {@link loadTranslationData} for the image-to-image models, else {@link loadRunData}. */
export async function loadSetupData(config: RunConfig): Promise<SetupData> {
  return isTranslationModel(config.model)
    ? { kind: 'translation', data: await loadTranslationData(config) }
    : { kind: 'gan', data: await loadRunData(config.data, runDataOptions(config)) };
}

/** Releases data that no setup took over. */
export function disposeSetupData(loaded: SetupData): void {
  if (loaded.kind === 'gan') disposeRunData(loaded.data);
  else disposeTranslationData(loaded.data);
}

/** The samples of one pass over the data (the largest domain's), and the fewest a batch can draw from (the smallest domain's). */
export function sampleCounts(loaded: SetupData): { readonly samples: number; readonly fewest: number } {
  if (loaded.kind === 'gan') return { samples: loaded.data.samples.shape[0]!, fewest: loaded.data.samples.shape[0]! };
  const [na, nb] = [loaded.data.a.shape[0], loaded.data.b.shape[0]];
  return { samples: Math.max(na, nb), fewest: Math.min(na, nb) };
}

/** A GAN run's setup: its trainer (fresh models) on `data`, which the setup takes over. */
function ganRunSetup(config: RunConfig, data: RunData): GanRunSetup {
  const shape = data.samples.shape.slice(1);
  const trainer = builtFor(config, shape.join('×'), () => buildTrainer(config, shape, data.kind));
  const count = data.samples.shape[0]!;
  const spec = { kind: data.kind, modes: data.modes, std: data.std, seed: config.seed + 1 };
  return {
    kind: 'gan', config, trainer, data,
    fitData: config.conditioning === undefined ? data.samples : { samples: data.samples, labels: data.labels! },
    samples: count, fewestSamples: count, batchesPerStep: trainer.discriminatorSteps,
    picture: () => progressPicture(trainer, spec),
    dispose: () => {
      // A ProGAN run's algorithm releases the stages it grew; the models built here are its first stage.
      const algorithm = trainer.algorithm;
      const built = algorithm instanceof ProGanAlgorithm ? algorithm.firstStage : trainer;
      trainer.dispose();
      built.generator.dispose();
      built.discriminator.dispose();
      disposeRunData(data);
    },
  };
}

/** An image-to-image run's setup: its trainer (fresh models) on `data`, which the setup takes over. */
function translationRunSetup(config: RunConfig, data: TranslationData): TranslationRunSetup {
  const shapes = { a: data.a.shape.slice(1), b: data.b.shape.slice(1) };
  const trainer = builtFor(config, `${shapes.a.join('×')} → ${shapes.b.join('×')}`, () => buildTranslationTrainer(config, shapes));
  const source = data.heldOut ?? data;
  const inputs = { a: first(source.a, PICTURE_EXAMPLES), b: first(source.b, PICTURE_EXAMPLES) };
  const { samples, fewest } = sampleCounts({ kind: 'translation', data });
  return {
    kind: 'translation', config, trainer, data, pictureInputs: inputs,
    fitData: data.paired ? { a: data.a, b: data.b } : unpaired({ a: data.a, b: data.b }),
    samples, fewestSamples: fewest, batchesPerStep: 1,
    picture: (step) => translationPicture(trainer, inputs, step),
    dispose: () => {
      for (const network of Object.values(trainer.algorithm.networks)) network.dispose();
      trainer.dispose();
      tf.dispose([inputs.a, inputs.b]);
      disposeTranslationData(data);
    },
  };
}

/**
 * The setup of a run whose data are loaded: its trainer with fresh models, the data `fit` reads, its progress
 * picture. The setup takes the data over (its `dispose` releases them); when building fails they are released.
 */
export function buildRunSetup(config: RunConfig, loaded: SetupData): RunSetup {
  try {
    return loaded.kind === 'gan' ? ganRunSetup(config, loaded.data) : translationRunSetup(config, loaded.data);
  } catch (error) {
    disposeSetupData(loaded);
    throw error;
  }
}

/** Loads a run's data and builds its setup (see {@link buildRunSetup}). */
export async function runSetup(config: RunConfig): Promise<RunSetup> {
  return buildRunSetup(config, await loadSetupData(config));
}
