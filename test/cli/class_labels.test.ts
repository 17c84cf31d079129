// The CLI's class labels in-process: parsing `--labels`, drawing labelled samples, the progress picture's rows.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import { drawSamples, parseLabels } from '../../src/cli/class_labels.js';
import { progressLabels } from '../../src/cli/pictures.js';
import type { RunConditioning } from '../../src/cli/run_config.js';
import { UsageError } from '../../src/cli/usage_error.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { ConditionalTrainer } from '../../src/trainers/conditional_trainer.js';
import { useCpu } from '../helpers/backend.js';

const ten: RunConditioning = { classes: 10, discriminator: 'projection', generator: 'concat' };

before(useCpu);

test('parseLabels reads a class, a range, a list and their combinations, in the order given', () => {
  assert.deepEqual(parseLabels('3', ten, 'r'), [3]);
  assert.deepEqual(parseLabels('0-9', ten, 'r'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(parseLabels('1,4,7', ten, 'r'), [1, 4, 7]);
  assert.deepEqual(parseLabels('7,0-2', ten, 'r'), [7, 0, 1, 2]);
  assert.deepEqual(parseLabels(' 2 , 5-5 ', ten, 'r'), [2, 5]);
  assert.deepEqual(parseLabels('9', ten, 'r'), [9], 'the last class');
});

test('parseLabels refuses an unconditional run, malformed lists and classes outside 0 … K−1, naming the flag', () => {
  const refused = (spec: string, conditioning: RunConditioning | undefined, message: RegExp) =>
    assert.throws(() => parseLabels(spec, conditioning, 'runs/x'), (e: unknown) => e instanceof UsageError && message.test(e.message), spec);
  refused('3', undefined, /^--labels '3': the run in 'runs\/x' is not conditional .*drop --labels, or train with --conditional$/);
  for (const spec of ['', 'a', '-1', '1.5', '1,,2', '5-2', '1-', '0-9-3', '1;2']) {
    refused(spec, ten, /^--labels '.*' is not a list of classes: give a class \(3\), a range \(0-9\) or a comma-separated list/);
  }
  refused('10', ten, /^--labels '10' names class 10, but the run has 10 classes: give classes in 0-9$/);
  refused('0-12', ten, /names class 12/);
  refused('2,3', { ...ten, classes: 3 }, /names class 3, but the run has 3 classes: give classes in 0-2$/);
});

test('progressLabels: one row of 8 per class up to 16 classes, else one sample per class', () => {
  assert.deepEqual(progressLabels(2), [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  const digits = progressLabels(10);
  assert.equal(digits.length, 80);
  for (let row = 0; row < 10; row++) assert.deepEqual(digits.slice(8 * row, 8 * row + 8), new Array(8).fill(row), `row ${row}`);
  assert.equal(progressLabels(16).length, 128);
  assert.deepEqual(progressLabels(17), Array.from({ length: 17 }, (_, c) => c));
});

test('drawSamples cycles a conditional trainer through the classes; an unconditional one ignores them; no leaks', () => {
  const small = { sampleShape: [2], latentDim: 3, generatorUnits: [4], discriminatorUnits: [4], outputActivation: 'linear', seed: 1 } as const;
  const conditional = new ConditionalTrainer(new MLPGAN({ ...small, conditioning: { classes: 3 } }), { seed: 1 });
  const plain = new AdversarialTrainer(new MLPGAN(small), { seed: 1 });
  const before = tf.memory().numTensors;

  const asked = drawSamples(conditional, 5, { seed: 4, classes: [2, 0] });
  assert.deepEqual(asked.labels, [2, 0, 2, 0, 2]);
  const expected = conditional.sample(5, { seed: 4, labels: [2, 0, 2, 0, 2] });
  assert.deepEqual(asked.samples.shape, [5, 2]);
  assert.deepEqual(asked.samples.dataSync(), expected.dataSync());
  const all = drawSamples(conditional, 5, { seed: 4 });
  assert.deepEqual(all.labels, [0, 1, 2, 0, 1], 'default: every class in turn');

  const unconditional = drawSamples(plain, 3, { seed: 4, classes: [1] });
  assert.equal(unconditional.labels, undefined);
  const same = plain.sample(3, { seed: 4 });
  assert.deepEqual(unconditional.samples.dataSync(), same.dataSync());

  tf.dispose([asked.samples, expected, all.samples, unconditional.samples, same]);
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  for (const t of [conditional, plain]) {
    t.generator.dispose();
    t.discriminator.dispose();
    t.dispose();
  }
});
