import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { CheckpointManager } from '../../src/training/checkpoint.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan, softplusLoss, tinyGan } from '../helpers/tiny_gan.js';

const writer = fileURLToPath(new URL('./fixtures/checkpoint_writer.ts', import.meta.url));
let root = '';
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-crash-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Resolves once `directory` holds a temporary checkpoint folder (a write in progress), polling every millisecond. */
async function writeInProgress(directory: string): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if ((await readdir(directory)).some((n) => n.startsWith('.tmp-'))) return;
    await new Promise((r) => setTimeout(r, 1));
  }
}

/**
 * Starts the writer, waits until it has saved `saves` checkpoints in this life and started the next write (its
 * temporary folder exists), then kills it with SIGKILL after `delayMs`. Resolves with the lines it printed.
 */
function runAndKill(directory: string, saves: number, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, directory], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffered = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
      const saved = lines.filter((l) => l.startsWith('saved')).length;
      if (!killing && saved >= saves && parts.some((l) => l.startsWith('writing'))) {
        killing = true;
        void writeInProgress(directory).then(() => setTimeout(() => child.kill('SIGKILL'), delayMs));
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`the writer exited with ${code} before it was killed:\n${stderr.slice(-2000)}`));
    });
  });
}

test('a process killed with SIGKILL while writing a checkpoint leaves a loadable one behind, again and again', async (t) => {
  const directory = join(root, 'run');
  const delays = [0, 5, 20, 50];
  let interruptedWrites = 0;
  let lastStep = 0;
  for (const [round, delay] of delays.entries()) {
    const lines = await runAndKill(directory, round === 0 ? 1 : 0, delay);
    if (round > 0) assert.equal(lines[0], `resumed ${lastStep}`, `round ${round}: the new process did not resume from the newest good checkpoint`);
    const names = await readdir(directory);
    if (names.some((n) => n.startsWith('.tmp-') || n.startsWith('.old-'))) interruptedWrites += 1;
    const manager = new CheckpointManager({ directory });
    const latest = await manager.latest();
    assert.ok(latest !== undefined, `round ${round} (kill ${delay} ms into a write): no loadable checkpoint in ${names.join(', ')}`);
    assert.ok(latest.step >= lastStep, `round ${round}: the newest good checkpoint went back from step ${lastStep} to ${latest.step}`);
    lastStep = latest.step;
  }
  // The next process resumed from each of these checkpoints (its first line); restore the last one here too.
  const fresh = new AdversarialTrainer(tinyGan({ hidden: 65536 }), { loss: softplusLoss, seed: 2 });
  await new CheckpointManager({ directory }).restore(fresh);
  assert.equal(fresh.step, lastStep);
  fresh.dispose();
  disposeGan(fresh);
  t.diagnostic(`${interruptedWrites} of ${delays.length} kills left a partly written checkpoint folder behind`);
  assert.ok(interruptedWrites >= delays.length / 2, `too few kills landed in the middle of a write (${interruptedWrites} of ${delays.length}); make the checkpoint larger`);
});
