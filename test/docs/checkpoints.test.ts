// The snippets of docs/checkpoints.md, run in small form on the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import {
  AdversarialTrainer, CheckpointManager, MLPGAN, MAX_ROLLBACKS_PER_STEP, NonFiniteError, checkpointCallback, loadModel,
  ring8, saveModel, type AdversarialTrainerOptions, type DiscriminatorRegularizer,
} from '../../src/index.js';

await tf.setBackend('cpu');

const { samples: images } = ring8({ count: 64, seed: 0 });

function smallGan(): MLPGAN {
  return new MLPGAN({ sampleShape: [2], latentDim: 2, generatorUnits: [8], discriminatorUnits: [8], outputActivation: 'linear', seed: 1 });
}

function weights(trainer: AdversarialTrainer): number[][] {
  return [...trainer.generator.weights, ...trainer.discriminator.weights].map((w) => Array.from(w.read().dataSync()));
}

function dispose(trainer: AdversarialTrainer): void {
  trainer.dispose();
  trainer.generator.dispose();
  trainer.discriminator.dispose();
}

/** The guide's resumable run, with the total and interval scaled down; `stopAt` aborts as Ctrl-C would. */
async function resumableRun(directory: string, total: number, stopAt?: number) {
  const trainer = new AdversarialTrainer(smallGan(), { seed: 1 });
  const checkpoints = new CheckpointManager({ directory, keep: 3 });
  const restored = await checkpoints.restore(trainer);
  const controller = new AbortController();
  const history = await trainer.fit(images, {
    steps: total - trainer.step,
    batchSize: 16,
    callbacks: [
      checkpoints.callback({ every: 2 }),
      { onStepEnd: ({ step }) => { if (step === stopAt) controller.abort(); } },
    ],
    guard: checkpoints.rollback,
    signal: controller.signal,
  });
  return { trainer, checkpoints, restored, history };
}

test('checkpoints guide: abort, rerun, and the resumed run equals an uninterrupted one on cpu', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'gan-kit-doc-ckpt-'));
  try {
    const first = await resumableRun(directory, 6, 4);
    assert.equal(first.restored, undefined, 'a new folder has nothing to restore');
    assert.equal(first.history.stopReason, 'aborted');
    assert.equal(first.trainer.step, 4);
    assert.deepEqual((await first.checkpoints.list()).map((c) => c.step), [4, 2]);
    dispose(first.trainer);

    const second = await resumableRun(directory, 6);
    assert.equal(second.restored?.step, 4);
    assert.equal(second.history.stopReason, 'completed');
    assert.equal(second.trainer.step, 6);
    assert.deepEqual(second.checkpoints.history.map((s) => s.step), [0, 1, 2, 3, 4, 5], 'the run history spans both fits');

    const straight = new AdversarialTrainer(smallGan(), { seed: 1 });
    await straight.fit(images, { steps: 6, batchSize: 16 });
    assert.deepEqual(weights(second.trainer), weights(straight), 'identical weights');
    dispose(second.trainer);
    dispose(straight);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('checkpoints guide: a damaged newest checkpoint is skipped; checkpointCallback keeps the newest `keep`', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'gan-kit-doc-ckpt-'));
  try {
    const trainer = new AdversarialTrainer(smallGan(), { seed: 2 });
    await trainer.fit(images, { steps: 4, batchSize: 16, callbacks: checkpointCallback({ directory, every: 1, keep: 2 }) });
    const checkpoints = new CheckpointManager({ directory });
    assert.deepEqual((await checkpoints.list()).map((c) => c.step), [4, 3]);
    const newest = join(directory, 'ckpt-000000004', 'trainer.json');
    const bytes = await readFile(newest);
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    await writeFile(newest, bytes);
    const latest = await checkpoints.latest();
    assert.equal(latest?.step, 3);
    assert.equal(latest?.skipped.length, 1);
    assert.match(latest!.skipped[0]!.reason, /trainer\.json does not match its SHA-256/);
    await assert.rejects(checkpoints.load(join(directory, 'ckpt-000000004')), /damaged or incomplete.*trainer\.json/);
    dispose(trainer);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

/** A regularizer whose penalty is NaN the first time step `at` runs: a divergence to catch. */
function poisonAt(at: number): DiscriminatorRegularizer {
  let fired = false;
  return {
    name: 'poison',
    weight: 1,
    penalty: ({ step }) => {
      const bad = step === at && !fired;
      if (bad) fired = true;
      return tf.scalar(bad ? NaN : 0);
    },
  };
}

test('checkpoints guide: NonFiniteError names the step, network and quantity; the last checkpoint stays intact', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'gan-kit-doc-ckpt-'));
  try {
    const options: AdversarialTrainerOptions = { seed: 3, regularizers: [poisonAt(3)] };
    const trainer = new AdversarialTrainer(smallGan(), options);
    const checkpoints = new CheckpointManager({ directory });
    let caught: unknown;
    try {
      await trainer.fit(images, { steps: 6, batchSize: 16, callbacks: checkpoints.callback({ every: 1 }) });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof NonFiniteError, `saw ${String(caught)}`);
    assert.deepEqual([caught.step, caught.network, caught.quantity], [3, 'discriminator', 'loss']);
    assert.ok(Number.isNaN(caught.value));
    assert.equal((await checkpoints.latest())?.step, 3, 'the last good state (after step 2, i.e. 3 steps done) is the newest checkpoint');
    dispose(trainer);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('checkpoints guide: guard: checkpoints.rollback restores, skips the failed batch and finishes', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'gan-kit-doc-ckpt-'));
  try {
    const trainer = new AdversarialTrainer(smallGan(), { seed: 4, regularizers: [poisonAt(3)] });
    const checkpoints = new CheckpointManager({ directory });
    const history = await trainer.fit(images, {
      steps: 6, batchSize: 16, callbacks: checkpoints.callback({ every: 2 }), guard: checkpoints.rollback,
    });
    assert.equal(history.stopReason, 'completed');
    assert.equal(trainer.step, 6);
    assert.deepEqual(history.steps.map((s) => s.step), [0, 1, 2, 3, 4, 5], 'the rolled-back steps are replayed once in the history');
    assert.equal(MAX_ROLLBACKS_PER_STEP, 3);
    dispose(trainer);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('checkpoints guide: saveModel → loadModel gives the same generator; snapshot → restore goes back in memory', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'gan-kit-doc-model-'));
  try {
    const trainer = new AdversarialTrainer(smallGan(), { seed: 5 });
    await trainer.fit(images, { steps: 2, batchSize: 16 });
    await saveModel(trainer.generator, join(directory, 'generator'));
    const generator = await loadModel(join(directory, 'generator'));
    const z = tf.randomNormal([4, 2], 0, 1, 'float32', 7);
    const a = trainer.generator.predict(z) as tf.Tensor;
    const b = generator.predict(z) as tf.Tensor;
    assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
    tf.dispose([z, a, b]);
    generator.dispose();

    const snapshot = await trainer.snapshot();
    const saved = weights(trainer);
    await trainer.fit(images, { steps: 2, batchSize: 16 });
    assert.notDeepEqual(weights(trainer), saved);
    await trainer.restore(snapshot);
    assert.deepEqual(weights(trainer), saved);
    assert.equal(trainer.step, 2);
    dispose(trainer);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
