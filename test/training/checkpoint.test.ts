import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadModel } from '../../src/io/model_files.js';
import type { GanLoss } from '../../src/losses/gan_loss.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { CheckpointManager, checkpointCallback } from '../../src/training/checkpoint.js';
import { NonFiniteError } from '../../src/training/non_finite_error.js';
import { useCpu } from '../helpers/backend.js';
import { resumedRun, straightRun } from '../helpers/resume.js';
import { disposeGan, softplusLoss, tinyGan, weightsOf } from '../helpers/tiny_gan.js';

let root = '';
let folders = 0;
const folder = () => join(root, `c${folders++}`);
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-checkpoints-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const points = () => tf.tensor2d([[0, 1], [1, 0], [-1, 0.5], [0.3, -0.2], [2, 2], [-1, -1], [0.5, 0.5], [1.5, -0.5]]);

test('exact resume on cpu: 24 steps in one go equal 10 + checkpoint + fresh models and trainer + restore + 14, bitwise', async () => {
  const straight = await straightRun(24);
  const resumed = await resumedRun(24, 10, folder());
  assert.equal(resumed.step, 24);
  assert.deepEqual(resumed.weights, straight.weights, 'network weights differ');
  assert.deepEqual(resumed.optimizers, straight.optimizers, 'optimizer state (iterations, moments, β powers) differs');
  assert.deepEqual(resumed.losses, straight.losses, 'per-step losses differ');
  const other = await resumedRun(24, 13, folder());
  assert.deepEqual(other.weights, straight.weights, 'a checkpoint mid-epoch (step 13) resumes differently');
  const shorter = await straightRun(23);
  assert.notDeepEqual(shorter.weights, straight.weights, 'one step fewer gives the same weights: the comparison cannot fail');
});

test('exact resume with spectral normalization: the power-iteration vector u is part of the checkpoint', async () => {
  const straight = await straightRun(12, { spectralNorm: true });
  const resumed = await resumedRun(12, 5, folder(), { spectralNorm: true });
  assert.deepEqual(resumed.weights, straight.weights);
  assert.deepEqual(resumed.optimizers, straight.optimizers);
});

test('snapshot → train → restore → train again repeats the same steps bitwise, in memory, without leaking; fits continue the data order', async () => {
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 3, discriminatorSteps: 2 });
  const x = points();
  await trainer.fit(x, { steps: 3, batchSize: 2 });
  const snapshot = await trainer.snapshot();
  await trainer.fit(x, { steps: 4, batchSize: 2 });
  const first = weightsOf(gan);
  const start = tf.memory().numTensors;
  await trainer.restore(snapshot);
  assert.equal(tf.memory().numTensors, start, 'restoring into a trained optimizer leaked its old moments');
  assert.equal(trainer.step, 3);
  await trainer.fit(x, { steps: 2, batchSize: 2 });
  await trainer.fit(x, { steps: 2, batchSize: 2 });
  assert.deepEqual(weightsOf(gan), first, 'fit(2) + fit(2) after the restore differs from fit(4)');
  x.dispose();
  trainer.dispose();
  disposeGan(gan);
});

test('a checkpoint holds standard model files, the optimizer state and the history; only the newest `keep` remain', async () => {
  const dir = folder();
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 1 });
  const x = points();
  const manager = new CheckpointManager({ directory: dir, keep: 2 });
  await trainer.fit(x, { steps: 9, batchSize: 4, callbacks: manager.callback({ every: 3, extra: { run: 'test' } }) });
  assert.deepEqual((await readdir(dir)).sort(), ['ckpt-000000006', 'ckpt-000000009']);
  const newest = join(dir, 'ckpt-000000009');
  assert.deepEqual((await readdir(newest)).sort(), ['discriminator', 'generator', 'manifest.json', 'optimizers.bin', 'optimizers.json', 'trainer.json']);
  const manifest = JSON.parse(await readFile(join(newest, 'manifest.json'), 'utf8'));
  assert.deepEqual(Object.keys(manifest.files).sort(), [
    'discriminator/group1-shard1of1.bin', 'discriminator/model.json', 'generator/group1-shard1of1.bin', 'generator/model.json',
    'optimizers.bin', 'optimizers.json', 'trainer.json',
  ]);
  const bytes = await readFile(join(newest, 'optimizers.bin'));
  assert.equal(manifest.files['optimizers.bin'].sha256, createHash('sha256').update(bytes).digest('hex'));
  const generator = await loadModel(join(newest, 'generator'));
  assert.deepEqual(generator.getWeights().map((w) => w.dataSync()), gan.generator.getWeights().map((w) => w.dataSync()));
  generator.dispose();
  const latest = await manager.latest();
  assert.equal(latest?.step, 9);
  assert.deepEqual(latest?.history.map((s) => s.step), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(latest?.extra, { run: 'test' });
  // Adam state: iteration 9 and one moment pair per trainable weight.
  assert.equal(latest?.snapshot.optimizers['generator']?.weights[0]?.values[0], 9);
  assert.equal(latest?.snapshot.optimizers['generator']?.weights.length, 1 + 2 * gan.generator.trainableWeights.length);
  assert.deepEqual(latest?.snapshot.optimizers['generator']?.fields.map((f) => f.name), ['accBeta1', 'accBeta2']);
  x.dispose();
  trainer.dispose();
  disposeGan(gan);
});

