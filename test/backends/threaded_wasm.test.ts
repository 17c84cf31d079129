import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { initThreadedWasm } from '../../src/backends/threaded_wasm.js';

const CHILD = new URL('./fixtures/threaded_wasm_child.ts', import.meta.url).pathname;

interface ChildReport {
  readonly threads: number;
  readonly note: string;
  readonly backend: string;
  readonly maxRelativeError: number;
  readonly globalWorker: string;
}

/** Runs the child with `threads`; it fails the test if it does not exit by itself within 60 s. */
async function runChild(threads: number): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, String(threads)], { timeout: 60_000 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ChildReport;
}

test('in Node, 2 threads start the threaded SIMD build, compute what cpu computes, and let the process exit', async () => {
  const report = await runChild(2);
  assert.equal(report.threads, 2, report.note);
  assert.equal(report.backend, 'wasm');
  assert.match(report.note, /multi-threaded SIMD build with 2 thread/);
  assert.ok(report.maxRelativeError <= 1e-4, `max relative error ${report.maxRelativeError}`);
  assert.equal(report.globalWorker, 'undefined', 'the Worker global is removed again after initialization');
});

test('1 thread selects the single-threaded SIMD build', async () => {
  const report = await runChild(1);
  assert.equal(report.threads, 1);
  assert.match(report.note, /single-threaded SIMD build/);
  assert.ok(report.maxRelativeError <= 1e-4, `max relative error ${report.maxRelativeError}`);
});

test('a thread count outside 1..8 is rejected before the backend is touched', async () => {
  for (const threads of [0, 9, 1.5, Number.NaN]) {
    await assert.rejects(initThreadedWasm(wasm, { threads }), (error: Error) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /threads must be an integer from 1 to 8, saw/);
      return true;
    });
  }
  assert.equal(tf.engine().registry['wasm'], undefined, 'the wasm backend was not initialized');
});
