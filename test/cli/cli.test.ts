// End-to-end: the built `gan-kit` command (dist/cli.js, built by `npm test`) run as a user runs it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, assertUsageError, gifFrames, npyShape, png, run } from './cli_helpers.js';

let work = '';

before(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-cli-'));
});

after(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

for (const [data, extra] of [['ring8', []], ['grid25', ['--batch-size', '32']], ['mnist', ['--batch-size', '8']]] as const) {
  test(`train on ${data} writes config, checkpoints, samples, GIF, loss curves and metrics; sample writes each format`, () => {
    const out = join(work, data);
    const r = run('train', '--data', data, '--steps', '4', '--sample-every', '2', '--checkpoint-every', '2', '--seed', '3', '--out', out, ...extra);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /finished at step 4\/4/);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(config['data'], data);
    assert.equal(config['steps'], 4);
    // Each data set's default recipe: ring8 and grid25 the non-saturating loss + R1, images the plain loss.
    assert.equal(config['loss'], 'non-saturating');
    assert.equal(config['r1'], data === 'mnist' ? undefined : 1);
    assert.equal(config['gradientPenaltyWeight'], undefined);
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number });
    assert.deepEqual(metrics.map((m) => m.step), [0, 1, 2, 3]);
    assert.deepEqual(readdirSync(join(out, 'samples')), ['step-000000000.png', 'step-000000002.png', 'step-000000004.png']);
    const grid = png(join(out, 'samples', 'step-000000004.png'));
    assert.ok(grid.width > 28 && grid.height > 28);
    assert.equal(gifFrames(join(out, 'evolution.gif')), 3);
    assert.ok(png(join(out, 'losses.png')).width >= 160);
    assert.deepEqual(readdirSync(join(out, 'checkpoints')), ['ckpt-000000002', 'ckpt-000000004']);

    const npy = join(work, `${data}.npy`);
    assert.equal(run('sample', '--run', out, '--count', '5', '--seed', '1', '--out', npy).code, 0);
    assert.deepEqual(npyShape(npy), data === 'mnist' ? [5, 28, 28, 1] : [5, 2]);
    assert.ok(!existsSync(join(work, `${data}.labels.npy`)), 'no labels file for an unconditional run');
    const again = join(work, `${data}-again.npy`);
    run('sample', '--run', out, '--count', '5', '--seed', '1', '--out', again);
    assert.deepEqual(readFileSync(again), readFileSync(npy), '--seed repeats the samples');
    const pic = join(work, `${data}.png`);
    assert.equal(run('sample', '--run', out, '--count', '4', '--out', pic).code, 0);
    assert.ok(png(pic).width > 0);
    const json = join(work, `${data}.json`);
    assert.equal(run('sample', '--run', out, '--count', '3', '--out', json).code, 0);
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as { step: number; shape: number[]; samples: unknown[] };
    assert.equal(parsed.step, 4);
    assert.equal(parsed.samples.length, 3);
    const walk = join(work, `${data}-walk.npy`);
    assert.equal(run('sample', '--run', out, '--count', '6', '--interpolate', '--out', walk).code, 0);
    assert.equal(npyShape(walk)[0], 6);
    if (data !== 'grid25') {
      const scored = run('evaluate', '--run', out, '--count', '200', '--json');
      assert.equal(scored.code, 0, scored.stderr);
      const report = JSON.parse(scored.stdout) as Record<string, number>;
      assert.equal(report['step'], 4);
      assert.equal(report['samples'], 200);
      if (data === 'mnist') {
        for (const key of ['fid', 'kid', 'precision', 'recall', 'inceptionScore', 'classesCovered']) assert.ok(Number.isFinite(report[key]), key);
        assert.ok(report['fid']! > 0, 'an untrained generator is far from the data');
        const again = JSON.parse(run('evaluate', '--run', out, '--count', '200', '--json').stdout) as Record<string, number>;
        assert.equal(again['fid'], report['fid'], 'the same --seed scores the same real and generated samples');
      } else {
        assert.equal(report['modes'], 8);
        assert.ok(report['modesCaptured']! >= 0 && report['modesCaptured']! <= 8);
      }
    }
    const infoOut = run('info', '--run', out, '--json');
    assert.equal(infoOut.code, 0);
    assert.equal((JSON.parse(infoOut.stdout) as { step: number }).step, 4);
  });
}

