// Helpers of the end-to-end CLI tests: run the built `gan-kit` command (dist/cli.js, built by `npm test`) and read
// the files it writes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');

/** Fails early, with what to do, when the CLI has not been built. */
export function assertBuilt(): void {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` (npm test does)');
}

/** Runs `gan-kit ...args` as a user would, in a child process. */
export function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A .npy v1.0 file: its element type (`'<f4'` or `'<i4'`), shape and values, with the body size checked against the shape. */
export function readNpy(path: string): { descr: string; shape: number[]; values: Float32Array | Int32Array } {
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 'npy magic');
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const descr = /'descr': '([^']*)', 'fortran_order': False/.exec(header)?.[1];
  assert.ok(descr === '<f4' || descr === '<i4', `npy descr ${String(descr)} in ${header}`);
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.subarray(10 + headerLength);
  assert.equal(body.length, 4 * count, 'npy body size');
  const copy = new ArrayBuffer(body.length);
  new Uint8Array(copy).set(body);
  return { descr, shape, values: descr === '<i4' ? new Int32Array(copy) : new Float32Array(copy) };
}

/** The shape of a float32 .npy file. */
export function npyShape(path: string): number[] {
  const { descr, shape } = readNpy(path);
  assert.equal(descr, '<f4');
  return shape;
}

/** Frames of a GIF, counted by walking its block structure. */
export function gifFrames(path: string): number {
  const b = readFileSync(path);
  assert.equal(b.subarray(0, 6).toString('latin1'), 'GIF89a');
  let p = 13;
  if (b[10]! & 0x80) p += 3 * 2 ** ((b[10]! & 7) + 1);
  let frames = 0;
  const skipSubBlocks = () => { while (b[p] !== 0) p += b[p]! + 1; p += 1; };
  for (;;) {
    const tag = b[p];
    if (tag === 0x3b) return frames;
    if (tag === 0x21) { p += 2; skipSubBlocks(); continue; }
    assert.equal(tag, 0x2c, `unexpected GIF block 0x${tag?.toString(16)} at ${p}`);
    frames += 1;
    const packed = b[p + 9]!;
    p += 10;
    if (packed & 0x80) p += 3 * 2 ** ((packed & 7) + 1);
    p += 1;
    skipSubBlocks();
  }
}

/** A decoded PNG file. */
export function png(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

/** Checks that a bad-input command exits with code 2 and prints exactly one line on stderr matching `message`. */
export function assertUsageError(args: readonly string[], message: RegExp): void {
  const r = run(...args);
  assert.equal(r.code, 2, `${args.join(' ')} → exit ${r.code}\n${r.stderr}${r.stdout}`);
  assert.match(r.stderr, message, args.join(' '));
  assert.equal(r.stderr.trim().split('\n').length, 1, `more than one line for ${args.join(' ')}:\n${r.stderr}`);
}
