// End-to-end: `gan-kit train --model stylegan2` (MNIST padded to 32×32, lazy R1 and path length on step 0 only) and
// `gan-kit sample --truncation ψ / --style-mix` on its run, with the errors for values and runs they do not fit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, assertUsageError, png, readNpy, run } from './cli_helpers.js';

let work = '';
let stylegan = '';
let mlp = '';

before(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-cli-stylegan2-'));
  stylegan = join(work, 'stylegan2');
  const r = run('train', '--data', 'mnist', '--model', 'stylegan2', '--steps', '2', '--batch-size', '2', '--latent-dim', '8', '--subset', '16',
    '--sample-every', '2', '--checkpoint-every', '2', '--seed', '1', '--out', stylegan);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  mlp = join(work, 'mlp');
  assert.equal(run('train', '--data', 'ring8', '--steps', '1', '--out', mlp).code, 0);
});

after(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

/** The images of a .npy file, one array of values per image. */
function images(path: string): number[][] {
  const { shape, values } = readNpy(path);
  const size = values.length / shape[0]!;
  return Array.from({ length: shape[0]! }, (_, i) => Array.from(values.subarray(i * size, (i + 1) * size)));
}

test('train --model stylegan2: StyleGAN2\'s defaults in config.json, images padded to 32×32, R1 and path length on step 0 only', () => {
  const config = JSON.parse(readFileSync(join(stylegan, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([config['model'], config['loss'], config['r1'], config['latentDim']], ['stylegan2', 'non-saturating', 0.01, 8]);
  const metrics = readFileSync(join(stylegan, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; penalties: Record<string, number> });
  assert.deepEqual(metrics.map((m) => Object.keys(m.penalties).sort()), [['path-length', 'r1'], []]);
  const out = join(work, 'plain.npy');
  assert.equal(run('sample', '--run', stylegan, '--count', '3', '--seed', '4', '--out', out).code, 0);
  assert.deepEqual(readNpy(out).shape, [3, 32, 32, 1]);
});

test('sample --truncation: ψ = 0 draws the average image for every latent, ψ = 1 the untruncated samples', () => {
  const [average, one, plain] = ['average.npy', 'one.npy', 'untruncated.npy'].map((f) => join(work, f)) as [string, string, string];
  const r = run('sample', '--run', stylegan, '--count', '3', '--seed', '4', '--truncation', '0', '--out', average);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote 3 samples truncated with ψ = 0 of step 2/);
  const [first, ...rest] = images(average);
  for (const other of rest) assert.deepEqual(other, first, 'ψ = 0: every sample is the image of w̄');
  assert.equal(run('sample', '--run', stylegan, '--count', '3', '--seed', '4', '--truncation', '1', '--out', one).code, 0);
  assert.equal(run('sample', '--run', stylegan, '--count', '3', '--seed', '4', '--out', plain).code, 0);
  assert.deepEqual(readFileSync(one), readFileSync(plain), 'ψ = 1 is no truncation');
  assert.notDeepEqual(images(plain)[0], images(plain)[1], 'untruncated samples differ');
});

test('sample --style-mix: a count × count grid, rows sharing coarse styles, columns fine ones; ψ = 0 makes every cell alike', () => {
  const grid = join(work, 'mix.npy');
  const r = run('sample', '--run', stylegan, '--count', '2', '--seed', '4', '--style-mix', '--out', grid);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote 4 style-mixed \(2×2\) samples of step 2/);
  const cells = images(grid);
  assert.equal(cells.length, 4);
  assert.notDeepEqual(cells[0], cells[1], 'one row, two columns: different fine styles');
  assert.notDeepEqual(cells[0], cells[2], 'one column, two rows: different coarse styles');
  const average = join(work, 'mix-average.npy');
  assert.equal(run('sample', '--run', stylegan, '--count', '2', '--style-mix', '--truncation', '0', '--out', average).code, 0);
  const [first, ...rest] = images(average);
  for (const other of rest) assert.deepEqual(other, first);
  const picture = join(work, 'mix.png');
  assert.equal(run('sample', '--run', stylegan, '--count', '3', '--style-mix', '--out', picture).code, 0);
  assert.ok(png(picture).width >= 3 * 32, 'three columns of 32×32 images');
});

test('bad StyleGAN2 input: one line naming the flag, the value and what to do', () => {
  const out = join(work, 'x.npy');
  const cases: [string[], RegExp][] = [
    [['sample', '--run', stylegan, '--truncation', '1.5', '--out', out], /--truncation must be ψ in \[0, 1\].*got '1\.5'/],
    [['sample', '--run', stylegan, '--truncation', 'strong', '--out', out], /--truncation must be ψ in \[0, 1\].*got 'strong'/],
    [['sample', '--run', mlp, '--style-mix', '--out', out], /--style-mix acts on StyleGAN2's style space W, but the run in '.*mlp' was trained with --model mlp: drop --style-mix, or train with --model stylegan2/],
    [['sample', '--run', mlp, '--style-mix', '--out', out], /--style-mix acts on StyleGAN2's style space W, but the run in '.*mlp' was trained with --model mlp: drop --style-mix/],
    [['sample', '--run', stylegan, '--style-mix', '--interpolate', '--out', out], /--style-mix draws a grid and --interpolate a latent walk: give one of them/],
    [['train', '--data', 'ring8', '--model', 'stylegan2', '--out', join(work, 'n1')], /--model stylegan2 needs images/],
    [['train', '--data', 'mnist', '--model', 'stylegan2', '--loss', 'wasserstein', '--subset', '64', '--out', join(work, 'n2')], /--loss wasserstein brings its own optimizers or critic steps, which --model stylegan2 does not use: choose one of non-saturating/],
    [['train', '--data', 'mnist', '--model', 'stylegan2', '--d-steps', '2', '--subset', '64', '--out', join(work, 'n3')], /--d-steps 2 sets critic steps per generator step, which --model stylegan2 does not use/],
    [['train', '--data', 'mnist', '--model', 'stylegan2', '--conditional', '--subset', '64', '--out', join(work, 'n4')], /--model stylegan2 is unconditional: drop --conditional/],
  ];
  for (const [args, message] of cases) assertUsageError(args, message);
});
