import * as tf from '@tensorflow/tfjs-core';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { CheckpointManager } from '../../src/training/checkpoint.js';
import type { StepLogs } from '../../src/training/history.js';
import { SeededRandom } from '../../src/utils/random.js';
import { disposeGan, softplusLoss, tinyGan, weightsOf, type TinyGanOptions } from './tiny_gan.js';

/** What a run ends with: every network weight and every optimizer value, and the per-step losses. */
export interface RunResult {
  readonly weights: Float32Array[];
  readonly optimizers: number[][];
  readonly losses: number[];
  readonly step: number;
}

/** 50 samples of a 2D Gaussian made in JavaScript (identical on every backend); 6 batches of 8 per epoch. */
function data(): tf.Tensor2D {
  return new SeededRandom(3).normalTensor([50, 2]) as tf.Tensor2D;
}

async function finish(trainer: AdversarialTrainer, history: StepLogs[]): Promise<RunResult> {
  const snapshot = await trainer.snapshot();
  const optimizers = Object.values(snapshot.optimizers)
    .flatMap((o) => [...o.weights, ...o.fields].map((w) => Array.from(w.values)));
  const result = {
    weights: weightsOf(trainer),
    optimizers,
    losses: history.flatMap((s) => [s.discriminatorLoss, s.generatorLoss]),
    step: trainer.step,
  };
  trainer.dispose();
  disposeGan(trainer);
  return result;
}

const options = { loss: softplusLoss, discriminatorSteps: 2 } as const;

/** `steps` steps in one fit (seed 7, k = 2, batch 8, Adam). */
export async function straightRun(steps: number, gan: TinyGanOptions = {}): Promise<RunResult> {
  const trainer = new AdversarialTrainer(tinyGan(gan), { ...options, seed: 7 });
  const x = data();
  const history = await trainer.fit(x, { steps, batchSize: 8 });
  x.dispose();
  return finish(trainer, history.steps);
}

/**
 * `first` steps, a checkpoint into `directory`, everything disposed; then fresh models built with other initial
 * weights and a trainer with another seed, restored from the checkpoint, and `steps − first` more steps.
 */
export async function resumedRun(steps: number, first: number, directory: string, gan: TinyGanOptions = {}): Promise<RunResult> {
  const x = data();
  const before = new AdversarialTrainer(tinyGan(gan), { ...options, seed: 7 });
  const firstHistory = await before.fit(x, { steps: first, batchSize: 8 });
  await new CheckpointManager({ directory }).save(before, { history: firstHistory.steps });
  before.dispose();
  disposeGan(before);

  const after = new AdversarialTrainer(tinyGan({ ...gan, seed: 99 }), { ...options, seed: 12345 });
  const manager = new CheckpointManager({ directory });
  const restored = await manager.restore(after);
  if (restored === undefined) throw new Error('no checkpoint to resume from');
  const history = await after.fit(x, { steps: steps - first, batchSize: 8 });
  x.dispose();
  return finish(after, [...restored.history, ...history.steps]);
}
