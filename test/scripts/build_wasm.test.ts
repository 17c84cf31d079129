// The committed WebAssembly binaries are what gan_kit_kernels.wat assembles to, the builds without relaxed SIMD load,
// and the fallback spelling of relaxed SIMD's multiply-add is exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { assemble, withoutRelaxedSimd } from '../../scripts/build-wasm.js';
import { PLAIN_MEMORY_KERNELS, SHARED_MEMORY_KERNELS } from '../../src/backends/wasm/kernel_binary.js';

const wat = new URL('../../src/backends/wasm/gan_kit_kernels.wat', import.meta.url);
const generated = new URL('../../src/backends/wasm/kernel_binary.ts', import.meta.url);

test('src/backends/wasm/kernel_binary.ts is up to date with gan_kit_kernels.wat (npm run build:wasm)', async () => {
  assert.equal(await assemble(await readFile(wat, 'utf8')), await readFile(generated, 'utf8'));
});

test('relaxed multiply-adds are spelled multiply-then-add, innermost first, past comments with parentheses', () => {
  const wat = [
    '(local.set $p (f32x4.relaxed_madd (local.get $p) ;; (a comment)',
    '  (f32x4.relaxed_madd (local.get $x) (local.get $y) (f32x4.splat (f32.const 1)))',
    '  (v128.load align=4 (i32.add (local.get $q) (i32.const 16)))))',
  ].join('\n');
  assert.equal(withoutRelaxedSimd(wat), '(local.set $p (f32x4.add (f32x4.mul (local.get $p) (f32x4.add (f32x4.mul (local.get $x) (local.get $y)) (f32x4.splat (f32.const 1)))) (v128.load align=4 (i32.add (local.get $q) (i32.const 16)))))');
  assert.equal(withoutRelaxedSimd('(f32x4.add (local.get $a) (local.get $b))'), '(f32x4.add (local.get $a) (local.get $b))', 'nothing to rewrite');
  assert.throws(() => withoutRelaxedSimd('(f32x4.relaxed_madd (local.get $a) (local.get $b))'), /has 2 operands instead of 3/);
  assert.throws(() => withoutRelaxedSimd('(f32x4.relaxed_madd $a (local.get $b) (local.get $c))'), /must be folded expressions/);
});

test('the builds without relaxed SIMD instantiate on their kind of memory and export the kernels', () => {
  const cases = [
    { base64: SHARED_MEMORY_KERNELS, memory: new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true }) },
    { base64: PLAIN_MEMORY_KERNELS, memory: new WebAssembly.Memory({ initial: 1 }) },
  ];
  for (const { base64, memory } of cases) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64')), { env: { memory } });
    const exports = instance.exports as { transpose2d(src: number, dst: number, rows: number, cols: number): void };
    assert.deepEqual(Object.keys(instance.exports).sort(), ['adam', 'batchNorm', 'col2im', 'columnSum', 'im2col', 'tanh', 'transpose2d']);
    // A 3 × 5 matrix of int32 at byte 0, transposed to byte 64: the scalar edge path (fewer than 4 columns left).
    const heap = new Int32Array(memory.buffer);
    heap.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    exports.transpose2d(0, 64, 3, 5);
    assert.deepEqual([...heap.subarray(16, 31)], [1, 6, 11, 2, 7, 12, 3, 8, 13, 4, 9, 14, 5, 10, 15]);
  }
});
