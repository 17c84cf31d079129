// Steps per second of the playground page in Debian's Chromium, per backend and data set, as a person sees them:
// the page is built with Vite, served from 127.0.0.1, started with its default settings for the data set and played;
// the figure is the steps trained over a measured window divided by its wall time (the page's redraws included). The
// window opens `--warmup` seconds after the third step (webgl compiles its shaders during the first step, which takes
// seconds in a software renderer).
// Usage: npm run bench:playground -- [--data ring8,mnist] [--backends wasm,webgl,cpu] [--seconds 20] [--warmup 4]
//        [--screenshots DIR (per run: the training tab when paused, and the explorer on the trained generator)]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildPlayground } from '../examples/playground/tools/build.js';
import { checkChromium, launchChromium } from '../examples/playground/tools/chromium.js';
import { serveFolder } from '../examples/playground/tools/static_server.js';
import type { PlaygroundWindow } from '../examples/playground/src/page_api.js';

const { values: flags } = parseArgs({
  options: {
    data: { type: 'string', default: 'ring8,mnist' },
    backends: { type: 'string', default: 'wasm,webgl,cpu' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '4' },
    screenshots: { type: 'string' },
  },
});
const seconds = Number(flags.seconds);
const warmup = Number(flags.warmup);
if (!(seconds > 0) || !(warmup >= 0)) throw new Error(`--seconds must be > 0 and --warmup ≥ 0, got ${flags.seconds} and ${flags.warmup}.`);

const step = (page: Page) => page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.state().step);

checkChromium('bench:playground');
const work = mkdtempSync(join(tmpdir(), 'gan-kit-bench-playground-'));
try {
  await buildPlayground(join(work, 'site'));
  const server = await serveFolder(join(work, 'site'));
  const browser = await launchChromium();
  if (flags.screenshots !== undefined) mkdirSync(flags.screenshots, { recursive: true });
  const rows: string[] = [];
  try {
    for (const data of flags.data.split(',')) {
      for (const backend of flags.backends.split(',')) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        // A slow backend (cpu on a DCGAN) keeps the page busy for a whole step, during which clicks wait.
        page.setDefaultTimeout(600_000);
        await page.goto(`${server.origin}/?data=${data}&backend=${backend}`);
        await page.waitForFunction(() => ((window as PlaygroundWindow).ganKitPlayground?.state().renders ?? 0) > 0, undefined, { timeout: 120_000 });
        const state = await page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.state());
        if (state.backend !== backend) throw new Error(`the page runs ${state.backend}, not ${backend} (available here: ${state.availableBackends.join(', ')})`);
        const load = loadavg()[0]!.toFixed(2);
        await page.click('#play');
        await page.waitForFunction(() => (window as PlaygroundWindow).ganKitPlayground!.state().step >= 3, undefined, { timeout: 300_000 });
        await page.waitForTimeout(warmup * 1000);
        const startStep = await step(page);
        const start = performance.now();
        await page.waitForTimeout(seconds * 1000);
        const endStep = await step(page);
        const elapsed = (performance.now() - start) / 1000;
        const shown = await page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.state().stepsPerSecond);
        await page.click('#play');
        if (flags.screenshots !== undefined) {
          await page.evaluate(() => (window as PlaygroundWindow).ganKitPlayground!.settled());
          await page.screenshot({ path: join(flags.screenshots, `playground-${data}-${backend}.png`) });
          await page.click('#to-explorer');
          await page.waitForFunction(() => (window as PlaygroundWindow).ganKitPlayground!.explorer.state() !== undefined, undefined, { timeout: 60_000 });
          await page.screenshot({ path: join(flags.screenshots, `playground-${data}-${backend}-explore.png`) });
        }
        const s = state.settings;
        const model = s.model === 'dcgan' ? `DCGAN width ${s.width}, z ${s.latentDim}` : `MLP G ${s.generatorUnits.join('×')} D ${s.discriminatorUnits.join('×')}, z ${s.latentDim}`;
        const rate = (endStep - startStep) / elapsed;
        rows.push(`| ${data} | ${model}, batch ${s.batchSize} | ${backend} | ${rate.toFixed(1)} | ${shown.toFixed(1)} | ${endStep - startStep} in ${elapsed.toFixed(1)} s | ${load} → ${loadavg()[0]!.toFixed(2)} |`);
        console.log(rows.at(-1));
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('\n| data | model | backend | steps/s | page showed | steps measured | load average (1 min) |\n|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  rmSync(work, { recursive: true, force: true });
}
