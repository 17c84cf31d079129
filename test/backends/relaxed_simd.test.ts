// Relaxed SIMD is detected at run time: with V8's relaxed-SIMD flag on, the wasm backend gets the build of gan-kit's
// kernels with fused multiply-adds, and without it the build that multiplies, then adds; both keep the kernels'
// contracts (batch normalization as cpu's to 1e-6, tanh within 4e-7 of Math.tanh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const CHILD = new URL('./fixtures/relaxed_simd_child.ts', import.meta.url).pathname;

interface ChildReport {
  readonly detected: boolean;
  readonly relaxedBuild: boolean | null;
  readonly note: string;
  readonly batchNormError: number;
  readonly tanhError: number;
}

async function runChild(flag: '--experimental-wasm-relaxed-simd' | '--no-experimental-wasm-relaxed-simd'): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(process.execPath, [flag, '--import', 'tsx', CHILD], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildReport;
}

test('with relaxed SIMD the fused build runs and keeps the contracts; without it, the fallback does', async () => {
  const [on, off] = await Promise.all([runChild('--experimental-wasm-relaxed-simd'), runChild('--no-experimental-wasm-relaxed-simd')]);
  assert.equal(on.detected, true);
  assert.equal(on.relaxedBuild, true);
  assert.match(on.note, /uses relaxed SIMD \(fused multiply-add\)/);
  assert.equal(off.detected, false);
  assert.equal(off.relaxedBuild, false);
  assert.match(off.note, /multiplies, then adds: this runtime lacks relaxed SIMD/);
  for (const [name, r] of [['relaxed', on], ['fallback', off]] as const) {
    assert.ok(r.batchNormError <= 1e-6, `${name}: batch norm off by ${r.batchNormError}`);
    assert.ok(r.tanhError <= 4e-7 && r.tanhError > 0, `${name}: tanh off by ${r.tanhError}`);
  }
});