let pristine: string | undefined;

/** A folder with the checkpoints of steps 3 and 6 of one run (made once, copied for every caller). */
async function twoCheckpoints(): Promise<{ dir: string; manager: CheckpointManager }> {
  if (pristine === undefined) {
    pristine = folder();
    const gan = tinyGan();
    const trainer = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 1 });
    const x = points();
    await trainer.fit(x, { steps: 6, batchSize: 4, callbacks: new CheckpointManager({ directory: pristine }).callback({ every: 3 }) });
    x.dispose();
    trainer.dispose();
    disposeGan(gan);
  }
  const dir = folder();
  await cp(pristine, dir, { recursive: true });
  return { dir, manager: new CheckpointManager({ directory: dir }) };
}

async function rewriteManifest(checkpoint: string, edit: (files: Record<string, { bytes: number; sha256: string }>) => void): Promise<void> {
  const path = join(checkpoint, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8'));
  edit(manifest.files);
  await writeFile(path, JSON.stringify(manifest));
}

test('a damaged newest checkpoint is detected and the previous good one is used', async () => {
  const injections: [string, (ckpt: string) => Promise<void>, RegExp][] = [
    ['flipped byte in a weight shard', async (c) => {
      const path = join(c, 'generator/group1-shard1of1.bin');
      const b = await readFile(path);
      b[5] = b[5]! ^ 0xff;
      await writeFile(path, b);
    }, /generator\/group1-shard1of1\.bin does not match its SHA-256 checksum/],
    ['truncated optimizer state', async (c) => {
      const path = join(c, 'optimizers.bin');
      await truncate(path, (await stat(path)).size - 8);
    }, /optimizers\.bin is \d+ bytes, but the manifest says \d+ \(truncated\)/],
    ['missing manifest (interrupted before the rename)', (c) => rm(join(c, 'manifest.json')), /manifest\.json is missing or unreadable, so the checkpoint was not completed \(ENOENT/],
    ['malformed manifest', (c) => writeFile(join(c, 'manifest.json'), '{"format": "gan-kit-checkpoint", "vers'), /manifest\.json is not valid JSON/],
    ['manifest claiming 2^40 bytes', (c) => rewriteManifest(c, (f) => { f['trainer.json']!.bytes = 2 ** 40; }), /trainer\.json is \d+ bytes, but the manifest says 1099511627776/],
    ['path traversal in the manifest', (c) => rewriteManifest(c, (f) => { f['../../etc/passwd'] = { bytes: 1, sha256: 'x' }; }), /unexpected file "\.\.\/\.\.\/etc\/passwd"/],
    ['file missing from the manifest', (c) => rewriteManifest(c, (f) => { delete f['trainer.json']; }), /does not list trainer\.json/],
    ['path traversal in model.json with a matching checksum', async (c) => {
      const path = join(c, 'generator/model.json');
      const json = JSON.parse(await readFile(path, 'utf8'));
      json.weightsManifest[0].paths = ['../../c0/secret.bin'];
      const text = JSON.stringify(json);
      await writeFile(path, text);
      await rewriteManifest(c, (f) => { f['generator/model.json'] = { bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') }; });
    }, /names the weight file "\.\.\/\.\.\/c0\/secret\.bin", which lies outside the model's folder/],
  ];
  for (const [what, inject, reason] of injections) {
    const { dir, manager } = await twoCheckpoints();
    const newest = join(dir, 'ckpt-000000006');
    await inject(newest);
    const latest = await manager.latest();
    assert.equal(latest?.step, 3, `${what}: the previous checkpoint was not used`);
    assert.equal(latest?.skipped.length, 1, what);
    assert.equal(latest?.skipped[0]?.path, newest, what);
    assert.match(latest?.skipped[0]?.reason ?? '', reason, what);
    await assert.rejects(manager.load(newest), /CheckpointManager: the checkpoint ".*ckpt-000000006" is damaged or incomplete/, what);
  }
  const { dir, manager } = await twoCheckpoints();
  for (const name of await readdir(dir)) await rm(join(dir, name, 'trainer.json'));
  assert.equal(await manager.latest(), undefined, 'no checkpoint verifies: latest() is undefined');
});

/** A loss whose gradient (or value) turns NaN while `poison(step)` says so. */
function poisonedLoss(poison: () => 'loss' | 'gradient' | undefined): GanLoss {
  const nanGradient = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = inputs[0] as tf.Tensor;
    return { value: tf.mean(x), gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.fill(x.shape, NaN)) };
  }) as (x: tf.Tensor) => tf.Scalar;
  return {
    name: 'poisoned',
    discriminatorLoss: (inputs) => {
      const loss = softplusLoss.discriminatorLoss(inputs);
      const p = poison();
      if (p === 'loss') return tf.add(loss, NaN);
      if (p === 'gradient') return tf.add(loss, tf.mul(nanGradient(inputs.realLogits), 0));
      return loss;
    },
    generatorLoss: softplusLoss.generatorLoss,
  };
}

test('the guard stops at once on a non-finite loss, gradient or weight, naming step, network and quantity; the checkpoint stays intact', async () => {
  const cases: { what: 'loss' | 'gradient' | 'weights'; message: RegExp }[] = [
    { what: 'loss', message: /^AdversarialTrainer: at step 5 the discriminator loss became NaN; training diverged and stopped\./ },
    { what: 'gradient', message: /^AdversarialTrainer: at step 5 the discriminator gradient has a NaN or infinite element; training diverged/ },
    { what: 'weights', message: /^AdversarialTrainer: at step 5 the generator weights have a NaN or infinite element after the update/ },
  ];
  for (const { what, message } of cases) {
    const dir = folder();
    const gan = tinyGan();
    let trainer: AdversarialTrainer | undefined;
    const poison = () => (what !== 'weights' && trainer!.step === 5 ? what : undefined);
    // Weights: the generator's step size becomes infinite at step 5 (finite loss and gradient, infinite update).
    const sgd = tf.train.sgd(1e-3);
    const generatorOptimizer = what === 'weights' ? sgd : undefined;
    trainer = new AdversarialTrainer(gan, { loss: poisonedLoss(poison), seed: 1, ...(generatorOptimizer ? { generatorOptimizer } : {}) });
    const x = points();
    const manager = new CheckpointManager({ directory: dir });
    const seen: number[] = [];
    const error = await trainer.fit(x, {
      steps: 10,
      batchSize: 4,
      callbacks: [manager.callback({ every: 4 }), { onStepEnd: ({ step }) => { seen.push(step); if (step === 5) sgd.setLearningRate(Infinity); } }],
    }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof NonFiniteError, `${what}: ${String(error)}`);
    assert.match(error.message, message);
    assert.equal(error.step, 5);
    assert.equal(error.quantity, what);
    assert.deepEqual(seen, [1, 2, 3, 4, 5], `${what}: a hook ran after the failed step`);
    const latest = await manager.latest();
    assert.equal(latest?.step, 4, `${what}: the last good checkpoint is not intact`);
    assert.deepEqual(latest?.skipped, []);
    assert.ok(latest!.snapshot.networks['generator']!.every((w) => w.values.every(Number.isFinite)), `${what}: the checkpoint holds non-finite weights`);
    x.dispose();
    trainer.dispose();
    disposeGan(gan);
  }
});

test('guard rollback: restores the last good checkpoint, skips the failed batch and finishes; a step failing again and again gives up', async () => {
  const dir = folder();
  const gan = tinyGan();
  let failures = 0;
  let trainer: AdversarialTrainer | undefined;
  const poison = () => {
    if (trainer!.step === 7 && failures === 0) {
      failures += 1;
      return 'gradient' as const;
    }
    return undefined;
  };
  trainer = new AdversarialTrainer(gan, { loss: poisonedLoss(poison), seed: 1 });
  const x = points();
  const manager = new CheckpointManager({ directory: dir });
  const history = await trainer.fit(x, { steps: 12, batchSize: 4, callbacks: manager.callback({ every: 5 }), guard: manager.rollback });
  assert.equal(failures, 1);
  assert.equal(trainer.step, 12);
  assert.deepEqual(history.steps.map((s) => s.step), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.ok(weightsOf(gan).every((w) => w.every(Number.isFinite)));
  assert.equal((await manager.latest())?.step, 12);

  const always: AdversarialTrainer = new AdversarialTrainer(tinyGan(), { loss: poisonedLoss((): 'loss' | undefined => (always.step >= 7 ? 'loss' : undefined)), seed: 1 });
  const manager2 = new CheckpointManager({ directory: folder() });
  await assert.rejects(
    always.fit(x, { steps: 12, batchSize: 4, callbacks: manager2.callback({ every: 5 }), guard: manager2.rollback }),
    /at step 7 the discriminator loss became NaN.*The step failed 4 times in a row after rolling back; giving up\./s,
  );
  const noCheckpoint = new AdversarialTrainer(tinyGan(), { loss: poisonedLoss(() => 'loss'), seed: 1 });
  await assert.rejects(
    noCheckpoint.fit(x, { steps: 2, batchSize: 4, guard: new CheckpointManager({ directory: folder() }).rollback }),
    /at step 0 the discriminator loss became NaN.* No checkpoint in ".*" to roll back to\./s,
  );
  for (const t of [trainer, always, noCheckpoint]) {
    t.dispose();
    disposeGan(t);
  }
  x.dispose();
});

test('an aborted fit stops after the current step and the callback writes a checkpoint at that step', async () => {
  const dir = folder();
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 1 });
  const controller = new AbortController();
  const x = points();
  const history = await trainer.fit(x, {
    steps: 1000,
    batchSize: 4,
    signal: controller.signal,
    callbacks: [checkpointCallback({ directory: dir, every: 100 }), { onStepEnd: ({ step }) => { if (step === 6) controller.abort(); } }],
  });
  assert.equal(history.stopReason, 'aborted');
  const latest = await new CheckpointManager({ directory: dir }).latest();
  assert.equal(latest?.step, 6);
  assert.deepEqual(latest?.snapshot.networks['generator']?.map((w) => Array.from(w.values)), gan.generator.getWeights().map((w) => Array.from(w.dataSync())));
  x.dispose();
  trainer.dispose();
  disposeGan(gan);
});

test('restore refuses another configuration or architecture before changing anything', async () => {
  const { manager } = await twoCheckpoints();
  const gan = tinyGan();
  const before = weightsOf(gan);
  const k2 = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 1, discriminatorSteps: 2 });
  await assert.rejects(manager.restore(k2), /the snapshot was taken with the configuration .*"discriminatorSteps":1.* but this trainer has .*"discriminatorSteps":2/);
  const wider = tinyGan({ hidden: 9 });
  const other = new AdversarialTrainer(wider, { loss: softplusLoss, seed: 1 });
  await assert.rejects(manager.restore(other), /generator weight 0 \('dense_Dense\d+\/kernel'\) is float32 \[3, 9\], but the saved one .* is float32 \[3, 8\]/);
  const noBatchNorm = new AdversarialTrainer(tinyGan({ batchNorm: false }), { loss: softplusLoss, seed: 1 });
  await assert.rejects(manager.restore(noBatchNorm), /the saved generator has 8 weights, but this generator has 4/);
  assert.deepEqual(weightsOf(gan), before);
  assert.equal(k2.step, 0);
  assert.throws(() => new CheckpointManager({ directory: '' }), /directory must be a non-empty path/);
  assert.throws(() => new CheckpointManager({ directory: 'x', keep: 0 }), /keep must be an integer ≥ 1, saw 0/);
  assert.throws(() => manager.callback({ every: 0 }), /every must be an integer ≥ 1, saw 0/);
  for (const t of [k2, other, noBatchNorm]) {
    t.dispose();
    disposeGan(t);
  }
});

test('no leaks: the tensor count after step 10 equals the count after step 1,000 with callbacks attached', async () => {
  const gan = tinyGan({ hidden: 4 });
  const trainer = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 1 });
  const x = points();
  const counts = new Map<number, number>();
  const manager = new CheckpointManager({ directory: folder(), keep: 2 });
  await trainer.fit(x, {
    steps: 1000,
    batchSize: 4,
    callbacks: [
      manager.callback({ every: 250 }),
      { onStepEnd: ({ step }) => { if (step === 10 || step === 1000) counts.set(step, tf.memory().numTensors); } },
    ],
    guard: manager.rollback,
  });
  assert.equal(counts.get(1000), counts.get(10), `tensors after step 10: ${counts.get(10)}, after step 1000: ${counts.get(1000)}`);
  const start = tf.memory().numTensors;
  const restored = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 2 });
  await manager.restore(restored);
  await manager.restore(trainer);
  restored.dispose();
  assert.equal(tf.memory().numTensors, start, 'restoring leaked tensors');
  x.dispose();
  trainer.dispose();
  disposeGan(gan);
});
