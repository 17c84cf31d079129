// The packed tarball, installed the way a user installs it (with only tfjs-core, tfjs-layers and one backend),
// imported from an ESM and from a CommonJS TypeScript project under strict settings, type-checked and run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let work = '';
let tarball = '';

const strict = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  skipLibCheck: true,
  types: [] as string[],
};

const program = (importLine: string) => `${importLine}
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const names = [DCGAN, MLPGAN, AdversarialTrainer, nonSaturatingLoss, minimaxLoss, wassersteinLoss, SpectralNormalization]
    .map((f) => f.name);
  const gan = new MLPGAN({ sampleShape: [2], latentDim: 2 });
  const custom: GanLoss = {
    name: 'custom',
    discriminatorLoss: ({ realLogits, fakeLogits }) => tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))),
    generatorLoss: ({ fakeLogits }) => tf.mean(tf.softplus(tf.neg(fakeLogits))),
  };
  const trainer = new AdversarialTrainer(gan, { loss: custom, seed: 1 });
  const data = tf.randomNormal([32, 2]);
  const history = await trainer.fit(data, { steps: 2, batchSize: 16 });
  const samples = trainer.sample(4);
  const dcgan = new DCGAN({ imageShape: [28, 28, 1], latentDim: 8 });
  console.log(JSON.stringify({ names, steps: history.steps.length, shape: samples.shape, image: dcgan.generator.outputs[0]?.shape, loss: wassersteinLoss().name }));
}
void main();
`;

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** tsc's diagnostics with every declaration file checked; tsc exits non-zero on tfjs's own .d.ts, so read its output. */
function libCheckErrors(cwd: string): string[] {
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit', '--skipLibCheck', 'false'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return [];
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '').split('\n').filter((l) => /error TS/.test(l));
  }
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'gan-kit-consumers-'));
  // --ignore-scripts: dist/ is already built (npm test builds it first), and the prepare script's rebuild would empty
  // dist/ under the test files running beside this one.
  run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], root);
  const packed = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(packed, 'npm pack wrote no tarball');
  tarball = join(work, packed);
});

after(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

test('the tarball passes publint and arethetypeswrong', () => {
  const pub = run(join(root, 'node_modules/.bin/publint'), [tarball, '--strict'], root);
  assert.doesNotMatch(pub, /error|warning/i, pub);
  const attw = run(join(root, 'node_modules/.bin/attw'), [tarball, '--format', 'table-flipped'], root);
  assert.match(attw, /No problems found/, attw);
});

for (const kind of ['esm', 'cjs'] as const) {
  test(`a ${kind.toUpperCase()} TypeScript project with only tfjs-core + tfjs-layers + a backend imports, type-checks and trains`, () => {
    const dir = join(work, kind);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${kind}`, private: true, type: kind === 'esm' ? 'module' : 'commonjs' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-save', tarball,
      '@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0'], dir);
    const importLine = "import { DCGAN, MLPGAN, AdversarialTrainer, nonSaturatingLoss, minimaxLoss, wassersteinLoss, SpectralNormalization, type GanLoss } from 'gan-kit';";
    writeFileSync(join(dir, 'main.ts'), program(importLine) + `void nonSaturatingLoss; void minimaxLoss;\n`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        ...strict,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        esModuleInterop: true,
        outDir: 'out',
      },
      files: ['main.ts'],
    }));
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
    // tfjs 4.22's own declarations do not pass a strict lib check; gan-kit's must.
    const ours = libCheckErrors(dir).filter((l) => l.includes('gan-kit') || l.startsWith('main.ts'));
    assert.deepEqual(ours, [], ours.join('\n'));
    const out = run(process.execPath, [join('out', 'main.js')], dir);
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { names: string[]; steps: number; shape: number[]; image: number[]; loss: string };
    assert.deepEqual(result.names, ['DCGAN', 'MLPGAN', 'AdversarialTrainer', 'nonSaturatingLoss', 'minimaxLoss', 'wassersteinLoss', 'SpectralNormalization']);
    assert.equal(result.steps, 2);
    assert.deepEqual(result.shape, [4, 2]);
    assert.deepEqual(result.image, [null, 28, 28, 1]);
    assert.equal(result.loss, 'wasserstein');
    if (kind === 'esm') {
      // The package's command, as the README runs it, in a project that installed the package.
      const trained = run('npx', ['gan-kit', 'train', '--data', 'ring8', '--steps', '2', '--batch-size', '16', '--g-units', '8', '--d-units', '8', '--out', 'run'], dir);
      assert.match(trained, /finished at step 2\/2/);
      assert.match(run('npx', ['gan-kit', 'info', '--run', 'run'], dir), /progress {3}step 2\/2/);
    }
  });
}
