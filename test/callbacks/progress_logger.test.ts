// progressLogger: one line every N steps in a log, one line redrawn in place on a terminal; checked on hand-made
// states, and once on a real fit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';

import { formatDuration, progressLogger } from '../../src/callbacks/progress_logger.js';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import { ring8 } from '../../src/data/mixtures.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import type { StepLogs } from '../../src/training/history.js';
import type { TrainingState } from '../../src/training/callbacks.js';
import { useCpu } from '../helpers/backend.js';

/** A stream that keeps what is written. */
function recorder(isTTY: boolean): { write(text: string): void; readonly isTTY: boolean; readonly text: () => string } {
  const chunks: string[] = [];
  return { write: (text: string) => { chunks.push(text); }, isTTY, text: () => chunks.join('') };
}

const logs = (step: number): StepLogs => ({
  step, epoch: 0, discriminatorLoss: 1, generatorLoss: 0.5, realScore: 0.75, fakeScore: 0.25, penalties: { r1: 0.125 },
} as StepLogs);

/** Drives the hooks through steps first+1 … last of a fit that stops at `total`. */
async function drive(callbacks: ReturnType<typeof progressLogger>, first: number, last: number, total: number | undefined): Promise<void> {
  const state = (step: number, withLogs: boolean) => ({ trainer: undefined, step, totalSteps: total, epoch: 0, logs: withLogs ? logs(step) : undefined, history: { steps: [] } }) as unknown as TrainingState<unknown>;
  await callbacks.onTrainBegin?.(state(first, false));
  for (let s = first + 1; s <= last; s++) await callbacks.onStepEnd?.(state(s, true));
  await callbacks.onTrainEnd?.(state(last, false));
}

test('in a log: a line after every `every`-th step and after the last, with every number of the logs', async () => {
  const out = recorder(false);
  await drive(progressLogger({ every: 2, stream: out }), 0, 5, 5);
  const lines = out.text().split('\n').filter((l) => l !== '');
  assert.deepEqual(lines.map((l) => l.split('  ')[0]), ['step 2/5', 'step 4/5', 'step 5/5']);
  assert.match(lines[0]!, /^step 2\/5 {2}\d+\.\d\d steps\/s {2}(ETA \S+ {2})?D 1\.000 {2}G 0\.500 {2}D\(x\) 0\.750 {2}D\(G\(z\)\) 0\.250 {2}r1 0\.125$/);
});

test('a fit stopped early ends on a line of its last step; an epoch-bounded fit shows no total', async () => {
  const out = recorder(false);
  await drive(progressLogger({ every: 10, stream: out }), 20, 23, 100);
  assert.deepEqual(out.text().split('\n').filter((l) => l !== '').map((l) => l.split('  ')[0]), ['step 23/100']);
  const open = recorder(false);
  await drive(progressLogger({ every: 1, stream: open }), 0, 2, undefined);
  assert.match(open.text(), /^step 1 {2}[\d.]+ steps\/s {2}D 1\.000/);
  assert.doesNotMatch(open.text(), /ETA/);
});

test('on a terminal: one line redrawn in place (carriage return, erase to the end), closed by a newline', async () => {
  const out = recorder(true);
  await drive(progressLogger({ every: 1000, stream: out }), 0, 3, 3);
  const text = out.text();
  assert.ok(text.startsWith('\rstep '), JSON.stringify(text.slice(0, 20)));
  assert.equal(text.split('\n').length, 2, 'one newline, at the end');
  assert.ok(text.endsWith('\u001b[K\n'));
  assert.match(text, /\rstep 3\/3 {2}[^\r]*\u001b\[K\n$/, 'the last step is always drawn');
});

test('formatDuration and bad options', () => {
  assert.deepEqual([formatDuration(45), formatDuration(185), formatDuration(3720), formatDuration(Number.NaN)], ['45s', '3m05s', '1h02m', '?']);
  assert.throws(() => progressLogger({ every: 0 }), /every must be an integer ≥ 1, got 0/);
});

test('on a real fit: the lines of steps 2 and 3 of a 3-step fit with every 2', async () => {
  await useCpu();
  const { samples } = ring8({ count: 64, seed: 0 });
  const gan = new MLPGAN({ sampleShape: [2], latentDim: 2, generatorUnits: [4], discriminatorUnits: [4], outputActivation: 'linear', seed: 1 });
  const trainer = new AdversarialTrainer(gan, { seed: 1 });
  const out = recorder(false);
  await trainer.fit(samples, { steps: 3, batchSize: 16, callbacks: progressLogger({ every: 2, stream: out }) });
  assert.deepEqual(out.text().split('\n').filter((l) => l !== '').map((l) => l.split('  ')[0]), ['step 2/3', 'step 3/3']);
  assert.match(out.text(), /D [\d.]+ {2}G [\d.]+ {2}D\(x\) [\d.]+ {2}D\(G\(z\)\) [\d.]+/);
  gan.generator.dispose();
  gan.discriminator.dispose();
  trainer.dispose();
  tf.dispose(samples);
});
