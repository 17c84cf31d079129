// The doc-test harness: every TypeScript block of README.md and docs/*.md (a new guide is picked up by itself) is
// type-checked under strict settings against the built package — `import … from 'gan-kit'` resolves to dist/ through
// the package's own "exports", as in a user's project — and then run on its own, as a user runs a script, in a fresh
// folder. Each block must therefore be complete: its imports, its backend, its data.
//
// A block fenced as ```ts title="bigan.ts" is also a module of that name, which the guide's later blocks import as
// './bigan.js' (the guide shows the file a reader saves next to their script).
//
// Shorter runs: before checking and running, the harness rewrites every `steps: N` to `steps: 2`, every `epochs: N`
// to `epochs: 1` and every `batchSize: N` to `batchSize: 16` (numeric literals only); the guides show the real values.
// Blocks that read the reader's own files (IDX, CIFAR-10 batches, folders of images) get small files of that kind
// under the names they use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/** One TypeScript block of a guide. */
interface Block {
  /** `docs/data.md:53`: the guide and the line of the block's first line of code. */
  readonly where: string;
  readonly code: string;
  /** Its module file (under the repository, so that 'gan-kit' resolves to the package itself). */
  readonly file: string;
}

/** The guides: README.md and every docs/*.md. */
function guides(): string[] {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

/** The documented rewrite that makes the examples short: `steps: 2000` → `steps: 2`, `epochs: 3` → `epochs: 1`, `batchSize: 64` → `batchSize: 16`. */
function shortened(code: string): string {
  return code.replace(/\bsteps: [\d_]+/g, 'steps: 2').replace(/\bepochs: [\d_]+/g, 'epochs: 1').replace(/\bbatchSize: [\d_]+/g, 'batchSize: 16');
}

const modules = join(root, '.tmp', `doc-blocks-${process.pid}`);
const blocks: Block[] = [];
for (const guide of guides()) {
  const lines = readFileSync(join(root, guide), 'utf8').split('\n');
  let start = -1;
  let title: string | undefined;
  lines.forEach((line, i) => {
    const fence = /^```(?:ts|typescript)(?:\s+title="([\w-]+)\.ts")?\s*$/.exec(line);
    if (start < 0 && fence !== null) {
      start = i + 1;
      title = fence[1];
    } else if (start >= 0 && /^```\s*$/.test(line)) {
      const n = String(blocks.length + 1).padStart(2, '0');
      const name = title ?? `${n}-${guide.replace(/^docs\//, '').replace(/\.md$/, '')}-${start + 1}`;
      blocks.push({ where: `${guide}:${start + 1}`, code: shortened(lines.slice(start, i).join('\n')), file: join(modules, `${name}.${title === undefined ? 'mts' : 'ts'}`) });
      start = -1;
    }
  });
}

/** An unsigned-byte IDX file (magic 0x0000 08 rank, big-endian dimensions, the bytes). */
function idx(shape: readonly number[], values: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, shape.length);
  shape.forEach((d, i) => header.setUint32(4 + 4 * i, d));
  return new Uint8Array([...new Uint8Array(header.buffer), ...values]);
}

/** A folder of `count` small RGB PNGs `0000.png`, … (`width` × `height`, a different grey per file). */
function pngFolder(dir: string, count: number, width: number, height: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const png = new PNG({ width, height });
    png.data.fill(30 * i + 10);
    writeFileSync(join(dir, `${String(i).padStart(4, '0')}.png`), PNG.sync.write(png));
  }
}

/** Small files under the names the guides' loaders read, in `dir`. */
function readersFiles(dir: string): void {
  for (const folder of ['horse2zebra/trainA', 'horse2zebra/trainB', 'edges', 'photos']) pngFolder(join(dir, folder), 4, 16, 16);
  pngFolder(join(dir, 'facades/train'), 4, 32, 16);
  const count = 2048;
  mkdirSync(join(dir, 'fashion'));
  const pixels = Uint8Array.from({ length: count * 28 * 28 }, (_, i) => (i * 7) % 256);
  writeFileSync(join(dir, 'fashion', 'train-images-idx3-ubyte.gz'), gzipSync(idx([count, 28, 28], pixels)));
  writeFileSync(join(dir, 'fashion', 'train-labels-idx1-ubyte.gz'), gzipSync(idx([count], Uint8Array.from({ length: count }, (_, i) => i % 10))));
  mkdirSync(join(dir, 'cifar-10-batches-bin'));
  for (let b = 1; b <= 5; b++) {
    const records = Uint8Array.from({ length: 4 * 3073 }, (_, i) => (i % 3073 === 0 ? (i / 3073) % 10 : (i * b) % 256));
    writeFileSync(join(dir, 'cifar-10-batches-bin', `data_batch_${b}.bin`), records);
  }
  mkdirSync(join(dir, 'faces'));
  for (let i = 0; i < 3; i++) {
    const png = new PNG({ width: 80, height: 72 });
    png.data.fill(60 * i + 20);
    writeFileSync(join(dir, 'faces', `face-${i}.png`), PNG.sync.write(png));
  }
}

before(() => {
  mkdirSync(modules, { recursive: true });
  for (const b of blocks) writeFileSync(b.file, `${b.code}\n`);
  writeFileSync(join(modules, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, noImplicitOverride: true,
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: ['node'],
      skipLibCheck: true, esModuleInterop: true, outDir: 'out', rootDir: '.',
    },
    include: ['*.mts', '*.ts'],
  }));
});

after(() => {
  rmSync(modules, { recursive: true, force: true });
});

test(`the guides hold TypeScript blocks (${blocks.length} found)`, () => {
  assert.ok(blocks.length >= 30, `${blocks.length} blocks`);
});

test('every block type-checks under strict settings against the built package', async () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const errors = await run(process.execPath, [tsc, '-p', join(modules, 'tsconfig.json')], { cwd: modules }).then(
    () => [],
    (error: { stdout?: string }) => String(error.stdout ?? error).split('\n').filter((l) => /error TS/.test(l)),
  );
  // tsc names the module file and the line in it: say the guide and its line instead.
  const inGuides = errors.map((line) => {
    const match = /^([\w-]+)\.m?ts\((\d+),\d+\): (.*)$/.exec(line);
    const block = match === null ? undefined : blocks.find((b) => b.file.split('/').at(-1)!.replace(/\.m?ts$/, '') === match[1]);
    if (match === null || block === undefined) return line;
    const [guide, first] = block.where.split(':');
    return `${guide}:${Number(first) + Number(match[2]) - 1}: ${match[3]}`;
  });
  assert.deepEqual(inGuides, [], `\n${inGuides.join('\n')}`);
});

for (const [i, block] of blocks.entries()) {
  test(`${block.where} runs on its own`, { timeout: 120_000 }, async () => {
    const compiled = join(modules, 'out', `${block.file.split('/').at(-1)!.replace(/\.mts$/, '.mjs').replace(/\.ts$/, '.js')}`);
    const cwd = mkdtempSync(join(tmpdir(), `gan-kit-doc-block-${i + 1}-`));
    try {
      if (/fashion\/|cifar-10-batches-bin|faces\/|horse2zebra\/|facades\//.test(block.code)) readersFiles(cwd);
      const result = await run(process.execPath, [compiled], { cwd, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`${block.where} failed:\n${error.stderr ?? error.message}`);
      });
      assert.doesNotMatch(result.stderr, /Error|warning/i, `${block.where} printed to stderr:\n${result.stderr}`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
}
