import type * as tfl from '@tensorflow/tfjs-layers';
import { useFastestBackend, type LoadedCheckpoint } from '../index.js';
import type { JsonValue } from '../training/json.js';
import { checkModelWeights, writeModelWeights } from '../training/trainer_state.js';
import { isTranslationModel, type RunConfig } from './run_config.js';
import { describeDamaged, readRunCheckpoints } from './run_checkpoints.js';
import { readRunConfig, runPaths } from './run_directory.js';
import { disposeSetupData, loadSetupData, runSetup, type RunSetup } from './run_setup.js';
import { buildTranslationTrainer, type TranslationTrainer } from './translation_models.js';
import { UsageError } from './usage_error.js';

/**
 * A run's setup — its trainer (a `ConditionalTrainer` for a conditional run, a `CycleGanTrainer`, … for an
 * image-to-image run) with its newest good checkpoint's networks restored, and its data — and that checkpoint.
 */
export interface RestoredRun {
  readonly config: RunConfig;
  readonly setup: RunSetup;
  readonly checkpoint: LoadedCheckpoint;
}

/** Releases what {@link restoreRun} made: the models, the trainer's optimizers and the data. */
export function disposeRun(run: Pick<RestoredRun, 'setup'>): void {
  run.setup.dispose();
}

/** The newest intact checkpoint of the run in `root` (damaged newer ones named through `warn`), or a {@link UsageError}. */
async function newestCheckpoint(root: string, config: RunConfig, warn: (line: string) => void): Promise<LoadedCheckpoint> {
  const { newest: checkpoint, damaged } = await readRunCheckpoints(runPaths(root).checkpoints, '--run');
  if (checkpoint === undefined) {
    throw new UsageError(damaged.length === 0
      ? `--run '${root}' has no checkpoint yet: train it longer (checkpoints are written every ${config.checkpointEvery} steps and when training stops)`
      : `--run '${root}': no checkpoint of the run is intact (${damaged.map(describeDamaged).join('; ')}): restore the checkpoints folder from a backup, or train the run again`);
  }
  for (const d of damaged) warn(`checkpoint ${describeDamaged(d)}; using the newest intact one, step ${checkpoint.step}`);
  return checkpoint;
}

/** Selects `backend` (default: the fastest installed), or a {@link UsageError}. */
async function selectBackend(backend: string | undefined): Promise<void> {
  await useFastestBackend(backend === undefined ? {} : { prefer: [backend] }).catch((error: Error) => {
    throw new UsageError(`--backend ${backend ?? ''}: ${error.message}`);
  });
}

/**
 * Writes every network of `networks` (by name) from the checkpoint — not the optimizers' state: sampling, translating
 * and scoring do not need it, so a run stays readable when optimizer defaults change between versions. With
 * `restoreState`, the algorithm's state is restored first: an algorithm whose networks change with its state (ProGAN's
 * growth) rebuilds them, and `networks` is read afterwards. Image-to-image runs leave it off: their state (CycleGAN's
 * history pools) describes variables that sampling neither loads nor needs.
 */
function loadNetworks(algorithm: { readonly networks: Readonly<Record<string, tfl.LayersModel>>; restoreState?(state: JsonValue): void }, checkpoint: LoadedCheckpoint, root: string, restoreState = false): void {
  try {
    if (restoreState) algorithm.restoreState?.(checkpoint.snapshot.state ?? null);
    for (const [network, model] of Object.entries(algorithm.networks)) {
      const saved = checkpoint.snapshot.networks[network];
      if (saved === undefined) throw new UsageError(`--run '${root}': the checkpoint ${checkpoint.path} holds no ${network}; it was not written by 'gan-kit train'`);
      checkModelWeights(model, saved, network);
      writeModelWeights(model, saved);
    }
  } catch (error) {
    throw new UsageError(`--run '${root}': the checkpoint ${checkpoint.path} does not fit the run's config.json (${(error as Error).message.replace(/\.$/, '')}): ` +
      'restore the config.json the run was trained with');
  }
}

