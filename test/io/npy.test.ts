import { test } from 'node:test';
import assert from 'node:assert/strict';
import npyjs from 'npyjs';
import { encodeNpy } from '../../src/io/npy.js';

function parse(bytes: Uint8Array) {
  const copy = bytes.slice().buffer;
  return new npyjs().parse(copy);
}

test('encodeNpy writes a v1.0 header aligned to 64 bytes that an independent reader parses back', () => {
  const data = Float32Array.from([0, -1.5, 2.25, 3e-8, 1e30, -0]);
  const bytes = encodeNpy({ data, shape: [3, 2] });
  assert.deepEqual([...bytes.slice(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes[8]! + 256 * bytes[9]!;
  assert.equal((10 + headerLength) % 64, 0);
  const header = new TextDecoder().decode(bytes.slice(10, 10 + headerLength));
  assert.equal(header, `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }`.padEnd(headerLength - 1) + '\n');
  const parsed = parse(bytes);
  assert.deepEqual(parsed.shape, [3, 2]);
  assert.equal(parsed.dtype, 'f4');
  assert.ok(parsed.data instanceof Float32Array);
  assert.deepEqual([...(parsed.data as Float32Array)], [...data]);
  assert.equal(bytes.length, 10 + headerLength + 24);
});

test('encodeNpy writes 1-D shapes as a Python 1-tuple and int32 as <i4', () => {
  const bytes = encodeNpy({ data: Int32Array.from([7, -3, 2147483647]), shape: [3] });
  const headerLength = bytes[8]! + 256 * bytes[9]!;
  assert.match(new TextDecoder().decode(bytes.slice(10, 10 + headerLength)), /'descr': '<i4', 'fortran_order': False, 'shape': \(3,\), /);
  const parsed = parse(bytes);
  assert.deepEqual(parsed.shape, [3]);
  assert.deepEqual([...(parsed.data as Int32Array)], [7, -3, 2147483647]);
});

test('encodeNpy rejects a shape that does not match the data', () => {
  assert.throws(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] }), /shape \[2, 3\] holds 6 values, but data has 5/);
  assert.throws(() => encodeNpy({ data: new Float32Array(0), shape: [-1] }), /non-negative integers, saw \[-1\]/);
});
