// gan-kit evaluate, sample and translate on an image-to-image run: a CycleGAN trained for 2 steps on the embedded
// mnist-strokes task on the wasm backend (the same backend and threads for every command, so the pictures are
// reproducible), then the commands as a user types them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { PNG } from 'pngjs';
import { main } from '../../src/cli/main.js';
import { assertBuilt, assertUsageError, png, run } from './cli_helpers.js';

const BACKEND = ['--backend', 'wasm'];
let work = '';
let cyclegan = '';

/** Writes an opaque RGB PNG of `width × height` with a fixed pattern. */
function writePattern(path: string, width: number, height: number): void {
  const picture = new PNG({ width, height });
  for (let i = 0; i < picture.data.length; i++) picture.data[i] = i % 4 === 3 ? 255 : (i * 37) % 256;
  writeFileSync(path, PNG.sync.write(picture));
}

before(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-translate-'));
  cyclegan = join(work, 'strokes');
  const trained = run('train', '--model', 'cyclegan', '--steps', '2', '--batch-size', '2', '--sample-every', '2', '--checkpoint-every', '2', '--out', cyclegan, ...BACKEND);
  assert.equal(trained.code, 0, trained.stderr);
  mkdirSync(join(work, 'in'));
  mkdirSync(join(work, 'empty'));
  writePattern(join(work, 'in', 'square.png'), 28, 28);
  writePattern(join(work, 'in', 'wide.png'), 40, 30);
  writeFileSync(join(work, 'in', 'notes.txt'), 'not an image');
  writeFileSync(join(work, 'notes.png'), 'not an image either');
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('evaluate prints the CycleGAN task scores on the held-out digits', () => {
  const r = run('evaluate', '--run', cyclegan, '--count', '16', '--json', ...BACKEND);
  assert.equal(r.code, 0, r.stderr);
  const scores = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(scores['step'], 2);
  assert.equal(scores['images'], '16 held-out images');
  for (const key of ['a2bAccuracy', 'b2aAccuracy']) {
    const v = scores[key] as number;
    assert.ok(v >= 0 && v <= 1, `${key} ${v} is a share`);
  }
  for (const key of ['a2bStrokeArea', 'b2aStrokeArea', 'targetStrokeAreaA', 'targetStrokeAreaB']) {
    const v = scores[key] as number;
    assert.ok(v >= 0 && v <= 1, `${key} ${v} is a fraction of the pixels`);
  }
  assert.ok((scores['targetStrokeAreaB'] as number) > (scores['targetStrokeAreaA'] as number), 'domain B holds the thicker strokes');
  for (const key of ['a2bCycleError', 'b2aCycleError']) {
    const v = scores[key] as number;
    assert.ok(v > 0 && v <= 2, `${key} ${v} is a mean |difference| of values in [−1, 1]`);
  }
});

test('sample --count 8 draws the progress picture of the run\'s step: the same held-out inputs, the same networks', () => {
  const out = join(work, 'sample.png');
  const r = run('sample', '--run', cyclegan, '--count', '8', '--out', out, ...BACKEND);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote the translations of 16 held-out images by step 2/);
  const [drawn, progress] = [png(out), png(join(cyclegan, 'samples', 'step-000000002.png'))];
  assert.deepEqual([drawn.width, drawn.height], [progress.width, progress.height]);
  assert.ok(drawn.data.equals(progress.data), 'the pixels of the step-2 progress picture');
  assertUsageError(['sample', '--run', cyclegan, '--labels', '3', '--out', out], /--labels draws from a GAN's latent space, but --run '.*' is a cyclegan run, which translates images: drop --labels/);
});

test('translate: a folder into a folder (each input stretched to 28×28×1), one file b2a into a file', () => {
  const folder = join(work, 'thick');
  const r = run('translate', '--run', cyclegan, '--in', join(work, 'in'), '--out', folder, ...BACKEND);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /translated \(a2b\) 2 image\(s\) to 28×28 with step 2/);
  assert.deepEqual(readdirSync(folder), ['square.png', 'wide.png'], 'one PNG per image; notes.txt skipped');
  for (const name of ['square.png', 'wide.png']) {
    const picture = png(join(folder, name));
    assert.deepEqual([picture.width, picture.height], [28, 28], name);
  }
  const one = join(work, 'thin.png');
  const back = run('translate', '--run', cyclegan, '--in', join(folder, 'wide.png'), '--out', one, '--direction', 'b2a', ...BACKEND);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /translated \(b2a\) 1 image\(s\) to 28×28/);
  assert.deepEqual([png(one).width, png(one).height], [28, 28]);
});

