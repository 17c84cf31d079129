import { CheckpointManager, useFastestBackend, type AdversarialTrainer, type LoadedCheckpoint } from '../index.js';
import { checkModelWeights, writeModelWeights } from '../training/trainer_state.js';
import { disposeRunData, loadRunData, type RunData } from './datasets.js';
import { buildTrainer, type RunConfig } from './run_config.js';
import { readRunConfig, runPaths } from './run_directory.js';
import { UsageError } from './usage_error.js';

/** A run's trainer (a `ConditionalTrainer` for a conditional run) with its newest good checkpoint restored, and what the data looks like. */
export interface RestoredRun {
  readonly config: RunConfig;
  readonly trainer: AdversarialTrainer;
  readonly checkpoint: LoadedCheckpoint;
  readonly kind: 'points' | 'images';
  /** The run's training data (the caller disposes it). */
  readonly data: RunData;
}

/** Releases what {@link restoreRun} made: the models, the trainer's optimizers and the data. */
export function disposeRun(run: Pick<RestoredRun, 'trainer' | 'data'>): void {
  run.trainer.generator.dispose();
  run.trainer.discriminator.dispose();
  run.trainer.dispose();
  disposeRunData(run.data);
}

/**
 * Rebuilds the models of the run in `root` from its configuration and loads the networks' weights from its newest good
 * checkpoint (not the optimizers' state: sampling and scoring do not need it); the data
 * set is read too (for its sample shape, and for metrics). Throws a {@link UsageError} when the folder holds no run
 * or no checkpoint. Release everything with {@link disposeRun}.
 */
export async function restoreRun(root: string, backend: string | undefined): Promise<RestoredRun> {
  const config = await readRunConfig(root, '--run');
  await useFastestBackend(backend === undefined ? {} : { prefer: [backend] }).catch((error: Error) => {
    throw new UsageError(`--backend ${backend ?? ''}: ${error.message}`);
  });
  const data = await loadRunData(config.data, { seed: config.seed, imageSize: config.imageSize, channels: config.channels });
  let trainer: AdversarialTrainer;
  try {
    trainer = buildTrainer(config, data.samples.shape.slice(1), data.kind);
  } catch (error) {
    disposeRunData(data);
    throw error;
  }
  const checkpoint = await new CheckpointManager({ directory: runPaths(root).checkpoints }).latest();
  if (checkpoint === undefined) {
    disposeRun({ trainer, data });
    throw new UsageError(`--run '${root}' has no checkpoint yet: train it longer (checkpoints are written every ${config.checkpointEvery} steps and when training stops)`);
  }
  // Sampling and scoring need the networks only: their weights are restored, not the optimizers' state, so a run
  // stays readable when optimizer defaults change between versions.
  try {
    for (const [network, model] of [['generator', trainer.generator], ['discriminator', trainer.discriminator]] as const) {
      const saved = checkpoint.snapshot.networks[network];
      if (saved === undefined) throw new UsageError(`--run '${root}': the checkpoint ${checkpoint.path} holds no ${network}; it was not written by 'gan-kit train'`);
      checkModelWeights(model, saved, network);
      writeModelWeights(model, saved);
    }
  } catch (error) {
    disposeRun({ trainer, data });
    throw error;
  }
  return { config, trainer, checkpoint, kind: data.kind, data };
}