/**
 * Rebuilds the models of the run in `root` from its configuration and loads every network's weights from its newest
 * good checkpoint (see {@link loadNetworks}); the data set is read too (for its sample shape, and for metrics).
 * Throws a {@link UsageError} when the folder holds no run or no intact checkpoint; newer damaged checkpoints are
 * named through `warn`. Release everything with {@link disposeRun}.
 */
export async function restoreRun(root: string, backend: string | undefined, warn: (line: string) => void): Promise<RestoredRun> {
  const config = await readRunConfig(root, '--run');
  const checkpoint = await newestCheckpoint(root, config, warn);
  await selectBackend(backend);
  const setup = await runSetup(config);
  try {
    loadNetworks(setup.trainer.algorithm, checkpoint, root, setup.kind === 'gan');
  } catch (error) {
    disposeRun({ setup });
    throw error;
  }
  return { config, setup, checkpoint };
}

/** An image-to-image run's trainer with its newest good checkpoint's networks, built without reading its data. */
export interface RestoredTranslator {
  readonly config: RunConfig;
  readonly trainer: TranslationTrainer;
  readonly checkpoint: LoadedCheckpoint;
  /** The input images' shape `[h, w, c]` (of domain A, or B for a CycleGAN translating back). */
  readonly shapes: { readonly a: readonly number[]; readonly b: readonly number[] };
  /** Releases the models and the trainer's optimizers. */
  dispose(): void;
}

/**
 * The image shapes of an image-to-image run, from its configuration: 28×28×1 digits for the MNIST tasks (SRGAN's
 * inputs shrunk by `--scale`), `--image-size` and `--channels` for folders; `undefined` when only the data know them
 * (IDX or CIFAR-10 files read at their stored size).
 */
function configuredShapes(config: RunConfig): { a: number[]; b: number[] } | undefined {
  const scale = config.model === 'srgan' ? config.scale ?? 2 : 1;
  const mnist = config.data === 'mnist' || config.data === 'mnist-strokes' || config.data === 'mnist-edges';
  const side = mnist ? 28 : config.imageSize;
  const channels = mnist ? 1 : config.channels;
  if (side === undefined || channels === undefined) return undefined;
  return { a: [side / scale, side / scale, channels], b: [side, side, channels] };
}

/**
 * The trainer of the image-to-image run in `root` with its newest good checkpoint's networks, for `translate`: built
 * from the configured image shapes, so no training data are read (unless only they know the shapes). Throws a
 * {@link UsageError} when the run is not an image-to-image run, or as {@link restoreRun}.
 */
export async function restoreTranslator(root: string, backend: string | undefined, warn: (line: string) => void): Promise<RestoredTranslator> {
  const config = await readRunConfig(root, '--run');
  if (!isTranslationModel(config.model)) {
    throw new UsageError(`--run '${root}' is a ${config.model} run, which draws images from noise: 'translate' takes cyclegan, pix2pix and srgan runs; use 'gan-kit sample'`);
  }
  const checkpoint = await newestCheckpoint(root, config, warn);
  await selectBackend(backend);
  let shapes = configuredShapes(config);
  if (shapes === undefined) {
    const loaded = await loadSetupData(config);
    if (loaded.kind === 'translation') shapes = { a: loaded.data.a.shape.slice(1), b: loaded.data.b.shape.slice(1) };
    disposeSetupData(loaded);
  }
  const trainer = buildTranslationTrainer(config, shapes!);
  const dispose = () => {
    for (const network of Object.values(trainer.algorithm.networks)) network.dispose();
    trainer.dispose();
  };
  try {
    loadNetworks(trainer.algorithm, checkpoint, root);
  } catch (error) {
    dispose();
    throw error;
  }
  return { config, trainer, checkpoint, shapes: shapes!, dispose };
}