/** Runs `gan-kit ...args` in this process; checks it is bad input: exit code 2 and one line on stderr matching `message`. */
async function assertRefused(args: readonly string[], message: RegExp): Promise<void> {
  const [out, err] = [new PassThrough(), new PassThrough()];
  const chunks: Buffer[] = [];
  err.on('data', (c: Buffer) => chunks.push(c));
  const code = await main(args, out as unknown as NodeJS.WriteStream, err);
  const stderr = Buffer.concat(chunks).toString('utf8');
  assert.equal(code, 2, `${args.join(' ')} → exit ${code}\n${stderr}`);
  assert.match(stderr, message, args.join(' '));
  assert.equal(stderr.trim().split('\n').length, 1, `more than one line for ${args.join(' ')}:\n${stderr}`);
}

test('translate: bad input is one line and exit code 2, found before the run is restored, with nothing written', async () => {
  const out = join(work, 'bad');
  const gan = join(work, 'ring8');
  mkdirSync(gan);
  writeFileSync(join(gan, 'config.json'), JSON.stringify({
    format: 'gan-kit-run', version: 1, data: 'ring8', model: 'mlp', loss: 'non-saturating', steps: 10, batchSize: 16, seed: 0, latentDim: 8, sampleEvery: 5, checkpointEvery: 5,
  }));
  const cases: [string[], RegExp][] = [
    [['--run', join(work, 'nowhere'), '--in', join(work, 'in'), '--out', out], /--run '.*nowhere' holds no gan-kit run \(no config\.json\)/],
    [['--run', gan, '--in', join(work, 'in'), '--out', out], /--run '.*ring8' is a mlp run, which draws images from noise: 'translate' takes cyclegan, pix2pix and srgan runs; use 'gan-kit sample'/],
    [['--run', cyclegan, '--out', out], /required option '--in <path>' not specified/],
    [['--run', cyclegan, '--in', join(work, 'missing.png'), '--out', `${out}.png`], /--in '.*missing\.png' does not exist: give a PNG or JPEG file, or a folder of them/],
    [['--run', cyclegan, '--in', join(work, 'empty'), '--out', out], /--in the folder ".*empty" holds no \.png, \.jpg or \.jpeg file: give a folder of PNG or JPEG images/],
    [['--run', cyclegan, '--in', join(work, 'in'), '--out', out, '--direction', 'sideways'], /--direction must be a2b or b2a, got 'sideways'/],
    [['--run', cyclegan, '--in', join(work, 'notes.png'), '--out', `${out}.png`], /--in cannot decode ".*notes\.png": it is neither a PNG nor a JPEG \(it starts with bytes 6e 6f 74 20\): give PNG or JPEG images/],
    [['--run', cyclegan, '--in', join(work, 'in', 'square.png'), '--out', `${out}.jpg`], /--out '.*bad\.jpg' must end in \.png \(--in is one image\)/],
    [['--run', cyclegan, '--in', join(work, 'in'), '--out', join(work, 'notes.png')], /--out '.*notes\.png' is a file, but --in is a folder: give a folder for the translations/],
  ];
  for (const [args, message] of cases) await assertRefused(['translate', ...args], message);
  assert.deepEqual(readdirSync(work).filter((f) => f.startsWith('bad')), [], 'nothing written');
});
