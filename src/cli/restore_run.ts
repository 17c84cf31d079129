import { ProGanAlgorithm, useFastestBackend, type AdversarialTrainer, type LoadedCheckpoint } from '../index.js';
import { checkModelWeights, writeModelWeights } from '../training/trainer_state.js';
import { disposeRunData, loadRunData, type RunData } from './datasets.js';
import { buildTrainer, runDataOptions, type RunConfig } from './run_config.js';
import { describeDamaged, readRunCheckpoints } from './run_checkpoints.js';
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
  // A ProGAN run's algorithm releases the stages it grew; the models built here are its first stage.
  const algorithm = run.trainer.algorithm;
  const built = algorithm instanceof ProGanAlgorithm ? algorithm.firstStage : run.trainer;
  run.trainer.dispose();
  built.generator.dispose();
  built.discriminator.dispose();
  disposeRunData(run.data);
}

/**
 * Rebuilds the models of the run in `root` from its configuration and loads the networks' weights from its newest good
 * checkpoint (not the optimizers' state: sampling and scoring do not need it); the data
 * set is read too (for its sample shape, and for metrics). Throws a {@link UsageError} when the folder holds no run
 * or no intact checkpoint; newer damaged checkpoints are named through `warn`. Release everything with {@link disposeRun}.
 */
export async function restoreRun(root: string, backend: string | undefined, warn: (line: string) => void): Promise<RestoredRun> {
  const config = await readRunConfig(root, '--run');
  const { newest: checkpoint, damaged } = await readRunCheckpoints(runPaths(root).checkpoints, '--run');
  if (checkpoint === undefined) {
    throw new UsageError(damaged.length === 0
      ? `--run '${root}' has no checkpoint yet: train it longer (checkpoints are written every ${config.checkpointEvery} steps and when training stops)`
      : `--run '${root}': no checkpoint of the run is intact (${damaged.map(describeDamaged).join('; ')}): restore the checkpoints folder from a backup, or train the run again`);
  }
  for (const d of damaged) warn(`checkpoint ${describeDamaged(d)}; using the newest intact one, step ${checkpoint.step}`);
  await useFastestBackend(backend === undefined ? {} : { prefer: [backend] }).catch((error: Error) => {
    throw new UsageError(`--backend ${backend ?? ''}: ${error.message}`);
  });
  const data = await loadRunData(config.data, runDataOptions(config));
  let trainer: AdversarialTrainer;
  try {
    trainer = buildTrainer(config, data.samples.shape.slice(1), data.kind);
  } catch (error) {
    disposeRunData(data);
    throw error;
  }
  // Sampling and scoring need the networks only (the EMA generator too, which a StyleGAN2 run samples from): their
  // weights are restored, not the optimizers' state, so a run stays readable when optimizer defaults change.
  try {
    // An algorithm whose networks change with its state (ProGAN's growth) rebuilds them first.
    trainer.algorithm.restoreState?.(checkpoint.snapshot.state ?? null);
    for (const [network, model] of Object.entries(trainer.algorithm.networks)) {
      const saved = checkpoint.snapshot.networks[network];
      if (saved === undefined) throw new UsageError(`--run '${root}': the checkpoint ${checkpoint.path} holds no ${network}; it was not written by 'gan-kit train'`);
      checkModelWeights(model, saved, network);
      writeModelWeights(model, saved);
    }
  } catch (error) {
    disposeRun({ trainer, data });
    throw new UsageError(`--run '${root}': the checkpoint ${checkpoint.path} does not fit the run's config.json (${(error as Error).message.replace(/\.$/, '')}): ` +
      'restore the config.json the run was trained with');
  }
  return { config, trainer, checkpoint, kind: data.kind, data };
}
