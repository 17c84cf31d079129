import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { encodeGif, writeGif } from '../../src/io/animation.js';
import { createRgbaImage, type Rgb } from '../../src/io/raster.js';

/** What the block structure of a GIF says (GIF89a specification): size, frames, their delays and colour tables. */
interface GifSummary {
  header: string;
  width: number;
  height: number;
  loops: boolean;
  delays: number[];
  frames: { width: number; height: number; palette: number[][] }[];
}

function readColourTable(bytes: Uint8Array, at: number, packed: number): number[][] {
  const size = 2 << (packed & 7);
  return Array.from({ length: size }, (_, i) => [...bytes.subarray(at + 3 * i, at + 3 * i + 3)]);
}

function summarizeGif(bytes: Uint8Array): GifSummary {
  const u16 = (at: number): number => bytes[at]! | (bytes[at + 1]! << 8);
  const header = String.fromCharCode(...bytes.subarray(0, 6));
  const screenPacked = bytes[10]!;
  let at = 13;
  let globalTable: number[][] = [];
  if (screenPacked & 0x80) {
    globalTable = readColourTable(bytes, at, screenPacked);
    at += 3 * globalTable.length;
  }
  const summary: GifSummary = { header, width: u16(6), height: u16(8), loops: false, delays: [], frames: [] };
  const skipSubBlocks = (): void => {
    while (bytes[at] !== 0) at += bytes[at]! + 1;
    at += 1;
  };
  for (;;) {
    const block = bytes[at];
    if (block === 0x3b) return summary;
    if (block === 0x21) {
      const label = bytes[at + 1];
      if (label === 0xf9) summary.delays.push(u16(at + 4) * 10);
      if (label === 0xff && String.fromCharCode(...bytes.subarray(at + 3, at + 14)) === 'NETSCAPE2.0') summary.loops = true;
      at += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      const packed = bytes[at + 9]!;
      const frame = { width: u16(at + 5), height: u16(at + 7), palette: globalTable };
      at += 10;
      if (packed & 0x80) {
        frame.palette = readColourTable(bytes, at, packed);
        at += 3 * frame.palette.length;
      }
      summary.frames.push(frame);
      at += 1; // LZW minimum code size
      skipSubBlocks();
    } else {
      throw new Error(`unexpected block 0x${block?.toString(16)} at byte ${at}`);
    }
  }
}

/** A 6×4 picture: left half `a`, right half `b`. */
function halves(a: Rgb, b: Rgb): ReturnType<typeof createRgbaImage> {
  const image = createRgbaImage(6, 4, a);
  for (let y = 0; y < 4; y++) for (let x = 3; x < 6; x++) image.data.set([...b, 255], 4 * (y * 6 + x));
  return image;
}

const near = (palette: number[][], colour: Rgb): boolean => palette.some((p) => p.every((v, c) => Math.abs(v - colour[c]!) <= 8));

describe('encodeGif', () => {
  it('writes a looping GIF89a with one frame per picture, its delay and palettes holding its colours', async () => {
    const colours: [Rgb, Rgb][] = [
      [[255, 0, 0], [0, 0, 255]],
      [[10, 200, 30], [250, 250, 250]],
      [[0, 0, 0], [128, 64, 32]],
    ];
    const gif = summarizeGif(await encodeGif(colours.map(([a, b]) => halves(a, b)), { delayMs: 250 }));
    assert.equal(gif.header, 'GIF89a');
    assert.equal(gif.width, 6);
    assert.equal(gif.height, 4);
    assert.equal(gif.loops, true);
    assert.deepEqual(gif.delays, [250, 250, 250]);
    assert.equal(gif.frames.length, 3);
    gif.frames.forEach((frame, i) => {
      assert.deepEqual([frame.width, frame.height], [6, 4]);
      for (const colour of colours[i]!) assert.ok(near(frame.palette, colour), `frame ${i} lacks ${colour}`);
    });
  });

  it('plays once when loop is false, and writes files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gan-kit-gif-'));
    try {
      const path = join(dir, 'a', 'once.gif');
      await writeGif(path, [halves([1, 2, 3], [4, 5, 6])], { loop: false });
      const gif = summarizeGif(new Uint8Array(await readFile(path)));
      assert.equal(gif.loops, false);
      assert.deepEqual(gif.delays, [200]);
      assert.equal(gif.frames.length, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects no frames, frames of different sizes and a negative delay', async () => {
    await assert.rejects(encodeGif([]), /frames is empty/);
    await assert.rejects(encodeGif([halves([0, 0, 0], [0, 0, 0]), createRgbaImage(3, 3, [0, 0, 0])]), /every frame must be 6 × 4 like frames\[0\]; frames\[1\] is 3 × 3/);
    await assert.rejects(encodeGif([halves([0, 0, 0], [0, 0, 0])], { delayMs: -5 }), /delayMs must be a finite number ≥ 0, got -5/);
  });
});
