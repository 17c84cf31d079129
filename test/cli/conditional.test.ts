// End-to-end: `gan-kit train --conditional` and `gan-kit sample --labels` with the built command (dist/cli.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, assertUsageError, gifFrames, npyShape, png, readNpy, run } from './cli_helpers.js';

let work = '';
/** A conditional DCGAN trained 4 steps on MNIST, shared by the tests (made by the first). */
let trained = '';
const small = ['--batch-size', '8', '--sample-every', '2', '--checkpoint-every', '2', '--seed', '3'];

before(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-cli-conditional-'));
  trained = join(work, 'cgan');
});

after(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

/** The largest |a − b| of two equally long arrays. */
function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Writes `gan-kit sample --run trained ...args --out name` and returns the path. */
function sampleTo(name: string, ...args: string[]): string {
  const path = join(work, name);
  const r = run('sample', '--run', trained, ...args, '--out', path);
  assert.equal(r.code, 0, r.stderr);
  return path;
}

test('train --conditional records the conditioning and draws one row per class', () => {
  const r = run('train', '--data', 'mnist', '--model', 'dcgan', '--conditional', '--steps', '4', '--out', trained, ...small);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /finished at step 4\/4/);
  const config = JSON.parse(readFileSync(join(trained, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(config['conditioning'], { classes: 10, discriminator: 'projection', generator: 'concat' });
  assert.deepEqual(readdirSync(join(trained, 'samples')), ['step-000000000.png', 'step-000000002.png', 'step-000000004.png']);
  // 10 rows (one per digit) of 8 samples, each 28 px drawn at scale 3 (at least 64 px) with 2 px between and around,
  // and the step label below (7-px font at scale 2, 4 px above and below): width 8·84 + 9·2 = 690, height
  // 10·84 + 11·2 + 22 = 884.
  const grid = png(join(trained, 'samples', 'step-000000004.png'));
  assert.deepEqual([grid.width, grid.height], [690, 884]);
  assert.equal(gifFrames(join(trained, 'evolution.gif')), 3);

  const text = run('info', '--run', trained);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /classes {4}10, conditional: D projection, G concat/);
  const summary = JSON.parse(run('info', '--run', trained, '--json').stdout) as { config: { conditioning: unknown } };
  assert.deepEqual(summary.config.conditioning, config['conditioning']);
});

test('sample --labels cycles through the classes, writes FILE.labels.npy and conditions each sample on its label', () => {
  const npy = sampleTo('digits.npy', '--labels', '1,4,7', '--count', '5', '--seed', '2');
  assert.deepEqual(npyShape(npy), [5, 28, 28, 1]);
  const labels = readNpy(join(work, 'digits.labels.npy'));
  assert.equal(labels.descr, '<i4');
  assert.deepEqual(labels.shape, [5]);
  assert.deepEqual([...labels.values], [1, 4, 7, 1, 4]);

  const again = sampleTo('again.npy', '--labels', '1,4,7', '--count', '5', '--seed', '2');
  assert.deepEqual(readFileSync(again), readFileSync(npy), '--seed repeats the samples');
  assert.deepEqual(readFileSync(join(work, 'again.labels.npy')), readFileSync(join(work, 'digits.labels.npy')));

  // The same seed gives the same five latents. In inference mode the samples do not see each other: the 3rd has
  // label 7 in both files and is the same; the others differ in label only, and so in the image.
  const sevens = readNpy(sampleTo('sevens.npy', '--labels', '7', '--count', '5', '--seed', '2')).values;
  const mixed = readNpy(npy).values;
  const size = 28 * 28;
  for (let i = 0; i < 5; i++) {
    const d = maxAbsDifference(sevens.subarray(i * size, (i + 1) * size), mixed.subarray(i * size, (i + 1) * size));
    if (i === 2) assert.ok(d <= 1e-6, `same latent and label: max difference ${d}`);
    else assert.ok(d > 1e-5 && d < 0.5, `label ${labels.values[i]} vs 7 on the same latent: max difference ${d}`);
  }

  sampleTo('all.npy', '--count', '12');
  assert.deepEqual([...readNpy(join(work, 'all.labels.npy')).values], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], 'no --labels: all classes in turn');
  sampleTo('range.npy', '--labels', '0-2,7', '--count', '6');
  assert.deepEqual([...readNpy(join(work, 'range.labels.npy')).values], [0, 1, 2, 7, 0, 1]);
});

test('sample --labels to .png (one column per class) and .json (with the labels); evaluate scores a conditional run', () => {
  // 6 samples of 3 classes: 3 columns × 2 rows of 28 px at scale 3 with 2 px padding, and the step label:
  // 3·84 + 4·2 = 260 by 2·84 + 3·2 + 22 = 196.
  const grid = png(sampleTo('grid.png', '--labels', '1,4,7', '--count', '6'));
  assert.deepEqual([grid.width, grid.height], [260, 196]);
  const json = JSON.parse(readFileSync(sampleTo('grid.json', '--labels', '2-3', '--count', '3'), 'utf8')) as { step: number; shape: number[]; labels: number[]; samples: unknown[] };
  assert.deepEqual([json.step, json.shape, json.labels, json.samples.length], [4, [3, 28, 28, 1], [2, 3, 2], 3]);
  assert.ok(!existsSync(join(work, 'grid.labels.npy')), 'a labels file only beside .npy samples');

  const scored = run('evaluate', '--run', trained, '--count', '100', '--json');
  assert.equal(scored.code, 0, scored.stderr);
  const report = JSON.parse(scored.stdout) as Record<string, number>;
  assert.equal(report['samples'], 100);
  for (const key of ['fid', 'kid', 'precision', 'recall', 'inceptionScore', 'classesCovered']) assert.ok(Number.isFinite(report[key]), key);
});

test('--resume continues a conditional run as if it had not stopped', () => {
  const split = join(work, 'split');
  assert.equal(run('train', '--data', 'mnist', '--conditional', '--steps', '2', '--out', split, ...small).code, 0);
  const early = join(work, 'early.npy');
  assert.equal(run('sample', '--run', split, '--labels', '0-9', '--count', '10', '--seed', '5', '--out', early).code, 0);
  const resumed = run('train', '--resume', '--conditional', '--d-conditioning', 'projection', '--steps', '4', '--out', split);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /resumed from step 2/);
  const steps = readFileSync(join(split, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
  assert.deepEqual(steps, [0, 1, 2, 3]);
  const config = JSON.parse(readFileSync(join(split, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(config['conditioning'], { classes: 10, discriminator: 'projection', generator: 'concat' });

  // The uninterrupted run (`trained`, same flags) and the resumed one draw the same samples.
  const whole = readNpy(sampleTo('whole.npy', '--labels', '0-9', '--count', '10', '--seed', '5')).values;
  const path = join(work, 'resumed.npy');
  assert.equal(run('sample', '--run', split, '--labels', '0-9', '--count', '10', '--seed', '5', '--out', path).code, 0);
  assert.ok(maxAbsDifference(readNpy(path).values, whole) <= 1e-5, 'resumed = uninterrupted');
  assert.ok(maxAbsDifference(readNpy(early).values, whole) > 1e-5, 'the last two steps changed the generator');
});

test('gradient penalties work with --conditional: --r1 and --loss wgan-gp differentiate D(x, y) with the batch\'s labels', () => {
  for (const [name, extra, penalty] of [['r1', ['--r1', '1'], 'r1'], ['gp', ['--loss', 'wgan-gp', '--d-steps', '1'], 'gradient-penalty']] as const) {
    const out = join(work, `penalized-${name}`);
    const r = run('train', '--data', 'mnist', '--model', 'mlp', '--conditional', ...extra, '--g-units', '16', '--d-units', '16', '--steps', '2', '--out', out, ...small);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const logs = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { penalties: Record<string, number> });
    assert.equal(logs.length, 2);
    for (const l of logs) assert.ok(l.penalties[penalty]! > 0, `${name}: ${JSON.stringify(l)}`);
  }
});

test('bad conditional input: one line naming the flag, exit code 2, nothing created', () => {
  const plain = join(work, 'plain');
  assert.equal(run('train', '--data', 'ring8', '--steps', '1', '--out', plain).code, 0);
  const badConfig = join(work, 'one-class.json');
  writeFileSync(badConfig, JSON.stringify({ conditioning: { classes: 1 } }));
  const cases: [string[], RegExp][] = [
    [['train', '--data', 'ring8', '--conditional', '--out', join(work, 'c1')], /--conditional needs class labels, but --data 'ring8' has none/],
    [['train', '--data', 'mnist', '--d-conditioning', 'acgan', '--out', join(work, 'c2')], /--d-conditioning 'acgan' needs --conditional/],
    [['train', '--data', 'mnist', '--conditional', '--g-conditioning', 'film', '--out', join(work, 'c3')], /argument 'film' is invalid.*conditional-batchnorm, concat/],
    [['train', '--data', 'mnist', '--config', badConfig, '--out', join(work, 'c5')], /'conditioning'\.classes must be an integer ≥ 2/],
    [['train', '--resume', '--conditional', '--out', plain], /--conditional: the run in '.*plain' was trained without --conditional/],
    [['train', '--resume', '--g-conditioning', 'conditional-batchnorm', '--out', trained], /--g-conditioning 'conditional-batchnorm' differs from the run's 'concat'/],
    [['sample', '--run', plain, '--labels', '3', '--out', join(work, 'c6.npy')], /--labels '3': the run in '.*plain' is not conditional/],
    [['sample', '--run', trained, '--labels', '10', '--out', join(work, 'c7.npy')], /--labels '10' names class 10, but the run has 10 classes: give classes in 0-9/],
    [['sample', '--run', trained, '--labels', '0-12', '--out', join(work, 'c8.png')], /--labels '0-12' names class 12/],
    [['sample', '--run', trained, '--labels', 'seven', '--out', join(work, 'c9.json')], /--labels 'seven' is not a list of classes: give a class \(3\), a range \(0-9\)/],
  ];
  const before = readFileSync(join(trained, 'config.json'));
  for (const [args, message] of cases) assertUsageError(args, message);
  const created = readdirSync(work).filter((f) => /^c\d+/.test(f));
  assert.deepEqual(created, [], 'nothing created');
  assert.deepEqual(readFileSync(join(trained, 'config.json')), before);
});