test('--resume continues the run in --out until the new --steps total', () => {
  const out = join(work, 'resume');
  assert.equal(run('train', '--data', 'ring8', '--steps', '3', '--checkpoint-every', '100', '--out', out).code, 0);
  const r = run('train', '--resume', '--steps', '5', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /resumed from step 3/);
  const steps = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
  assert.deepEqual(steps, [0, 1, 2, 3, 4]);
  assert.equal(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).steps, 5);
  const done = run('train', '--resume', '--steps', '5', '--out', out);
  assert.equal(done.code, 0);
  assert.match(done.stdout, /nothing to do/);
});

test('--r1 and --lr-decay-from: kept in config.json, the R1 penalty logged each step, shown by info, fixed on resume', () => {
  const out = join(work, 'r1-decay');
  const r = run('train', '--data', 'ring8', '--steps', '4', '--r1', '0.5', '--lr-decay-from', '0.25', '--checkpoint-every', '2', '--out', out);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(config['r1'], 0.5);
  assert.equal(config['learningRateDecayFrom'], 0.25);
  const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { penalties: Record<string, number> });
  assert.equal(metrics.length, 4);
  for (const m of metrics) assert.ok(Number.isFinite(m.penalties['r1']) && m.penalties['r1']! >= 0, JSON.stringify(m.penalties));
  assert.match(run('info', '--run', out).stdout, /R1 γ 0\.5 {2}lr → 0 after 25% of the steps/);
  assertUsageError(['train', '--resume', '--r1', '2', '--out', out], /--r1 '2' differs from the run's '0\.5'/);
  assertUsageError(['train', '--data', 'ring8', '--lr-decay-from', '1', '--out', join(work, 'n11')], /--lr-decay-from must be a fraction in \[0, 1\), got '1'/);
  assertUsageError(['train', '--data', 'ring8', '--r1', '0', '--out', join(work, 'n12')], /--r1 must be a number > 0, got '0'/);
  assert.ok(!existsSync(join(work, 'n11')) && !existsSync(join(work, 'n12')));
});

