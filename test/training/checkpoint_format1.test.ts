// Checkpoints and run folders of format 1 (written at eddf804, before the training loop named its networks) load,
// sample and resume bit-exactly: the weights, optimizer state, logs and samples equal what eddf804 itself produced
// (test/fixtures/format-1/README.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { r1Regularizer } from '../../src/regularizers/r1.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { CheckpointManager } from '../../src/training/checkpoint.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertBuilt, run } from '../cli/cli_helpers.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan, softplusLoss, tinyGan } from '../helpers/tiny_gan.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/format-1');
let root = '';
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-format1-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const base64 = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

test('a format-1 library checkpoint (k = 2, lazy R1, EMA) restores and resumes to the same bits as the run that wrote it', async () => {
  const reference = JSON.parse(await readFile(join(fixtures, 'reference/library-step8.json'), 'utf8'));
  const directory = join(root, 'library');
  await cp(join(fixtures, 'library/checkpoints'), directory, { recursive: true });
  const gan = tinyGan({ seed: 5 });
  const trainer = new AdversarialTrainer(gan, {
    loss: softplusLoss, discriminatorSteps: 2, regularizers: [r1Regularizer({ weight: 1, every: 2 })], ema: { decay: 0.9 }, seed: 99,
  });
  const restored = await new CheckpointManager({ directory }).restore(trainer);
  assert.equal(restored?.step, 4);
  assert.equal(restored?.snapshot.configuration.algorithm, 'unconditional-gan');
  assert.deepEqual(Object.keys(restored!.snapshot.networks), ['generator', 'discriminator', 'generator-ema']);
  const x = new SeededRandom(3).normalTensor([50, 2]);
  const history = await trainer.fit(x, { steps: 4, batchSize: 8 });
  const snapshot = await trainer.snapshot();
  assert.deepEqual(snapshot.networks['generator']!.map((w) => base64(w.values)), reference.generator);
  assert.deepEqual(snapshot.networks['discriminator']!.map((w) => base64(w.values)), reference.discriminator);
  assert.deepEqual(snapshot.networks['generator-ema']!.map((w) => base64(w.values)), reference.generatorEma);
  assert.deepEqual(Object.values(snapshot.optimizers).flatMap((o) => [...o.weights, ...o.fields].map((w) => base64(w.values))), reference.optimizers);
  assert.deepEqual(history.steps, reference.history);
  const sample = trainer.sample(4, { seed: 11 });
  assert.equal(base64(sample.dataSync() as Float32Array), reference.sample);
  tf.dispose([x, sample]);
  trainer.dispose();
  disposeGan(gan);
});

for (const run_ of ['grid25', 'mnist-conditional'] as const) {
  test(`the format-1 CLI run folder '${run_}' samples and resumes (gan-kit train --resume) to eddf804's bits`, async () => {
    assertBuilt();
    const reference = JSON.parse(await readFile(join(fixtures, `reference/cli-${run_}-step8.json`), 'utf8'));
    const folder = join(root, run_);
    await cp(join(fixtures, `cli-${run_}`), folder, { recursive: true });
    const sampleFile = join(root, `${run_}-sample.npy`);
    const sampled = run('sample', '--run', folder, '--count', '6', '--seed', '1', '--backend', 'cpu', '--out', sampleFile);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.deepEqual(await readFile(sampleFile), await readFile(join(fixtures, `reference/${run_}-sample.npy`)));
    const info = run('info', '--run', folder);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /step 4/);
    const resumed = run('train', '--resume', '--steps', '8', '--backend', 'cpu', '--out', folder);
    assert.equal(resumed.code, 0, resumed.stderr);
    for (const [file, digest] of Object.entries(reference.sha256 as Record<string, string>)) {
      assert.equal(await sha256(join(folder, 'checkpoints/ckpt-000000008', file)), digest, `${file} differs from eddf804's`);
    }
    const metrics = (await readFile(join(folder, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(metrics, reference.metrics);
    const written = JSON.parse(await readFile(join(folder, 'checkpoints/ckpt-000000008/trainer.json'), 'utf8'));
    assert.equal(written.version, 2, 'the resumed run writes today\'s format');
  });
}
