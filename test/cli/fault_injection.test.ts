// Fault injection for the CLI: every command on damaged, missing or replaced files of a run folder, and on bad or
// inconsistent flags, settings and output paths. A refusal is exit code 2 with one line on stderr naming the file or
// flag, what was seen and what to do, and not one byte of the run folder changed; a recovery is exit code 0 with a
// line saying what it recovered from. Every case works on its own copy of one tiny trained run (ring8, 8-unit
// networks, 2 steps, a checkpoint after each), in-process on the cpu backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { PNG } from 'pngjs';
import { main } from '../../src/cli/main.js';

const work = mkdtempSync(join(tmpdir(), 'gan-kit-faults-'));
const fixture = join(work, 'fixture');
const TINY = ['--data', 'ring8', '--g-units', '8', '--d-units', '8', '--batch-size', '16', '--backend', 'cpu'];

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `gan-kit ...args` in-process; a rejected promise (what the bin would print as a failure) fails the test. */
async function gan(...args: string[]): Promise<Outcome> {
  const collect = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = collect();
  const err = collect();
  const code = await main(args, out.stream as unknown as NodeJS.WriteStream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Every file and folder under `dir` with the SHA-256 of each file's bytes (a missing `dir` is an empty map). */
function snapshot(dir: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        entries.set(`${relative(dir, path)}/`, 'folder');
        walk(path);
      } else {
        entries.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return entries;
}

let copies = 0;

/** A fresh copy of the trained fixture run. */
function copyRun(): string {
  const run = join(work, `run-${++copies}`);
  cpSync(fixture, run, { recursive: true });
  return run;
}

/** The checkpoint folders of a run, newest first. */
function checkpointFolders(run: string): string[] {
  return readdirSync(join(run, 'checkpoints')).filter((n) => n.startsWith('ckpt-')).sort().reverse().map((n) => join(run, 'checkpoints', n));
}

/** The files of the newest checkpoint, relative to its folder (whatever the checkpoint format lays out). */
function newestCheckpointFiles(run: string): string[] {
  const newest = checkpointFolders(run)[0]!;
  return [...snapshot(newest).keys()].filter((k) => !k.endsWith('/'));
}

/** Damage done to a file. */
const DAMAGE = {
  corrupt: (path: string) => {
    const bytes = readFileSync(path);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0x5a;
    writeFileSync(path, bytes);
  },
  truncate: (path: string) => truncateSync(path, Math.floor(statSync(path).size / 2)),
  delete: (path: string) => rmSync(path, { recursive: true, force: true }),
  replace: (path: string) => writeFileSync(path, 'not what this file should hold\n'),
} as const;

/**
 * Asserts a refusal: exit code 2, exactly one line on stderr (no stack trace) that matches `message`, and every folder
 * in `unchanged` byte for byte as it was.
 */
async function assertRefused(args: string[], message: RegExp, unchanged: readonly string[] = []): Promise<Outcome> {
  const before = unchanged.map(snapshot);
  const r = await gan(...args);
  assert.equal(r.code, 2, `${args.join(' ')} → exit ${r.code}\n${r.stderr}${r.stdout}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^gan-kit: error: /);
  assert.match(lines[0]!, message);
  assert.doesNotMatch(r.stderr + r.stdout, /^\s+at /m, 'no stack trace');
  unchanged.forEach((dir, i) => assert.deepEqual(snapshot(dir), before[i], `${dir} changed`));
  return r;
}

/** Asserts a recovery: exit code 0 and a line (stdout or stderr) matching `said`. */
async function assertRecovered(args: string[], said: RegExp): Promise<Outcome> {
  const r = await gan(...args);
  assert.equal(r.code, 0, `${args.join(' ')} → exit ${r.code}\n${r.stderr}${r.stdout}`);
  assert.match(r.stdout + r.stderr, said);
  assert.doesNotMatch(r.stderr + r.stdout, /^\s+at /m, 'no stack trace');
  return r;
}

/** The steps logged in a run's metrics.jsonl. */
function loggedSteps(run: string): number[] {
  return readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
}

/** A folder of `count` 8×8 grey PNG images. */
function imageFolder(count: number): string {
  const dir = join(work, `images-${count}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const png = new PNG({ width: 8, height: 8 });
    png.data.fill(40 * i);
    writeFileSync(join(dir, `${i}.png`), PNG.sync.write(png));
  }
  return dir;
}

before(async () => {
  const r = await gan('train', ...TINY, '--steps', '2', '--checkpoint-every', '1', '--sample-every', '1', '--out', fixture);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(checkpointFolders(fixture).length, 2, 'the fixture has a checkpoint at steps 1 and 2');
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

// ---- train --resume on a damaged run folder -------------------------------------------------------------------

test('resume: config.json deleted → refused, naming the folder', async () => {
  const run = copyRun();
  rmSync(join(run, 'config.json'));
  await assertRefused(['train', '--resume', '--out', run], /holds no gan-kit run \(no config\.json\)/, [run]);
});

for (const [how, content, message] of [
  ['truncated', null, /config\.json is not valid JSON .*restore it, or start a new run/],
  ['replaced by a JSON list', '[]', /config\.json is not a gan-kit run configuration/],
  ['given an unknown key', { stpes: 3 }, /config\.json: unknown setting 'stpes' \(did you mean 'steps'\?\)/],
  ['given a negative step count', { steps: -1 }, /config\.json: 'steps' must be an integer ≥ 1, got -1/],
  ['given a batch size as text', { batchSize: '16' }, /config\.json: 'batchSize' must be an integer ≥ 1, got "16"/],
  ['missing its loss', { loss: undefined }, /config\.json: 'loss' is missing/],
  ['given layers for a DCGAN', { model: 'dcgan' }, /'generatorUnits' sets the layers of the MLP generator, but the run's model is 'dcgan'/],
] as const) {
  test(`resume: config.json ${how} → refused, naming the file and the key`, async () => {
    const run = copyRun();
    const path = join(run, 'config.json');
    if (content === null) DAMAGE.truncate(path);
    else if (typeof content === 'string') writeFileSync(path, content);
    else writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')) as object, ...content }));
    await assertRefused(['train', '--resume', '--steps', '3', '--out', run], message, [run]);
  });
}

for (const file of ['config.json'] as const) {
  test(`sample, evaluate and info: ${file} corrupted → each refused with the file named`, async () => {
    const run = copyRun();
    writeFileSync(join(run, file), '{ "format": "gan-kit-run", "version": 1, ');
    await assertRefused(['sample', '--run', run, '--out', join(work, 'never.npy'), '--backend', 'cpu'], /config\.json is not valid JSON/, [run]);
    await assertRefused(['evaluate', '--run', run, '--backend', 'cpu'], /config\.json is not valid JSON/, [run]);
    await assertRefused(['info', '--run', run], /config\.json is not valid JSON/, [run]);
    assert.ok(!existsSync(join(work, 'never.npy')));
  });
}

// Each file of the newest checkpoint, damaged each way: resume falls back to the previous checkpoint and says so.
const checkpointFaults = [['corrupt', 0], ['truncate', 1], ['delete', 2], ['replace', 3]] as const;
for (const [damage, offset] of checkpointFaults) {
  test(`resume: each file of the newest checkpoint ${damage}d in turn → resumes from the previous checkpoint and says which file was damaged`, async () => {
    const files = newestCheckpointFiles(fixture);
    assert.ok(files.length >= 5, `the checkpoint's files: ${files.join(', ')}`);
    // Every file is damaged by some case; each case damages the files of its share (one in four, shifted).
    for (const file of files.filter((_, i) => i % checkpointFaults.length === offset)) {
      const run = copyRun();
      const [newest, previous] = checkpointFolders(run);
      DAMAGE[damage](join(newest!, file));
      const r = await assertRecovered(['train', '--resume', '--steps', '3', '--sample-every', '100', '--out', run, '--backend', 'cpu'],
        /resumed from step 1 \(/);
      assert.match(r.stdout, new RegExp(`checkpoint ckpt-0+2 is damaged \\(.*\\): moved it to .*damaged-ckpt-0+2`), `${damage} ${file}`);
      assert.ok(existsSync(previous!), 'the good checkpoint is kept');
      assert.deepEqual(loggedSteps(run), [0, 1, 2], 'metrics.jsonl: steps 0, 1 from the checkpoint, then step 2 trained again');
      assert.ok(existsSync(join(run, 'metrics.before-resume-at-step-1.jsonl')), 'the lines of the steps trained again are kept');
      assert.equal(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).steps, 3);
    }
  });
}

test('sample and evaluate: the newest checkpoint damaged → they use the previous one and name the damaged file on stderr', async () => {
  const run = copyRun();
  const [newest] = checkpointFolders(run);
  DAMAGE.corrupt(join(newest!, newestCheckpointFiles(run).find((f) => f.endsWith('.bin'))!));
  const before = snapshot(run);
  const npy = join(work, 'fallback.npy');
  const sampled = await assertRecovered(['sample', '--run', run, '--count', '4', '--out', npy, '--backend', 'cpu'], /wrote 4 samples of step 1 /);
  assert.match(sampled.stderr, /checkpoint ckpt-0+2 is damaged \(.*\.bin .*\); using the newest intact one, step 1/);
  const scored = await assertRecovered(['evaluate', '--run', run, '--count', '50', '--json', '--backend', 'cpu'], /"step":1/);
  assert.equal((JSON.parse(scored.stdout) as { step: number }).step, 1, 'stdout holds only the JSON report');
  assert.match(scored.stderr, /ckpt-0+2 is damaged/);
  assert.deepEqual(snapshot(run), before, 'reading a run changes nothing in it');
});

test('info: a damaged checkpoint is reported as damaged, with what is wrong, and not counted', async () => {
  const run = copyRun();
  const [newest] = checkpointFolders(run);
  DAMAGE.truncate(join(newest!, newestCheckpointFiles(run).find((f) => f.endsWith('.json') && f !== 'manifest.json')!));
  const before = snapshot(run);
  const shown = await assertRecovered(['info', '--run', run], /progress {3}step 1\/2 \(checkpoints at 1\)/);
  assert.match(shown.stdout, /problem {4}checkpoint ckpt-0+2 is damaged \(.+\)/);
  const json = JSON.parse((await gan('info', '--run', run, '--json')).stdout) as { step: number; checkpoints: number[]; damagedCheckpoints: { step: number; reason: string }[] };
  assert.deepEqual([json.step, json.checkpoints, json.damagedCheckpoints.map((d) => d.step)], [1, [1], [2]]);
  assert.deepEqual(snapshot(run), before);
});

for (const damage of ['corrupt', 'delete'] as const) {
  test(`every checkpoint ${damage}d: resume, sample and evaluate refuse, naming each damaged checkpoint; nothing changes`, async () => {
    const run = copyRun();
    for (const folder of checkpointFolders(run)) DAMAGE[damage](join(folder, damage === 'delete' ? 'trainer.json' : newestCheckpointFiles(run).find((f) => f.endsWith('.bin'))!));
    const named = /no checkpoint of the run is intact \(ckpt-0+2 is damaged \(.+\); ckpt-0+1 is damaged \(.+\)\)/;
    await assertRefused(['train', '--resume', '--steps', '4', '--out', run, '--backend', 'cpu'], named, [run]);
    await assertRefused(['sample', '--run', run, '--out', join(work, 'never.png'), '--backend', 'cpu'], named, [run]);
    await assertRefused(['evaluate', '--run', run, '--backend', 'cpu'], named, [run]);
    assert.match((await assertRecovered(['info', '--run', run], /checkpoints at none/)).stdout, /problem {4}checkpoint ckpt-0+1 is damaged/);
  });
}

test('resume: the checkpoints folder replaced by a file → refused, naming it', async () => {
  const run = copyRun();
  rmSync(join(run, 'checkpoints'), { recursive: true });
  writeFileSync(join(run, 'checkpoints'), 'x');
  await assertRefused(['train', '--resume', '--steps', '3', '--out', run], /checkpoints is a file, not the run's folder of checkpoints/, [run]);
  await assertRefused(['info', '--run', run], /checkpoints is a file/, [run]);
});

test('resume: a checkpoint that does not fit config.json (other layer sizes) → refused, naming the checkpoint', async () => {
  const run = copyRun();
  const path = join(run, 'config.json');
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')) as object, generatorUnits: [16] }));
  await assertRefused(['train', '--resume', '--steps', '3', '--out', run, '--backend', 'cpu'], /the checkpoint .*ckpt-0+2 does not fit the run's config\.json .*restore the config\.json/, [run]);
  await assertRefused(['sample', '--run', run, '--out', join(work, 'never.npy'), '--backend', 'cpu'], /the checkpoint .*ckpt-0+2 does not fit the run's config\.json/, [run]);
});

test('resume: metrics.jsonl deleted → rewritten from the checkpoint\'s history, then continued', async () => {
  const run = copyRun();
  rmSync(join(run, 'metrics.jsonl'));
  await assertRecovered(['train', '--resume', '--steps', '3', '--sample-every', '100', '--out', run, '--backend', 'cpu'], /resumed from step 2/);
  assert.deepEqual(loggedSteps(run), [0, 1, 2]);
});

test('resume: metrics.jsonl ending in a half-written line → completed from the checkpoint, nothing lost', async () => {
  const run = copyRun();
  const path = join(run, 'metrics.jsonl');
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.slice(0, text.length - 20));
  await assertRecovered(['train', '--resume', '--steps', '3', '--sample-every', '100', '--out', run, '--backend', 'cpu'], /completed metrics\.jsonl from the checkpoint's history \(2 lines\)/);
  assert.deepEqual(loggedSteps(run), [0, 1, 2]);
});

test('resume: metrics.jsonl replaced by other text → kept beside, the checkpoint\'s lines written, nothing lost', async () => {
  const run = copyRun();
  writeFileSync(join(run, 'metrics.jsonl'), 'these are my notes\n');
  const r = await assertRecovered(['train', '--resume', '--steps', '3', '--sample-every', '100', '--out', run, '--backend', 'cpu'], /kept it as .*metrics\.before-resume-at-step-2\.jsonl/);
  assert.match(r.stdout, /resumed from step 2/);
  assert.equal(readFileSync(join(run, 'metrics.before-resume-at-step-2.jsonl'), 'utf8'), 'these are my notes\n');
  assert.deepEqual(loggedSteps(run), [0, 1, 2]);
});

test('resume: the model pictures and GIF deleted → the run continues and writes them again', async () => {
  const run = copyRun();
  for (const f of ['losses.png', 'evolution.gif', 'samples']) rmSync(join(run, f), { recursive: true });
  await assertRecovered(['train', '--resume', '--steps', '3', '--out', run, '--backend', 'cpu'], /finished at step 3\/3/);
  for (const f of ['losses.png', 'evolution.gif', 'samples/step-000000003.png']) assert.ok(existsSync(join(run, f)), f);
});

// ---- train --resume with flags that do not fit the run ---------------------------------------------------------

for (const [args, message] of [
  [['--steps', '1'], /--steps 1 is below the run's step 2 .*give a total above 2/],
  [['--batch-size', '32'], /--batch-size '32' differs from the run's '16': a resumed run keeps its configuration/],
  [['--lr', '0.5'], /--lr '0\.5' differs from the run's '0\.001'/],
  [['--d-steps', '2'], /--d-steps '2' differs from the run's 'none \(the loss preset's\)'/],
  [['--data', 'grid25'], /--data 'grid25' differs from the run's 'ring8'/],
  [['--epochs', '2'], /--epochs cannot be used with --resume/],
  [['--config', 'settings.json'], /--config cannot be used with --resume/],
  [['--conditional'], /--conditional: the run in .* was trained without --conditional/],
  [['--d-conditioning', 'acgan'], /--d-conditioning 'acgan' differs from the run's 'none \(not conditional\)'/],
  [['--steps', 'many'], /--steps must be an integer ≥ 1, got 'many'/],
  [['--sample-every', '0'], /--sample-every must be an integer ≥ 1, got '0'/],
] as const) {
  test(`resume ${args.join(' ')} → refused, nothing changed`, async () => {
    const run = copyRun();
    await assertRefused(['train', '--resume', ...args, '--out', run], message, [run]);
  });
}

test('resume --steps equal to the run\'s step → nothing to do, nothing changed', async () => {
  const run = copyRun();
  const before = snapshot(run);
  await assertRecovered(['train', '--resume', '--steps', '2', '--out', run], /the run is at step 2, which reaches --steps 2; nothing to do/);
  assert.deepEqual(snapshot(run), before);
});

test('resume --steps 4 --checkpoint-every 3: the new total and interval are written to config.json, the fixed settings are not', async () => {
  const run = copyRun();
  const old = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as Record<string, unknown>;
  await assertRecovered(['train', '--resume', '--steps', '4', '--checkpoint-every', '3', '--sample-every', '100', '--batch-size', '16', '--out', run, '--backend', 'cpu'], /finished at step 4\/4/);
  const now = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(now, { ...old, steps: 4, checkpointEvery: 3, sampleEvery: 100 });
  assert.deepEqual(loggedSteps(run), [0, 1, 2, 3]);
});

test('resume of a folder that does not exist → refused', async () => {
  await assertRefused(['train', '--resume', '--out', join(work, 'nowhere')], /holds no gan-kit run/);
  assert.ok(!existsSync(join(work, 'nowhere')));
});

// ---- train: new runs with bad or inconsistent settings ----------------------------------------------------------

const settingsFile = (name: string, content: string) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};

for (const [name, content, message] of [
  ['unknown-key.json', '{ "data": "ring8", "stepz": 3 }', /unknown-key\.json': unknown setting 'stepz' \(did you mean 'steps'\?\)/],
  ['far-key.json', '{ "data": "ring8", "optimizer": "sgd" }', /unknown setting 'optimizer' \(the settings are data, model, loss/],
  ['zero-steps.json', '{ "data": "ring8", "steps": 0 }', /zero-steps\.json': 'steps' must be an integer ≥ 1, got 0/],
  ['bad-loss.json', '{ "data": "ring8", "loss": "nope" }', /'loss' must be one of: non-saturating, .*got "nope"/],
  ['list.json', '[1, 2]', /list\.json' must hold a JSON object of run settings/],
  ['half.json', '{ "data": "ring8", ', /half\.json' is not valid JSON/],
  ['conditioning.json', '{ "data": "mnist", "conditioning": { "discriminator": "projection", "colour": 1 } }', /'conditioning': unknown entry 'colour'/],
] as const) {
  test(`train --config ${name} → refused, naming the file and the key; nothing written`, async () => {
    const out = join(work, `new-${name}`);
    const path = settingsFile(name, content);
    const before = readFileSync(path);
    await assertRefused(['train', '--config', path, '--out', out], message);
    assert.ok(!existsSync(out), 'no run folder');
    assert.deepEqual(readFileSync(path), before);
  });
}

for (const [args, message] of [
  [['--batch-size', '0'], /--batch-size must be an integer ≥ 1, got '0'/],
  [['--lr', '-1'], /--lr must be a number > 0, got '-1'/],
  [['--beta1', '1'], /--beta1 must be a fraction in \[0, 1\), got '1'/],
  [['--channels', '2'], /--channels must be one of: 1, 3, got '2'/],
  [['--g-units', '0,8'], /--g-units must be a comma-separated list of positive integers/],
  [['--model', 'dcgan'], /'generatorUnits' sets the layers of the MLP generator, but the run's model is 'dcgan'/],
  [['--loss', 'hinge', '--gp-weight', '1'], /--gp-weight 1 sets the WGAN-GP gradient penalty, but the run's loss is 'hinge'/],
  [['--loss', 'wasserstein', '--beta1', '0.5'], /--beta1 0\.5 sets Adam's β, but --loss wasserstein trains with RMSProp/],
  [['--d-conditioning', 'acgan'], /--d-conditioning 'acgan' needs --conditional/],
  [['--conditional'], /--conditional needs class labels, but --data 'ring8' has none/],
  [['--steps', '5', '--epochs', '2'], /give --steps or --epochs, not both/],
  [['--stepz', '3'], /unknown option '--stepz' \(Did you mean --steps\?\)/],
  [['--backend', 'abacus'], /--backend abacus: /],
  [['--batch-size', '200000'], /--batch-size 200000 is more than the 100000 samples of --data 'ring8'/],
] as const) {
  test(`train ${args.join(' ')} → refused with the flag named; no folder made`, async () => {
    const out = join(work, `new-${args.join('')}`);
    const steps = (args as readonly string[]).includes('--steps') ? [] : ['--steps', '2'];
    await assertRefused(['train', ...TINY, ...args, ...steps, '--out', out], message);
    assert.ok(!existsSync(out), 'no run folder');
  });
}

test('train on a folder with fewer images than --batch-size → refused before anything is written, so the corrected retry runs', async () => {
  const images = imageFolder(3);
  const out = join(work, 'few-images');
  await assertRefused(['train', '--data', images, '--image-size', '8', '--channels', '1', '--model', 'mlp', '--batch-size', '16', '--steps', '1', '--backend', 'cpu', '--out', out],
    /--batch-size 16 is more than the 3 samples of --data '.*images-3'/);
  assert.ok(!existsSync(out), 'no config.json left behind');
  await assertRecovered(['train', '--data', images, '--image-size', '8', '--channels', '1', '--model', 'mlp', '--batch-size', '2', '--steps', '1', '--g-units', '8', '--d-units', '8', '--backend', 'cpu', '--out', out], /finished at step 1\/1/);
});

test('train --image-size 7 on a folder of images → refused: the DCGAN cannot be built for 7×7, and the message says what to change', async () => {
  const out = join(work, 'size-7');
  await assertRefused(['train', '--data', imageFolder(4), '--image-size', '7', '--channels', '1', '--batch-size', '2', '--steps', '1', '--backend', 'cpu', '--out', out],
    /--data '.*' \(samples of shape 7×7×1\) with --model dcgan: .*change --image-size, --model or the data/);
  assert.ok(!existsSync(out));
});

test('train --out: a file, a folder holding another run, a path below a file → refused, nothing changed', async () => {
  const file = settingsFile('plain.txt', 'x');
  await assertRefused(['train', ...TINY, '--steps', '1', '--out', file], /--out '.*plain\.txt' is a file, not a folder/, []);
  const run = copyRun();
  await assertRefused(['train', ...TINY, '--steps', '1', '--out', run], /holds another run: pass --resume/, [run]);
  await assertRefused(['train', ...TINY, '--steps', '1', '--out', join(file, 'run')], /--out '.*plain\.txt\/run' cannot be created \(.*\): choose a folder you can write to/);
  assert.equal(readFileSync(file, 'utf8'), 'x');
});

// ---- sample, evaluate and info: bad flags and output paths -------------------------------------------------------

for (const [args, message] of [
  [['--out', 'missing-folder/x.png'], /--out '.*missing-folder\/x\.png': the folder '.*missing-folder' does not exist: create the folder first/],
  [['--out', 'x.bmp'], /must end in \.npy, \.png, \.json/],
  [['--out', 'x.png', '--interpolate', '--count', '1'], /--interpolate walks from one latent to another in --count points: give --count 2 or more, got 1/],
  [['--out', 'x.png', '--count', '0'], /--count must be an integer ≥ 1, got '0'/],
  [['--out', 'x.png', '--labels', '3'], /--labels '3': the run in .* is not conditional/],
  [['--out', 'a-folder.png'], /--out '.*a-folder\.png' is a folder/],
] as const) {
  test(`sample ${args.join(' ')} → refused, nothing written`, async () => {
    const run = copyRun();
    mkdirSync(join(work, 'a-folder.png'), { recursive: true });
    const before = snapshot(work);
    await assertRefused(['sample', '--run', run, ...args.map((a) => (a.includes('.') || a.includes('/') ? join(work, a) : a)), '--backend', 'cpu'], message, [run]);
    assert.deepEqual(snapshot(work), before, 'nothing written anywhere');
  });
}

test('sample and evaluate on a run with no checkpoint yet → refused, saying to train longer', async () => {
  const run = copyRun();
  rmSync(join(run, 'checkpoints'), { recursive: true });
  await assertRefused(['sample', '--run', run, '--out', join(work, 'never.npy'), '--backend', 'cpu'], /has no checkpoint yet: train it longer/, [run]);
  await assertRefused(['evaluate', '--run', run, '--backend', 'cpu'], /has no checkpoint yet/, [run]);
});

for (const [args, message] of [
  [['--count', '1'], /--count must be an integer ≥ 10, got '1'/],
  [['--seed', '-1'], /--seed must be an integer ≥ 0, got '-1'/],
] as const) {
  test(`evaluate ${args.join(' ')} → refused`, async () => {
    const run = copyRun();
    await assertRefused(['evaluate', '--run', run, ...args, '--backend', 'cpu'], message, [run]);
  });
}

test('info: metrics.jsonl ending in a half-written line → the last complete line is shown and the half line reported', async () => {
  const run = copyRun();
  const path = join(run, 'metrics.jsonl');
  writeFileSync(path, `${readFileSync(path, 'utf8')}{"step":2,"epo`);
  const before = snapshot(run);
  const shown = await assertRecovered(['info', '--run', run], /last step {2}step 1 /);
  assert.match(shown.stdout, /problem {4}metrics\.jsonl ends in a half-written line \(14 characters\), ignored/);
  assert.deepEqual(snapshot(run), before);
});

test('info: metrics.jsonl with a damaged line in the middle, and missing → reported; the run is still shown', async () => {
  const run = copyRun();
  const path = join(run, 'metrics.jsonl');
  const lines = readFileSync(path, 'utf8').split('\n');
  writeFileSync(path, ['garbage', ...lines.slice(1)].join('\n'));
  assert.match((await assertRecovered(['info', '--run', run], /last step {2}step 1 /)).stdout, /problem {4}metrics\.jsonl line 1 is not a JSON object, ignored/);
  rmSync(path);
  await assertRecovered(['info', '--run', run], /last step {2}none logged/);
});

test('info on a path that is a file, and on a folder that holds no run → refused', async () => {
  await assertRefused(['info', '--run', settingsFile('not-a-run.txt', 'x')], /holds no gan-kit run/);
  await assertRefused(['info', '--run', work], /holds no gan-kit run/);
});
