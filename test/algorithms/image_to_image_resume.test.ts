// Exact resume of the image-to-image algorithms: 6 steps in one process against 3 steps, a checkpoint, a new process
// and 3 more steps end with the same bits in every network, optimizer and variable (CycleGAN's image pools), on cpu.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const writer = fileURLToPath(new URL('./fixtures/image_to_image_writer.ts', import.meta.url));
let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'gan-kit-image-to-image-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function train(directory: string, steps: number): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', writer, directory, String(steps)], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** SHA-256 of every binary file of a checkpoint (weights of each network, optimizers, variables), by relative path. */
async function digests(checkpoint: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(checkpoint, { recursive: true })) {
    if (entry.endsWith('.bin')) result[entry] = createHash('sha256').update(await readFile(join(checkpoint, entry))).digest('hex');
  }
  return result;
}

test('CycleGAN, pix2pix and SRGAN: 3 steps + checkpoint + new process + 3 steps = 6 steps straight, bit for bit', async () => {
  const straight = join(root, 'straight');
  const resumed = join(root, 'resumed');
  const whole = train(straight, 6);
  assert.match(whole, /srgan: restored none pretrain/);
  assert.match(whole, /srgan: finished 6 adversarial/);
  const first = train(resumed, 3);
  assert.match(first, /cyclegan: finished 3 \{"pools":\{"a":\{"capacity":3,"size":3\},"b":\{"capacity":3,"size":3\}\}\}/, 'the pools are full before the checkpoint');
  const second = train(resumed, 6);
  for (const name of ['cyclegan', 'pix2pix', 'srgan']) assert.match(second, new RegExp(`${name}: restored 3`));
  assert.match(second, /srgan: restored 3 pretrain/, 'the checkpoint was taken in the pre-training stage');
  assert.match(second, /srgan: finished 6 adversarial/);
  const last = 'ckpt-000000006';
  for (const [name, expected] of [
    ['cyclegan', ['generator-ab', 'generator-ba', 'discriminator-a', 'discriminator-b', 'optimizers.bin', 'variables.bin']],
    ['pix2pix', ['generator', 'discriminator', 'optimizers.bin']],
    ['srgan', ['generator', 'discriminator', 'optimizers.bin']],
  ] as const) {
    const [a, b] = [await digests(join(straight, name, last)), await digests(join(resumed, name, last))];
    for (const part of expected) assert.ok(Object.keys(a).some((k) => k.startsWith(part)), `${name}: the checkpoint holds ${part} (${Object.keys(a).join(', ')})`);
    assert.deepEqual(b, a, `${name}: the resumed run's bits`);
  }
  const trainerJson = JSON.parse(await readFile(join(straight, 'cyclegan', last, 'trainer.json'), 'utf8'));
  assert.deepEqual(trainerJson.state, { pools: { a: { capacity: 3, size: 3 }, b: { capacity: 3, size: 3 } } });
  assert.deepEqual(JSON.parse(await readFile(join(straight, 'srgan', last, 'trainer.json'), 'utf8')).state, { stage: 'adversarial' });
});
