// gan-kit in a real browser: the built ESM package (dist/index.js, imported as 'gan-kit'), bundled by esbuild for the
// browser with tfjs-core, tfjs-layers and the cpu, wasm and webgl backends, served from 127.0.0.1 and driven in
// Debian's Chromium through playwright-core. On each backend the page trains an MLP GAN and a spectral-normalized
// DCGAN for a few steps and samples them (compared with the same scenario run in Node from the sources), then loads
// with tf.loadLayersModel a discriminator that Node saved with saveModel and evaluates it (compared with Node's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { checkChromium, launchChromium } from '../../examples/playground/tools/chromium.js';
import { DCGAN } from '../../src/architectures/dcgan.js';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { saveModel } from '../../src/io/model_files.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { useCpu } from '../helpers/backend.js';
import { assertClose } from './fixtures/assert_close.js';
import { checkBuiltPackage } from './fixtures/built_package.js';
import { DCGAN_OPTIONS, modelInput, runScenario, SAMPLE_COUNT, stripeImages, type GanRun, type ScenarioReport } from './fixtures/scenario.js';
import type { PageWindow } from './fixtures/page_api.js';

const BACKENDS = ['cpu', 'wasm', 'webgl'] as const;
/**
 * How closely the page's short training runs must match Node's (relative: |a − b| ≤ tol·max(1, |b|)): `cpu` runs the
 * same JavaScript kernels as Node, `wasm` its own float32 kernels. `webgl` is compared on the first discriminator
 * loss only (computed before any update): its trained values drift by ~1e-3 because tfjs-backend-webgl 4.22 reports
 * float16 precision whenever float32 rendering is on (tensorflow/tfjs#6980), so the default Adam's ε is 1e-4 there
 * instead of 1e-7, and Adam's first update turns the rounding of near-zero gradients into whole ±lr steps.
 */
const TRAINED_TOLERANCE: Readonly<Partial<Record<(typeof BACKENDS)[number], number>>> = { cpu: 1e-5, wasm: 1e-4 };
/** The first discriminator loss and the loaded model's logits: forward passes only, on every backend. */
const FORWARD_TOLERANCE = 1e-5;

const root = resolve(import.meta.dirname, '../..');
const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const WASM_FILE = /^tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm$/;
const SHARD_FILE = /^group\d+-shard\d+of\d+\.bin$/;

let work = '';
let server: Server | undefined;
let browser: Browser | undefined;
let origin = '';
let bundle = '';
let bundleInputs: string[] = [];
let nodeReport: ScenarioReport | undefined;
let nodePrediction: number[] = [];
const served: string[] = [];
const unknownRequests: string[] = [];

function serve(url: string): { body: Buffer | string; type: string } | undefined {
  const path = new URL(url, 'http://127.0.0.1').pathname;
  const [, folder = '', file = '', ...rest] = path.split('/');
  if (path === '/') return { body: '<!doctype html><meta charset="utf-8"><title>gan-kit</title><script type="module" src="/page.js"></script>', type: 'text/html' };
  if (path === '/page.js') return { body: bundle, type: 'text/javascript' };
  if (rest.length > 0) return undefined;
  if (folder === 'wasm' && WASM_FILE.test(file)) return { body: readFileSync(join(wasmDir, file)), type: 'application/wasm' };
  if (folder === 'model' && file === 'model.json') return { body: readFileSync(join(work, 'model', file)), type: 'application/json' };
  if (folder === 'model' && SHARD_FILE.test(file)) return { body: readFileSync(join(work, 'model', file)), type: 'application/octet-stream' };
  return undefined;
}

function startServer(): Promise<Server> {
  const s = createServer((request, response) => {
    const url = request.url ?? '/';
    if (url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const found = serve(url);
    if (found === undefined) {
      unknownRequests.push(url);
      response.writeHead(404).end();
      return;
    }
    served.push(url);
    response.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-store' }).end(found.body);
  });
  return new Promise((resolveServer, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolveServer(s));
  });
}

/** In Node, from the sources: the scenario, then a spectral-normalized discriminator trained 2 steps (so its power-iteration vectors u have moved from their initial values), saved with saveModel, and its outputs on modelInput(). */
async function prepareNode(): Promise<void> {
  await useCpu();
  installTrainingKernels();
  nodeReport = await runScenario({ MLPGAN, DCGAN, AdversarialTrainer });
  const gan = new DCGAN({ ...DCGAN_OPTIONS, seed: 9 });
  const trainer = new AdversarialTrainer(gan, { seed: 2 });
  const images = stripeImages(16);
  await trainer.fit(images, { steps: 2, batchSize: 8 });
  await saveModel(gan.discriminator, join(work, 'model'));
  const input = modelInput();
  const output = gan.discriminator.predict(input) as tf.Tensor;
  nodePrediction = Array.from(await output.data());
  tf.dispose([images, input, output]);
  trainer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
}

/** The page script: test/browser/fixtures/page.ts and everything it imports, bundled for the browser. */
async function bundlePage(): Promise<void> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['test/browser/fixtures/page.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  assert.ok(output !== undefined, 'esbuild wrote no bundle');
  bundle = output.text;
  bundleInputs = Object.keys(result.metafile.inputs);
}

