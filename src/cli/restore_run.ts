import * as tf from '@tensorflow/tfjs-core';
import { AdversarialTrainer, CheckpointManager, useFastestBackend, type LoadedCheckpoint } from '../index.js';
import { loadRunData } from './datasets.js';
import { buildRun, type RunConfig } from './run_config.js';
import { readRunConfig, runPaths } from './run_directory.js';
import { UsageError } from './usage_error.js';

/** A run's trainer with its newest good checkpoint restored, and what the data looks like. */
export interface RestoredRun {
  readonly config: RunConfig;
  readonly trainer: AdversarialTrainer;
  readonly checkpoint: LoadedCheckpoint;
  readonly kind: 'points' | 'images';
}

/**
 * Rebuilds the models of the run in `root` from its configuration and restores its newest good checkpoint (the
 * data set is read once for its sample shape). Throws a {@link UsageError} when the folder holds no run or no
 * checkpoint.
 */
export async function restoreRun(root: string, backend: string | undefined): Promise<RestoredRun> {
  const config = await readRunConfig(root, '--run');
  await useFastestBackend(backend === undefined ? {} : { prefer: [backend] }).catch((error: Error) => {
    throw new UsageError(`--backend ${backend ?? ''}: ${error.message}`);
  });
  const data = await loadRunData(config.data, { seed: config.seed, imageSize: config.imageSize, channels: config.channels });
  const sampleShape = data.samples.shape.slice(1);
  tf.dispose([data.samples, ...(data.labels === undefined ? [] : [data.labels])]);
  const { models, trainerOptions } = buildRun(config, sampleShape, data.kind);
  const trainer = new AdversarialTrainer(models, trainerOptions);
  const checkpoint = await new CheckpointManager({ directory: runPaths(root).checkpoints }).restore(trainer);
  if (checkpoint === undefined) {
    trainer.dispose();
    throw new UsageError(`--run '${root}' has no checkpoint yet: train it longer (checkpoints are written every ${config.checkpointEvery} steps and when training stops)`);
  }
  return { config, trainer, checkpoint, kind: data.kind };
}
