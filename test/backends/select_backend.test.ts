import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { useFastestBackend, type UseFastestBackendOptions } from '../../src/backends/select_backend.js';

function installed(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}
const tensorflowInstalled = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

test('malformed options are rejected, naming the option, before any backend is loaded', async () => {
  const cases: [UseFastestBackendOptions, RegExp][] = [
    [{ prefer: [] }, /prefer must be a non-empty array of backend names/],
    [{ prefer: ['wasm', ''] }, /prefer must be a non-empty array/],
    [{ threads: 0 }, /threads must be an integer from 1 to 8, saw 0/],
    [{ threads: 2.5 }, /threads must be an integer from 1 to 8, saw 2.5/],
    [{ kernels: 'yes' as unknown as boolean }, /kernels must be true or false, saw yes/],
    [{ log: 5 as unknown as (m: string) => void }, /log must be a function/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(useFastestBackend(options), message);
  }
  assert.equal(tf.findBackendFactory('cpu'), null, 'no backend package was loaded');
  assert.equal(tf.findBackendFactory('wasm'), null, 'no backend package was loaded');
});

test('without tfjs-node the default choice is wasm, multi-threaded, with the training kernels, and it says so', { skip: tensorflowInstalled }, async () => {
  const messages: string[] = [];
  const choice = await useFastestBackend({ threads: 2, log: (m) => messages.push(m) });
  assert.equal(choice.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(choice.threads, 2);
  assert.equal(choice.kernelsInstalled, true);
  assert.ok(choice.kernels.includes('Conv2DBackpropFilter'), `kernels: ${choice.kernels.join(', ')}`);
  assert.deepEqual(choice.skipped.map((s) => s.name), ['tensorflow']);
  assert.match(choice.skipped[0]!.reason, /@tensorflow\/tfjs-node-gpu is not installed; @tensorflow\/tfjs-node is not installed/);
  assert.deepEqual(messages, [choice.reason]);
  assert.match(choice.reason, /^gan-kit backend: wasm — wasm backend, multi-threaded SIMD build with 2 thread/);
  assert.match(choice.reason, /Skipped tensorflow: /);
});

test('an unregistered name is skipped with advice, and the next one is selected; kernels: false installs none', async () => {
  const choice = await useFastestBackend({ prefer: ['not-a-backend', 'cpu'], kernels: false });
  assert.equal(choice.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.equal(choice.threads, 1);
  assert.equal(choice.kernelsInstalled, false);
  assert.deepEqual(choice.kernels, []);
  assert.equal(choice.skipped[0]?.name, 'not-a-backend');
  assert.match(choice.skipped[0]!.reason, /register it with tf\.registerBackend\('not-a-backend', factory\)/);
});

test('cpu gets the training kernels by default', async () => {
  const choice = await useFastestBackend({ prefer: ['cpu'] });
  assert.equal(choice.name, 'cpu');
  assert.equal(choice.kernelsInstalled, true);
  assert.ok(choice.kernels.includes('Conv2DBackpropFilter'), `kernels: ${choice.kernels.join(', ')}`);
});

test('when nothing can be selected, the error lists why each candidate failed', async () => {
  await assert.rejects(
    useFastestBackend({ prefer: ['nope', 'neither'] }),
    /none of nope, neither could be selected\. nope: no backend is registered as 'nope'.*neither: no backend is registered as 'neither'/,
  );
});

test('after useFastestBackend picks wasm, an uncaught error is reported by Node itself: its message first, no minified wasm glue', { skip: tensorflowInstalled }, async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { join, resolve } = await import('node:path');
  // Inside the repository, so that the script's imports resolve as the tests' do.
  const scratch = resolve(import.meta.dirname, '../../.tmp');
  mkdirSync(scratch, { recursive: true });
  const dir = mkdtempSync(join(scratch, 'uncaught-'));
  try {
    const script = join(dir, 'fails.mts');
    writeFileSync(script, `import { useFastestBackend } from '${resolve(import.meta.dirname, '../../src/index.js')}';\n` +
      "await useFastestBackend({ prefer: ['wasm'] });\nthrow new Error('the real message');\n");
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 1, `exit code ${r.status} (the wasm glue's handler exits with 7)\n${r.stderr.slice(0, 500)}`);
    assert.match(r.stderr, /Error: the real message/);
    assert.ok(r.stderr.length < 4000, `${r.stderr.length} characters on stderr, from: ${r.stderr.slice(0, 200)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
