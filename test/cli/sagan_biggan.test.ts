// End-to-end: `gan-kit train --model sagan|biggan` on the embedded image data (emoji in colour, MNIST padded to
// 32×32), with their papers' recipes, and `sample --truncation` on the class-conditional BigGAN run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, assertUsageError, png, readNpy, run } from './cli_helpers.js';

let work = '';

before(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-sagan-biggan-'));
});

after(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

const tiny = ['--width', '8', '--steps', '2', '--batch-size', '8', '--sample-every', '2', '--checkpoint-every', '2', '--seed', '1'];
const config = (dir: string) => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;

test('--data emoji --model sagan: 32×32 colour, the hinge recipe with latent size 128, samples of shape [n, 32, 32, 3]', () => {
  const out = join(work, 'sagan');
  const r = run('train', '--data', 'emoji', '--model', 'sagan', ...tiny, '--out', out);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual([config(out)['model'], config(out)['loss'], config(out)['latentDim'], config(out)['width']], ['sagan', 'hinge', 128, 8]);
  const npy = join(work, 'sagan.npy');
  assert.equal(run('sample', '--run', out, '--count', '3', '--seed', '1', '--out', npy).code, 0);
  assert.deepEqual(readNpy(npy).shape, [3, 32, 32, 3]);
});

test('--data mnist --model biggan --conditional: padded to 32, projection D and CBN G, EMA 0.999; sample --truncation by digit', () => {
  const out = join(work, 'biggan');
  const r = run('train', '--data', 'mnist', '--model', 'biggan', '--conditional', ...tiny, '--out', out);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /orthogonal/, 'the orthogonal regularizer of G is logged');
  const c = config(out);
  assert.deepEqual([c['model'], c['loss'], c['latentDim'], c['imageSize'], c['ema']], ['biggan', 'hinge', 128, 32, 0.999]);
  assert.deepEqual(c['conditioning'], { classes: 10, discriminator: 'projection', generator: 'conditional-batchnorm' });
  const npy = join(work, 'digits.npy');
  const s = run('sample', '--run', out, '--labels', '0-9', '--count', '20', '--truncation', '0.5', '--seed', '1', '--out', npy);
  assert.equal(s.code, 0, s.stderr + s.stdout);
  assert.match(s.stdout, /wrote 20 samples of classes 0,1,2,3,4,5,6,7,8,9 in turn \(latents truncated to ±0\.5\)/);
  const { shape, values } = readNpy(npy);
  assert.deepEqual(shape, [20, 32, 32, 1]);
  assert.ok(values.every((v) => v >= -1 && v <= 1), 'tanh output in [−1, 1]');
  assert.deepEqual([...readNpy(join(work, 'digits.labels.npy')).values], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const pic = join(work, 'digits.png');
  assert.equal(run('sample', '--run', out, '--labels', '0-9', '--count', '20', '--truncation', '0.5', '--out', pic).code, 0);
  assert.ok(png(pic).width > 0);
});

test('bad combinations: biggan without --conditional, --width on an MLP; one line, exit code 2, no run folder', () => {
  const cases: [string[], RegExp, string][] = [
    [['train', '--data', 'mnist', '--model', 'biggan', '--steps', '2'], /--model biggan is class-conditional: add --conditional/, 'n1'],
    [['train', '--data', 'ring8', '--width', '8', '--steps', '2'], /--width 8 sets the channels of an image model, but the run's model is 'mlp'/, 'n2'],
  ];
  for (const [args, message, name] of cases) {
    assertUsageError([...args, '--out', join(work, name)], message);
    assert.ok(!existsSync(join(work, name)), `${name} was created`);
  }
});