test('--r1-final: γ anneals geometrically over the decay span, the checkpoint holds the annealed γ, info shows it, fixed on resume', () => {
  const out = join(work, 'r1-final');
  const r = run('train', '--data', 'ring8', '--steps', '4', '--r1', '2', '--r1-final', '0.5', '--lr-decay-from', '0.5', '--checkpoint-every', '2', '--out', out);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(config['r1'], 2);
  assert.equal(config['r1Final'], 0.5);
  // After step s of T = 4: p = clamp((s/4 − 0.5)/0.5) → γ = 2·0.25^p: step 2 → 2 (p = 0), step 4 → 0.5 (p = 1).
  const gamma = (step: string) => (JSON.parse(readFileSync(join(out, 'checkpoints', `ckpt-00000000${step}`, 'trainer.json'), 'utf8')) as { configuration: { regularizers: { name: string; weight: number }[] } }).configuration.regularizers[0]!;
  assert.deepEqual(gamma('2'), { name: 'r1', role: 'discriminator', weight: 2, every: 1 });
  assert.ok(Math.abs(gamma('4').weight - 0.5) < 1e-12, `γ at the last step ${gamma('4').weight}, expected 0.5`);
  assert.match(run('info', '--run', out).stdout, /R1 γ 2 {2}→ 0\.5 {2}lr → 0 after 50% of the steps/);
  assertUsageError(['train', '--resume', '--r1-final', '0.1', '--out', out], /--r1-final '0\.1' differs from the run's '0\.5'/);
  assertUsageError(['train', '--data', 'mnist', '--r1-final', '0.1', '--out', join(work, 'n13')], /'r1Final' \(the R1 weight at the last step\) needs 'r1'.*add --r1, or drop --r1-final/);
  assertUsageError(['train', '--data', 'ring8', '--r1-final', '-1', '--out', join(work, 'n14')], /--r1-final must be a number > 0, got '-1'/);
  assert.ok(!existsSync(join(work, 'n13')) && !existsSync(join(work, 'n14')));
});

test('--g-units / --d-units: the MLP layers of the run, in config.json, the checkpoint and info; fixed on resume', () => {
  const out = join(work, 'units');
  const r = run('train', '--data', 'ring8', '--steps', '2', '--batch-size', '16', '--g-units', '16,8', '--d-units', '12, 12,12', '--checkpoint-every', '2', '--out', out);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([config['generatorUnits'], config['discriminatorUnits']], [[16, 8], [12, 12, 12]]);
  // The saved models' dense layers: the hidden units asked for, then the 2-D output / the logit.
  const denseUnits = (net: string): number[] => {
    const units: number[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        const { class_name: className, config } = node as { class_name?: unknown; config?: { units?: number } };
        if (className === 'Dense') units.push(config!.units!);
        else Object.values(node).forEach(walk);
      }
    };
    walk((JSON.parse(readFileSync(join(out, 'checkpoints', 'ckpt-000000002', net, 'model.json'), 'utf8')) as { modelTopology: unknown }).modelTopology);
    return units;
  };
  assert.deepEqual(denseUnits('generator'), [16, 8, 2]);
  assert.deepEqual(denseUnits('discriminator'), [12, 12, 12, 1]);
  assert.match(run('info', '--run', out).stdout, /latent 8 {2}G units 16,8 {2}D units 12,12,12/);
  const resumed = run('train', '--resume', '--steps', '3', '--d-units', '12,12,12', '--out', out);
  assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
  assertUsageError(['train', '--resume', '--d-units', '12,12', '--out', out], /--d-units '12,12' differs from the run's '12,12,12': a resumed run keeps its configuration/);
  assertUsageError(['train', '--resume', '--g-units', '16', '--out', out], /--g-units '16' differs from the run's '16,8'/);
  assertUsageError(['train', '--data', 'ring8', '--g-units', '16,0', '--out', join(work, 'n15')], /--g-units must be a comma-separated list of positive integers .* got '16,0'/);
  assertUsageError(['train', '--data', 'mnist', '--model', 'dcgan', '--d-units', '64', '--out', join(work, 'n16')], /'discriminatorUnits' sets the layers of the MLP discriminator, but the run's model is 'dcgan': use --model mlp, or drop --d-units/);
  for (const n of ['n15', 'n16']) assert.ok(!existsSync(join(work, n)), `${n} was created`);
});

test('grid25 --loss wgan-gp: config.json holds the tuned WGAN-GP recipe, the penalty is logged, info prints it, resume keeps it', () => {
  const out = join(work, 'grid25-recipe');
  const r = run('train', '--data', 'grid25', '--loss', 'wgan-gp', '--steps', '3', '--batch-size', '16', '--checkpoint-every', '2', '--out', out);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(
    ['loss', 'gradientPenaltyWeight', 'discriminatorSteps', 'learningRate', 'beta1', 'beta2', 'learningRateDecayFrom', 'latentDim', 'model'].map((k) => config[k]),
    ['wgan-gp', 0.1, 5, 0.001, 0.5, 0.9, 0.5, 8, 'mlp'],
  );
  const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { penalties: Record<string, number> });
  assert.equal(metrics.length, 3);
  for (const m of metrics) assert.ok(Number.isFinite(m.penalties['gradient-penalty']) && m.penalties['gradient-penalty']! >= 0, JSON.stringify(m.penalties));
  const shown = run('info', '--run', out).stdout;
  assert.match(shown, /loss wgan-gp/);
  assert.match(shown, /lr 0\.001 {2}Adam β₁ 0\.5 {2}Adam β₂ 0\.9 {2}k 5 {2}GP λ 0\.1 {2}lr → 0 after 50% of the steps/);
  const resumed = run('train', '--resume', '--steps', '4', '--gp-weight', '0.1', '--out', out);
  assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
  assert.match(resumed.stdout, /resumed from step 3/);
  assertUsageError(['train', '--resume', '--gp-weight', '1', '--out', out], /--gp-weight '1' differs from the run's '0\.1': a resumed run keeps its configuration/);
  assertUsageError(['train', '--resume', '--beta2', '0.999', '--out', out], /--beta2 '0\.999' differs from the run's '0\.9'/);
  assertUsageError(['train', '--data', 'grid25', '--gp-weight', '-1', '--out', join(work, 'n13')], /--gp-weight must be a number > 0, got '-1'/);
  assertUsageError(['train', '--data', 'grid25', '--beta1', '1', '--out', join(work, 'n14')], /--beta1 must be a fraction in \[0, 1\), got '1'/);
  for (const n of ['n13', 'n14']) assert.ok(!existsSync(join(work, n)), `${n} was created`);
});

test('bad input: one line naming the problem, exit code 2, nothing overwritten', () => {
  const existing = join(work, 'existing');
  assert.equal(run('train', '--data', 'ring8', '--steps', '1', '--out', existing).code, 0);
  const configBefore = readFileSync(join(existing, 'config.json'));
  const mtimeBefore = statSync(join(existing, 'config.json')).mtimeMs;
  const bad = join(work, 'bad.json');
  writeFileSync(bad, '{ "steps": 3, ');
  const notRun = join(work, 'not-a-run');
  mkdirSync(notRun);
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['train', '--data', 'imagenet', '--out', join(work, 'n1')], /--data 'imagenet' is neither an embedded data set \(mnist, emoji, ring8, grid25, mnist-strokes, mnist-edges\) nor an existing file or folder/],
    [['train', '--data', 'ring8', '--model', 'resnet', '--out', join(work, 'n2')], /argument 'resnet' is invalid.*mlp, dcgan/],
    [['train', '--data', 'ring8', '--loss', 'magic', '--out', join(work, 'n3')], /argument 'magic' is invalid/],
    [['train', '--data', 'ring8', '--frobs', '3', '--out', join(work, 'n4')], /unknown option '--frobs'/],
    [['train', '--data', 'ring8', '--steps', 'ten', '--out', join(work, 'n5')], /--steps must be an integer ≥ 1, got 'ten'/],
    [['train', '--data', 'ring8', '--batch-size', '-4', '--out', join(work, 'n6')], /--batch-size must be an integer ≥ 1, got '-4'/],
    [['train', '--data', 'ring8', '--config', join(work, 'missing.json'), '--out', join(work, 'n7')], /--config '.*missing\.json' cannot be read/],
    [['train', '--data', 'ring8', '--config', bad, '--out', join(work, 'n8')], /--config '.*bad\.json' is not valid JSON/],
    [['train', '--data', 'ring8', '--model', 'dcgan', '--out', join(work, 'n9')], /--model dcgan needs images/],
    [['train', '--data', 'ring8', '--steps', '2', '--out', existing], /--out '.*existing' holds another run: pass --resume/],
    [['train', '--resume', '--loss', 'hinge', '--out', existing], /--loss 'hinge' differs from the run's 'non-saturating'/],
    [['sample', '--run', notRun, '--out', join(work, 'x.npy')], /--run '.*not-a-run' holds no gan-kit run/],
    [['sample', '--run', existing, '--out', join(work, 'x.bmp')], /--out '.*x\.bmp' must end in \.npy, \.png, \.json/],
    [['train', '--out', join(work, 'n10')], /--data is required/],
  ];
  for (const [args, message] of cases) assertUsageError(args, message);
  for (const n of ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n10']) assert.ok(!existsSync(join(work, n)), `${n} was created`);
  assert.deepEqual(readFileSync(join(existing, 'config.json')), configBefore);
  assert.equal(statSync(join(existing, 'config.json')).mtimeMs, mtimeBefore);
});

test('--help works for every subcommand', () => {
  for (const sub of [[], ['train'], ['sample'], ['info'], ['evaluate'], ['translate']]) {
    const r = run(...sub, '--help');
    assert.equal(r.code, 0, sub.join(' '));
    assert.match(r.stdout, /Usage: gan-kit/);
  }
});