before(async () => {
  checkChromium('test/browser');
  checkBuiltPackage();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-browser-'));
  // esbuild and Chromium start in their own processes while Node computes its reference; all settle before any
  // failure is reported, so that after() finds everything that was started.
  const launch = launchChromium().then((launched) => { browser = launched; });
  const settled = await Promise.allSettled([bundlePage(), launch, prepareNode(), startServer().then((s) => { server = s; })]);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  assert.ok(server !== undefined);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await browser?.close();
  if (server !== undefined) {
    const s = server;
    s.closeAllConnections();
    await new Promise<void>((resolveClose) => s.close(() => resolveClose()));
  }
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

async function openPage(errors: string[]): Promise<Page> {
  assert.ok(browser !== undefined);
  const page = await browser.newPage();
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as PageWindow).ganKitPage !== undefined, undefined, { timeout: 20_000 });
  return page;
}

test('the page bundle is the built ESM package with its tfjs peers, and nothing from src/', () => {
  assert.ok(bundleInputs.includes('dist/index.js'), `bundle inputs: ${bundleInputs.filter((i) => !i.includes('node_modules')).join(', ')}`);
  assert.deepEqual(bundleInputs.filter((i) => i.startsWith('src/')), []);
  for (const peer of ['tfjs-core', 'tfjs-layers', 'tfjs-backend-cpu', 'tfjs-backend-wasm', 'tfjs-backend-webgl']) {
    assert.ok(bundleInputs.some((i) => i.startsWith(`node_modules/@tensorflow/${peer}/`)), `${peer} is not in the bundle`);
  }
});

for (const backend of BACKENDS) {
  test(`in Chromium on ${backend}: trains and samples an MLP GAN and an SN-DCGAN as in Node, loads Node's saved SN discriminator with tf.loadLayersModel`, async () => {
    const errors: string[] = [];
    const page = await openPage(errors);
    try {
      const selected = await page.evaluate((name) => (window as PageWindow).ganKitPage!.useBackend(name), backend);
      assert.equal(selected.backend, backend);
      assert.deepEqual(selected.trainingKernels.length > 0, backend !== 'webgl', `training kernels on ${backend}: ${selected.trainingKernels.join(', ')}`);
      if (backend === 'wasm') assert.ok(served.some((u) => /^\/wasm\/tfjs-backend-wasm.*\.wasm$/.test(u)), `no .wasm file was requested: ${served.join(', ')}`);
      // gan-kit's own WebAssembly (transposes, the fused Adam step the scenario's optimizers run) loads in the page too.
      if (backend === 'wasm') assert.ok(['Transpose', 'GanKitAdamUpdate'].every((k) => selected.trainingKernels.includes(k)), selected.trainingKernels.join(', '));

      const report = await page.evaluate(() => (window as PageWindow).ganKitPage!.runScenario());
      const expected = nodeReport;
      assert.ok(expected !== undefined);
      assert.equal(report.backend, backend);
      assert.equal(report.tensorsAfter, report.tensorsBefore, 'tensors leaked by the scenario');
      const shapes: Record<string, number[]> = { MLPGAN: [SAMPLE_COUNT, 2], DCGAN: [SAMPLE_COUNT, 28, 28, 1] };
      assert.deepEqual(report.runs.map((r) => r.name), ['MLPGAN', 'DCGAN']);
      for (const [i, run] of report.runs.entries()) {
        const reference: GanRun | undefined = expected.runs[i];
        assert.ok(reference !== undefined && reference.name === run.name);
        assert.equal(run.discriminatorLosses.length, 3);
        assert.equal(run.generatorLosses.length, 3);
        for (const value of [...run.discriminatorLosses, ...run.generatorLosses, ...run.sampleValues]) {
          assert.ok(Number.isFinite(value), `${run.name}: non-finite value ${value}`);
        }
        assert.deepEqual(run.sampleShape, shapes[run.name]);
        assert.equal(run.tensorsAfterSecondFit, run.tensorsAfterFirstFit, `${run.name}: tensors leaked across steps`);
        assertClose(run.discriminatorLosses.slice(0, 1), reference.discriminatorLosses.slice(0, 1), FORWARD_TOLERANCE, `${run.name} first D loss`);
        const tolerance = TRAINED_TOLERANCE[backend];
        if (tolerance !== undefined) {
          assertClose(run.discriminatorLosses, reference.discriminatorLosses, tolerance, `${run.name} D losses`);
          assertClose(run.generatorLosses, reference.generatorLosses, tolerance, `${run.name} G losses`);
          assertClose(run.sampleValues, reference.sampleValues, tolerance, `${run.name} samples`);
        }
      }

      const prediction = await page.evaluate((url) => (window as PageWindow).ganKitPage!.predict(url), `${origin}/model/model.json`);
      assert.ok(prediction.layerClasses.includes('SpectralNormalization'), `layers: ${prediction.layerClasses.join(', ')}`);
      assert.deepEqual(prediction.shape, [3, 1]);
      assertClose(prediction.values, nodePrediction, FORWARD_TOLERANCE, 'discriminator logits');
      assert.ok(served.some((u) => SHARD_FILE.test(u.replace('/model/', ''))), 'no weight shard was requested');
      assert.deepEqual(errors, []);
      assert.deepEqual(unknownRequests, []);
    } finally {
      await page.close();
    }
  });
}

test("Node's reference outputs are not degenerate (so agreeing with them means something)", () => {
  assert.equal(new Set(nodePrediction).size, 3, `logits ${nodePrediction.join(', ')}`);
  for (const run of nodeReport?.runs ?? []) {
    assert.ok(new Set(run.sampleValues).size > run.sampleValues.length / 2, `${run.name}: samples barely vary`);
  }
  assert.equal(nodeReport?.runs.length, 2);
});
