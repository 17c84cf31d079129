// The commands of docs/cli.md, run in-process (src/cli/main.ts) on the cpu backend with few steps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

let work = '';

/** Runs `gan-kit ...args` and returns its exit code and what it printed on stdout. */
async function gan(...args: string[]): Promise<{ code: number; stdout: string }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const code = await main(args, out as unknown as NodeJS.WriteStream);
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'gan-kit-doc-cli-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('cli guide: train, resume, info, sample and evaluate on ring8; the run folder layout', async () => {
  const run = join(work, 'ring8');
  const small = ['--batch-size', '32', '--sample-every', '2', '--checkpoint-every', '2', '--backend', 'cpu'];
  const first = await gan('train', '--data', 'ring8', '--steps', '4', '--out', run, ...small);
  assert.equal(first.code, 0, first.stdout);
  assert.match(first.stdout, /backend: cpu/);
  for (const file of ['config.json', 'evolution.gif', 'losses.png', 'metrics.jsonl']) assert.ok(existsSync(join(run, file)), file);
  assert.deepEqual(readdirSync(join(run, 'samples')), ['step-000000000.png', 'step-000000002.png', 'step-000000004.png']);
  assert.deepEqual(readdirSync(join(run, 'checkpoints')), ['ckpt-000000002', 'ckpt-000000004']);
  const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([config['model'], config['loss'], config['latentDim'], config['learningRate']], ['mlp', 'non-saturating', 8, 1e-3], 'the 2-D defaults');

  const resumed = await gan('train', '--out', run, '--resume', '--steps', '6', '--backend', 'cpu');
  assert.equal(resumed.code, 0);
  assert.match(resumed.stdout, /resumed from step 4/);
  const metrics = readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number });
  assert.deepEqual(metrics.map((m) => m.step), [0, 1, 2, 3, 4, 5]);

  const info = await gan('info', '--run', run, '--json');
  const summary = JSON.parse(info.stdout) as { step: number; progress: string; checkpoints: number[] };
  assert.deepEqual([summary.step, summary.progress], [6, '6/6']);

  const npy = join(work, 'points.npy');
  assert.equal((await gan('sample', '--run', run, '--count', '5', '--seed', '3', '--out', npy, '--backend', 'cpu')).code, 0);
  assert.equal(readFileSync(npy).subarray(10, 200).toString('latin1').match(/'shape': \((\d+), (\d+)\)/)?.slice(1).join('x'), '5x2');
  const json = join(work, 'points.json');
  assert.equal((await gan('sample', '--run', run, '--count', '4', '--interpolate', '--out', json, '--backend', 'cpu')).code, 0);
  const walk = JSON.parse(readFileSync(json, 'utf8')) as { step: number; shape: number[] };
  assert.deepEqual([walk.step, walk.shape], [6, [4, 2]]);

  const evaluated = await gan('evaluate', '--run', run, '--count', '200', '--json', '--backend', 'cpu');
  const scores = JSON.parse(evaluated.stdout) as { samples: number; modes: number; modesCaptured: number };
  assert.deepEqual([scores.samples, scores.modes], [200, 8]);
  assert.ok(scores.modesCaptured >= 0 && scores.modesCaptured <= 8);
});

test('cli guide: bad input exits with code 2 and changes nothing', async () => {
  const run = join(work, 'bad');
  assert.equal((await gan('train', '--data', 'ring8', '--loss', 'nonsense', '--out', run)).code, 2);
  assert.equal((await gan('train', '--data', 'ring8', '--steps', 'ten', '--out', run)).code, 2);
  assert.equal((await gan('train', '--data', 'ring8', '--steps', '2.5', '--out', run)).code, 2);
  assert.equal(existsSync(run), false, 'nothing written');
  writeFileSync(join(work, 'notes.txt'), 'x');
  assert.equal((await gan('train', '--data', 'ring8', '--steps', '1', '--out', work)).code, 2, 'a folder that is not empty');
  assert.equal((await gan('info', '--run', join(work, 'missing'))).code, 2);
  assert.equal((await gan()).code, 2, 'no command: help and code 2');
  assert.equal((await gan('sample', '--help')).code, 0);
});
