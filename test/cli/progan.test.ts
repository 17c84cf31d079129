// End-to-end: `gan-kit train --model progan` growing from 4×4 within a few steps (--images-per-phase 2 at batch 2:
// 8×8 fades in at step 1), sampled at the data's 32×32 after a growth, resumed across a growth, and its bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, assertUsageError, readNpy, run } from './cli_helpers.js';

let work = '';

before(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-cli-progan-'));
});

after(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

test('train --model progan: the schedule in config.json, samples at 32×32 after a growth, --resume continues across growths', () => {
  const out = join(work, 'progan');
  const r = run('train', '--data', 'mnist', '--model', 'progan', '--steps', '3', '--batch-size', '2', '--images-per-phase', '2', '--latent-dim', '8',
    '--subset', '16', '--sample-every', '3', '--checkpoint-every', '3', '--seed', '1', '--out', out);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([config['model'], config['imagesPerPhase'], config['loss']], ['progan', 2, 'non-saturating']);
  const samples = join(work, 'progan.npy');
  assert.equal(run('sample', '--run', out, '--count', '3', '--seed', '2', '--out', samples).code, 0);
  assert.deepEqual(readNpy(samples).shape, [3, 32, 32, 1], 'the 8×8 stage of step 3, up-sampled to the data\'s side');
  // Steps 3–6 grow to 16×16 (fade-in from step 3) and 32×32 (from step 5) after the restore at 8×8.
  const resumed = run('train', '--resume', '--steps', '7', '--out', out);
  assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
  const steps = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
  assert.deepEqual(steps, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(run('sample', '--run', out, '--count', '2', '--out', samples).code, 0);
  assert.deepEqual(readNpy(samples).shape, [2, 32, 32, 1]);
});

test('bad ProGAN input: one line naming the flag and what to do', () => {
  const cases: [string[], RegExp][] = [
    [['train', '--data', 'mnist', '--images-per-phase', '100', '--subset', '64', '--out', join(work, 'n1')], /'imagesPerPhase' sets progressive growing's schedule, but the run's model is 'dcgan': use --model progan, or drop --images-per-phase/],
    [['train', '--data', 'mnist', '--model', 'progan', '--images-per-phase', '0', '--out', join(work, 'n2')], /--images-per-phase must be an integer ≥ 1, got '0'/],
    [['train', '--data', 'mnist', '--model', 'progan', '--augment', 'ada', '--subset', '64', '--out', join(work, 'n3')], /--augment ada augments the images D sees, which --model progan does not use: drop --augment/],
  ];
  for (const [args, message] of cases) assertUsageError(args, message);
});
