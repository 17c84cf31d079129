// The BiGAN example (examples/bigan.ts, examples/bigan_mnist.ts): three networks and three optimizers trained by the
// generic loop; a run killed with SIGKILL after a checkpoint and started again ends with the same bits as a run that
// was never interrupted (cpu backend).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repository = resolve(import.meta.dirname, '../..');
const example = join(repository, 'examples/bigan_mnist.ts');
const environment = { ...process.env, TSX_TSCONFIG_PATH: join(repository, 'examples/tsconfig.json') };
const STEPS = 24;
const settings = (out: string) => [
  '--import', 'tsx', example, '--steps', String(STEPS), '--out', out, '--backend', 'cpu', '--digits', '256', '--held-out', '32', '--units', '32',
  '--checkpoint-every', '4', '--log-every', '1',
];

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'gan-kit-bigan-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Starts the example and kills it with SIGKILL once it has logged step 6 (its step-4 checkpoint is on disk by then). */
function runAndKill(out: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, settings(out), { cwd: repository, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (/^step 6\//m.test(text)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done();
      else fail(new Error(`the example ended with code ${code} before it could be killed:\n${text}\n${stderr}`));
    });
  });
}

function runToEnd(out: string): string {
  const r = spawnSync(process.execPath, settings(out), { cwd: repository, env: environment, encoding: 'utf8', timeout: 240_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** SHA-256 of every weight and optimizer file of a checkpoint. */
async function digests(checkpoint: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const network of ['generator', 'encoder', 'discriminator']) {
    for (const file of (await readdir(join(checkpoint, network))).filter((f) => f.endsWith('.bin'))) {
      result[`${network}/${file}`] = createHash('sha256').update(await readFile(join(checkpoint, network, file))).digest('hex');
    }
  }
  result['optimizers.bin'] = createHash('sha256').update(await readFile(join(checkpoint, 'optimizers.bin'))).digest('hex');
  return result;
}

test('the BiGAN example, killed with SIGKILL after a checkpoint and run again, ends bit for bit where an uninterrupted run ends', async () => {
  const killed = join(root, 'killed');
  await runAndKill(killed);
  const left = (await readdir(join(killed, 'checkpoints'))).filter((n) => n.startsWith('ckpt-')).sort();
  assert.ok(left.length > 0 && left.at(-1)! < `ckpt-${String(STEPS).padStart(9, '0')}`, `checkpoints left by the killed run: ${left.join(', ')}`);
  const resumed = runToEnd(killed);
  assert.match(resumed, /continuing from step \d+/);
  const straight = join(root, 'straight');
  const uninterrupted = runToEnd(straight);
  assert.doesNotMatch(uninterrupted, /continuing from step/);
  const last = `checkpoints/ckpt-${String(STEPS).padStart(9, '0')}`;
  const trainerJson = JSON.parse(await readFile(join(straight, last, 'trainer.json'), 'utf8'));
  assert.deepEqual(trainerJson.networks, ['generator', 'encoder', 'discriminator']);
  assert.deepEqual(Object.keys(JSON.parse(await readFile(join(straight, last, 'optimizers.json'), 'utf8'))), ['generator', 'encoder', 'discriminator']);
  assert.equal(trainerJson.algorithm, 'bigan');
  assert.deepEqual(await digests(join(killed, last)), await digests(join(straight, last)));
  const logged = (out: string) => out.split('\n').filter((l) => /^step \d+\//.test(l));
  assert.equal(logged(uninterrupted).length, STEPS, 'the uninterrupted run logged every step');
});
