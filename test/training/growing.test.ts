// Networks that change: an algorithm that grows its generator and discriminator at a step boundary checkpoints after
// the growth, and a fresh process restores that checkpoint (the algorithm rebuilds the grown networks from its saved
// stage) and trains on to the same bits as the run that never stopped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { GanTrainer } from '../../src/training/gan_trainer.js';
import { SeededRandom } from '../../src/utils/random.js';
import { useCpu } from '../helpers/backend.js';
import { GrowingGan } from '../helpers/growing_gan.js';

const writer = fileURLToPath(new URL('./fixtures/growing_writer.ts', import.meta.url));
let root = '';
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-growing-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function train(directory: string, steps: number): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', writer, directory, String(steps)], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const digest = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

test('in one process the networks grow at step 3, with new optimizers, and keep the shared layer\'s weights', async () => {
  const algorithm = new GrowingGan(3);
  const trainer = new GanTrainer(algorithm, { seed: 1 });
  const data = new SeededRandom(9).normalTensor([40, 2]);
  await trainer.fit(data, { steps: 3, batchSize: 8 });
  const before = { first: algorithm.networks['generator']!.layers[0]!.getWeights().map((w) => Array.from(w.dataSync())), optimizer: algorithm.optimizers['generator'] };
  assert.equal(algorithm.networks['generator']!.layers.length, 2);
  await trainer.fit(data, { steps: 1, batchSize: 8 });
  assert.equal(algorithm.stage, 1);
  assert.equal(algorithm.networks['generator']!.layers.length, 3);
  assert.notEqual(algorithm.optimizers['generator'], before.optimizer, 'a new optimizer for the new network');
  assert.equal(trainer.step, 4);
  const snapshot = await trainer.snapshot();
  assert.equal(snapshot.networks['generator']!.length, 6, 'the snapshot holds the grown generator (3 kernels, 3 biases)');
  assert.deepEqual(snapshot.state, { stage: 1 });
  tf.dispose(data);
  trainer.dispose();
  assert.ok(before.first.length === 2);
});

test('a checkpoint written after the growth restores into a fresh process and resumes to the uninterrupted run\'s bits', async () => {
  const straight = join(root, 'straight');
  const finished = train(straight, 8);
  assert.match(finished, /restored none at stage 0/);
  assert.match(finished, /finished 8 at stage 1/);
  const grown = join(straight, 'ckpt-000000005');
  const generatorJson = JSON.parse(await readFile(join(grown, 'generator/model.json'), 'utf8'));
  assert.equal(generatorJson.modelTopology.config.layers.length, 3, 'the step-5 checkpoint holds the grown generator');
  const resumed = join(root, 'resumed');
  await mkdir(resumed);
  await cp(grown, join(resumed, 'ckpt-000000005'), { recursive: true });
  const output = train(resumed, 8);
  assert.match(output, /restored 5 at stage 1/);
  for (const file of ['generator/group1-shard1of1.bin', 'discriminator/group1-shard1of1.bin', 'optimizers.bin']) {
    assert.equal(await digest(join(resumed, 'ckpt-000000008', file)), await digest(join(straight, 'ckpt-000000008', file)), file);
  }
});
