// End-to-end: `gan-kit sample --truncation ψ` draws BigGAN's truncated latents from a trained run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, assertUsageError, png, readNpy, run } from './cli_helpers.js';

let work = '';
let runDir = '';

before(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-truncation-'));
  runDir = join(work, 'ring');
  const r = run('train', '--data', 'ring8', '--steps', '2', '--checkpoint-every', '2', '--seed', '3', '--out', runDir);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

after(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

test('sample --truncation ψ writes the grid; the same seed repeats; a ψ no draw reaches gives the untruncated samples', () => {
  const pic = join(work, 'truncated.png');
  const r = run('sample', '--run', runDir, '--count', '16', '--truncation', '0.5', '--out', pic);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /wrote 16 samples \(latents truncated to ±0\.5\) of step 2/);
  assert.ok(png(pic).width > 0);

  const sampleNpy = (name: string, ...extra: string[]) => {
    const path = join(work, name);
    const s = run('sample', '--run', runDir, '--count', '32', '--seed', '1', '--out', path, ...extra);
    assert.equal(s.code, 0, s.stderr + s.stdout);
    return readNpy(path).values;
  };
  const truncated = sampleNpy('a.npy', '--truncation', '0.5');
  assert.deepEqual(sampleNpy('b.npy', '--truncation', '0.5'), truncated, 'the same --seed and --truncation repeat');
  const plain = sampleNpy('plain.npy');
  assert.notDeepEqual(truncated, plain, 'ψ = 0.5 redraws most latents');
  assert.deepEqual(sampleNpy('loose.npy', '--truncation', '1000'), plain, 'no N(0, 1) draw exceeds 1000: nothing is redrawn');
});

test('sample --truncation refuses ψ ≤ 0 and non-numbers: one line naming --truncation, exit code 2, no file', () => {
  for (const bad of ['0', '-0.5', 'abc', 'NaN', 'Infinity', '']) {
    const out = join(work, `bad-${bad}.png`);
    assertUsageError(['sample', '--run', runDir, '--truncation', bad, '--out', out], new RegExp(`--truncation must be a number > 0, got '${bad}'`));
    assert.ok(!existsSync(out), `${out} was written`);
  }
});
