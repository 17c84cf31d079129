// docs/custom-algorithms.md shows examples/bigan.ts file for file: the guide's listing cannot drift from the tested example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

test('the BiGAN listing of docs/custom-algorithms.md is examples/bigan.ts, and the algorithm stays under 100 lines', () => {
  const guide = readFileSync(resolve(root, 'docs/custom-algorithms.md'), 'utf8');
  const file = readFileSync(resolve(root, 'examples/bigan.ts'), 'utf8');
  const blocks = [...guide.matchAll(/```ts(?: title="bigan\.ts")?\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.includes(file), 'the guide lists examples/bigan.ts verbatim');
  assert.ok(file.split('\n').length < 100, `examples/bigan.ts has ${file.split('\n').length} lines`);
});
