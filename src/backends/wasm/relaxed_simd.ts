/** `v128.const i32x4 0 0 0 0`. */
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

/**
 * The smallest module that uses relaxed SIMD: `(module (func (result v128) (f32x4.relaxed_madd (v128.const i32x4 0 0 0 0)
 * (v128.const i32x4 0 0 0 0) (v128.const i32x4 0 0 0 0))))`. A runtime validates it exactly when it supports
 * WebAssembly's relaxed SIMD (and SIMD).
 */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () → v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x3d, 0x01, 0x3b, 0x00, // code section: one body of 59 bytes, no locals
  ...V128_ZERO, ...V128_ZERO, ...V128_ZERO,
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd (0xfd 0x105)
  0x0b, // end
]);

let supported: boolean | undefined;

/**
 * Whether the running JavaScript engine supports WebAssembly's relaxed SIMD (fused multiply-add `f32x4.relaxed_madd`
 * among others): Chrome and Edge from 114, Node.js from 22; Node.js 20 only with `--experimental-wasm-relaxed-simd`.
 * Decided once per process by validating a one-instruction module.
 *
 * @internal
 */
export function relaxedSimdSupported(): boolean {
  supported ??= typeof WebAssembly === 'object' && WebAssembly.validate(PROBE);
  return supported;
}
