/** Element types {@link encodeNpy} writes, with their NumPy `descr` (little-endian). */
const DESCR = { float32: '<f4', int32: '<i4' } as const;

/** An array to write as `.npy`: row-major values and their shape. */
export interface NpyArray {
  /** Row-major values; `Float32Array` is written as `<f4`, `Int32Array` as `<i4`. */
  readonly data: Float32Array | Int32Array;
  /** The array's shape; the product of its dimensions must equal `data.length`. */
  readonly shape: readonly number[];
}

/**
 * Encodes an array in NumPy's `.npy` format, version 1.0 (magic `\x93NUMPY`, a Python-literal header
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (…), }` padded with spaces so the data starts at a multiple
 * of 64 bytes, then the little-endian values), readable by `numpy.load`.
 *
 * @example
 * ```ts
 * const bytes = encodeNpy({ data: await samples.data() as Float32Array, shape: samples.shape });
 * ```
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const { data, shape } = array;
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(`encodeNpy: shape must hold non-negative integers, saw [${shape.join(', ')}].`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new RangeError(`encodeNpy: shape [${shape.join(', ')}] holds ${size} values, but data has ${data.length}.`);
  }
  const descr = data instanceof Int32Array ? DESCR.int32 : DESCR.float32;
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const total = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - preamble - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, total);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Int32Array) body.setInt32(4 * i, data[i]!, true);
    else body.setFloat32(4 * i, data[i]!, true);
  }
  return out;
}
