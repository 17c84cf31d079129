// gan-kit's WebAssembly im2col and col2im (src/backends/wasm/gan_kit_kernels.wat): a hand-computed patch matrix, and
// col2im as the exact adjoint of im2col (⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩) over strides, paddings, kernel sizes and
// channel counts that take the 4-wide and the scalar copy paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLAIN_MEMORY_KERNELS } from '../../src/backends/wasm/kernel_binary.js';
import type { GanKitWasmKernels } from '../../src/backends/wasm/kernel_module.js';
import { SeededRandom } from '../../src/utils/random.js';

const memory = new WebAssembly.Memory({ initial: 64 });
const kernels = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(PLAIN_MEMORY_KERNELS, 'base64')), { env: { memory } })
  .exports as unknown as GanKitWasmKernels;
const heap = new Float32Array(memory.buffer);

interface Geometry {
  batch: number; h: number; w: number; c: number; kh: number; kw: number; sh: number; sw: number; pt: number; pl: number; oh: number; ow: number;
}

const args = (g: Geometry) => [g.batch, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.oh, g.ow] as const;

test('im2col of a 1 × 3 × 3 × 1 image, 2 × 2 patches, stride 1, one row and column of padding on top and left', () => {
  const g: Geometry = { batch: 1, h: 3, w: 3, c: 1, kh: 2, kw: 2, sh: 1, sw: 1, pt: 1, pl: 1, oh: 3, ow: 3 };
  heap.set([1, 2, 3, 4, 5, 6, 7, 8, 9], 0);
  heap.fill(-1, 64, 64 + 36);
  kernels.im2col(0, 256, ...args(g));
  // Rows: output positions (oy, ox); columns: taps (ky, kx) = (0,0) (0,1) (1,0) (1,1) at x[oy + ky − 1, ox + kx − 1].
  assert.deepEqual([...heap.subarray(64, 100)], [
    0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 2, 3,
    0, 1, 0, 4, 1, 2, 4, 5, 2, 3, 5, 6,
    0, 4, 0, 7, 4, 5, 7, 8, 5, 6, 8, 9,
  ]);
});

test('col2im is the adjoint of im2col: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩ on 8 geometries', () => {
  const geometries: Geometry[] = [
    { batch: 2, h: 28, w: 28, c: 1, kh: 4, kw: 4, sh: 2, sw: 2, pt: 1, pl: 1, oh: 14, ow: 14 }, // DCGAN-28's image layer
    { batch: 1, h: 7, w: 9, c: 6, kh: 3, kw: 3, sh: 1, sw: 2, pt: 1, pl: 0, oh: 7, ow: 4 },
    { batch: 3, h: 5, w: 5, c: 3, kh: 5, kw: 2, sh: 2, sw: 1, pt: 2, pl: 1, oh: 3, ow: 5 },
    { batch: 1, h: 6, w: 6, c: 9, kh: 1, kw: 1, sh: 3, sw: 3, pt: 0, pl: 0, oh: 2, ow: 2 },
    { batch: 2, h: 4, w: 3, c: 2, kh: 3, kw: 3, sh: 1, sw: 1, pt: 2, pl: 2, oh: 6, ow: 5 }, // outputs beyond x
    { batch: 1, h: 9, w: 7, c: 1, kh: 4, kw: 4, sh: 2, sw: 2, pt: 0, pl: 0, oh: 3, ow: 2 }, // 'valid', rows unread
    { batch: 1, h: 3, w: 3, c: 16, kh: 2, kw: 2, sh: 1, sw: 1, pt: 0, pl: 0, oh: 2, ow: 2 },
    { batch: 1, h: 2, w: 2, c: 5, kh: 3, kw: 3, sh: 1, sw: 1, pt: 3, pl: 3, oh: 2, ow: 2 }, // every patch outside x
  ];
  geometries.forEach((g, i) => {
    const xSize = g.batch * g.h * g.w * g.c;
    const colsSize = g.batch * g.oh * g.ow * g.kh * g.kw * g.c;
    const random = new SeededRandom(100 + i);
    const x = Float32Array.from({ length: xSize }, () => random.normal());
    const y = Float32Array.from({ length: colsSize }, () => random.normal());
    const [px, pcols, py, pdx] = [0, 4 * xSize, 4 * (xSize + colsSize), 4 * (xSize + 2 * colsSize)];
    heap.set(x, px / 4);
    heap.fill(Number.NaN, pcols / 4, pcols / 4 + colsSize); // every entry must be written
    heap.set(y, py / 4);
    heap.fill(Number.NaN, pdx / 4, pdx / 4 + xSize);
    kernels.im2col(px, pcols, ...args(g));
    kernels.col2im(py, pdx, ...args(g));
    let left = 0;
    let right = 0;
    let scale = 0;
    for (let j = 0; j < colsSize; j++) {
      left += heap[pcols / 4 + j]! * y[j]!;
      scale += Math.abs(heap[pcols / 4 + j]! * y[j]!);
    }
    for (let j = 0; j < xSize; j++) right += x[j]! * heap[pdx / 4 + j]!;
    assert.ok(Number.isFinite(left) && Number.isFinite(right), `geometry ${i}: every entry written`);
    assert.ok(Math.abs(left - right) <= 1e-5 * Math.max(scale, 1), `geometry ${i}: ${left} ≠ ${right}`);
  });
});
