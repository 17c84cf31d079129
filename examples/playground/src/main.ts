// The playground page: wires the settings form, the play / pause / step / reset controls, the views and the
// explorer together. Everything GAN-related goes through gan-kit's public API (see settings.ts, session.ts).
import * as tf from '@tensorflow/tfjs-core';
import { BACKENDS, backendAvailable, useBackend, type BackendName } from './backends.js';
import { DATA_NAMES, initialDrawing, type DataName } from './datasets.js';
import { Explorer } from './explorer.js';
import { filesOfDrop, filesOfInput } from './generator_files.js';
import type { PlaygroundApi, PlaygroundState, PlaygroundWindow } from './page_api.js';
import { TrainingSession } from './session.js';
import { LOSSES, MODEL_NAMES, REGULARIZERS, defaultSettings, type Settings } from './settings.js';
import { lossChart, scoreChart } from './views/charts.js';
import { ImagePanel } from './views/image_panel.js';
import { planeFrame, type PlaneFrame } from './views/plane_frame.js';
import { PlaneView, type PlaneLayers } from './views/plane_view.js';

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The page has no #${id}.`);
  return found as T;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// ---- The settings form ------------------------------------------------------------------------------------------

const NUMBER_FIELDS = [
  'latentDim', 'width', 'regularizerWeight', 'generatorLearningRate', 'discriminatorLearningRate', 'beta1',
  'discriminatorSteps', 'batchSize', 'seed',
] as const;

function parseUnits(id: string): number[] {
  const text = byId<HTMLInputElement>(id).value.trim();
  const units = text.split(',').map((s) => Number(s.trim()));
  if (text === '' || !units.every((u) => Number.isInteger(u) && u >= 1)) {
    throw new Error(`${id === 'generatorUnits' ? 'G' : 'D'} hidden units must be widths separated by commas, such as 64,64; saw "${text}".`);
  }
  return units;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`Unknown ${what} "${value}".`);
  return value as T;
}

function readSettings(): Settings {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((id) => {
    const value = byId<HTMLInputElement>(id).valueAsNumber;
    if (!Number.isFinite(value)) throw new Error(`${byId(id).parentElement?.textContent?.trim() ?? id} must be a number.`);
    return [id, value];
  })) as Record<(typeof NUMBER_FIELDS)[number], number>;
  return {
    ...numbers,
    data: oneOf(byId<HTMLSelectElement>('data').value, DATA_NAMES, 'data'),
    model: oneOf(byId<HTMLSelectElement>('model').value, MODEL_NAMES, 'model'),
    generatorUnits: parseUnits('generatorUnits'),
    discriminatorUnits: parseUnits('discriminatorUnits'),
    conditional: byId<HTMLInputElement>('conditional').checked,
    loss: oneOf(byId<HTMLSelectElement>('loss').value, Object.keys(LOSSES), 'loss'),
    regularizer: oneOf(byId<HTMLSelectElement>('regularizer').value, REGULARIZERS, 'regularizer'),
    backend: oneOf(byId<HTMLSelectElement>('backend').value, BACKENDS, 'backend'),
  };
}

function writeSettings(settings: Settings): void {
  for (const id of NUMBER_FIELDS) byId<HTMLInputElement>(id).value = String(settings[id]);
  for (const id of ['data', 'model', 'loss', 'regularizer', 'backend'] as const) byId<HTMLSelectElement>(id).value = settings[id];
  byId<HTMLInputElement>('generatorUnits').value = settings.generatorUnits.join(',');
  byId<HTMLInputElement>('discriminatorUnits').value = settings.discriminatorUnits.join(',');
  byId<HTMLInputElement>('conditional').checked = settings.conditional;
  const images = settings.data === 'mnist';
  document.querySelectorAll<HTMLElement>('.images-only').forEach((el) => { el.hidden = !images; });
  document.querySelectorAll<HTMLElement>('.mlp-only').forEach((el) => { el.hidden = settings.model !== 'mlp'; });
  document.querySelectorAll<HTMLElement>('.dcgan-only').forEach((el) => { el.hidden = settings.model !== 'dcgan'; });
  byId<HTMLSelectElement>('model').querySelector<HTMLOptionElement>('option[value="dcgan"]')!.disabled = !images;
}

// ---- Page state -------------------------------------------------------------------------------------------------

let session: TrainingSession | undefined;
let frame: PlaneFrame | undefined;
let shownStep = 0;
let renders = 0;
let busy = false;
/** The backend the page selected (tf.getBackend() would initialize the highest-priority one before any choice). */
let activeBackend: BackendName | undefined;
let drawing: number[][] = initialDrawing();
const available: BackendName[] = [];
/** Every rebuild and redraw runs after the previous one, in order. */
let queue: Promise<void> = Promise.resolve();
const enqueue = (task: () => Promise<void>): Promise<void> => (queue = queue.then(task, task));

const status = byId<HTMLParagraphElement>('status');
function say(text: string, isError = false): void {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

const planeView = new PlaneView(byId('plane'));
const imagePanel = new ImagePanel({
  grid: byId('grid'), classPicker: byId('grid-class'), classRow: byId('grid-class-row'),
  between: byId('interp-between'), strip: byId('interp-strip'), t: byId('interp-t'), pairSeed: byId('interp-seed'),
});
const charts = [lossChart(byId('loss-chart')), scoreChart(byId('score-chart'))];
const explorer = new Explorer(byId('explore-tab'));

function layers(): PlaneLayers {
  const on = (id: string) => byId<HTMLInputElement>(id).checked;
  return { surface: on('show-surface'), manifold: on('show-manifold'), real: on('show-real'), generated: on('show-generated'), gradients: on('show-gradients') };
}

function showCoverage(): void {
  const box = byId('coverage');
  const coverage = frame?.coverage;
  const mixture = session?.data.kind === 'plane' ? session.data.mixture : undefined;
  if (coverage === undefined || mixture === undefined) {
    box.textContent = '';
    return;
  }
  box.innerHTML = '';
  box.append(
    `modes covered: ${coverage.modesCaptured} / ${mixture.modes.length}`, document.createElement('br'),
    `high-quality samples: ${(100 * coverage.highQualityFraction).toFixed(1)}%`, document.createElement('br'),
    `reverse KL: ${Number.isNaN(coverage.reverseKl) ? '–' : coverage.reverseKl.toFixed(3)}`, document.createElement('br'),
    `(${frame!.generated.length / 2} samples of fixed noise; within 3σ of a mode = high quality)`,
  );
}

function showCounters(): void {
  const s = session;
  byId('step-count').textContent = String(s?.step ?? 0);
  byId('rate').textContent = (s?.stepsPerSecond ?? 0).toFixed(1);
  byId('play').textContent = s?.running === true ? 'Pause' : 'Play';
}

/** Redraws every view of the training tab from `s`. */
async function render(s: TrainingSession): Promise<void> {
  if (s !== session) return;
  if (s.data.kind === 'plane') {
    frame = await planeFrame(s.trainer, s.data);
    planeView.show(frame, s.data.view, s.settings.data === 'drawn' ? drawing : undefined, layers());
    showCoverage();
  } else {
    frame = undefined;
    await imagePanel.show(s.trainer);
  }
  for (const chart of charts) chart.update(s.records);
  shownStep = s.step;
  renders++;
  showCounters();
}

/** Replaces the run by a new one built from `settings` (switching backend first when it changed). */
function rebuild(settings: Settings): Promise<void> {
  return enqueue(async () => {
    busy = true;
    try {
      const old = session;
      session = undefined;
      frame = undefined;
      await old?.dispose();
      if (activeBackend !== settings.backend) {
        say(`starting ${settings.backend}…`);
        await useBackend(settings.backend);
        activeBackend = settings.backend;
      }
      if (settings.data === 'drawn' && drawing.length === 0) drawing = initialDrawing();
      const s = new TrainingSession(settings, drawing);
      s.onProgress = render;
      s.onError = (error) => say(`Training stopped: ${messageOf(error)}`, true);
      session = s;
      renders = 0;
      const images = s.data.kind === 'images';
      byId('plane-panel').hidden = images;
      byId('image-panel').hidden = !images;
      byId('drawing-tools').hidden = settings.data !== 'drawn';
      imagePanel.setClasses(s.models.classes);
      byId('backend-note').textContent = `backend: ${tf.getBackend()}`;
      say(`Ready: ${describe(settings)}. Press Play.`);
      await render(s);
    } catch (error) {
      say(messageOf(error), true);
      showCounters();
    } finally {
      busy = false;
    }
  });
}

function describe(s: Settings): string {
  const model = s.model === 'dcgan' ? `DCGAN (width ${s.width})` : `MLP (G ${s.generatorUnits.join('×')}, D ${s.discriminatorUnits.join('×')})`;
  const reg = s.regularizer === 'none' ? '' : ` + ${s.regularizer} ${s.regularizerWeight}`;
  return `${s.data}, ${s.conditional ? 'conditional ' : ''}${model}, z ${s.latentDim}, ${s.loss}${reg}, batch ${s.batchSize}, ${s.backend}`;
}

// ---- Controls ---------------------------------------------------------------------------------------------------

function settingsChanged(event: Event): void {
  const target = event.target as HTMLElement;
  try {
    if (target.id === 'data') {
      const data = byId<HTMLSelectElement>('data').value as DataName;
      writeSettings(defaultSettings(data, byId<HTMLSelectElement>('backend').value as BackendName));
    }
    const settings = readSettings();
    writeSettings(settings);
    void rebuild(settings);
  } catch (error) {
    say(messageOf(error), true);
  }
}
byId('settings').addEventListener('change', settingsChanged);
byId('settings').addEventListener('submit', (event) => event.preventDefault());

byId('play').addEventListener('click', () => {
  const s = session;
  if (s === undefined) return;
  if (s.running) {
    void s.pause().then(showCounters);
    return;
  }
  if (s.settings.data === 'drawn' && drawing.length === 0) {
    say('Draw some points on the plane first.', true);
    return;
  }
  say(`Training: ${describe(s.settings)}.`);
  s.play();
  showCounters();
});
byId('step').addEventListener('click', () => void session?.stepOnce());
byId('reset').addEventListener('click', () => {
  try {
    void rebuild(readSettings());
  } catch (error) {
    say(messageOf(error), true);
  }
});
byId('download').addEventListener('click', () => {
  session?.trainer.generator.save('downloads://generator').catch((error: unknown) => say(messageOf(error), true));
});
byId('to-explorer').addEventListener('click', () => {
  const s = session;
  if (s === undefined) return;
  const { data, model, loss } = s.settings;
  const config = { data, model, loss, steps: s.step, ...(s.models.classes === undefined ? {} : { conditioning: { classes: s.models.classes } }) };
  explorer.adopt(s.trainer.generator, "the training tab's generator", config)
    .then(() => selectTab('explore'), (error: unknown) => say(messageOf(error), true));
});
for (const id of ['show-surface', 'show-manifold', 'show-real', 'show-generated', 'show-gradients']) {
  byId(id).addEventListener('change', () => planeView.redraw(layers()));
}
for (const id of ['grid-class', 'interp-t', 'interp-seed']) {
  byId(id).addEventListener('input', () => {
    const s = session;
    if (s !== undefined && !s.running) void enqueue(() => render(s));
  });
}
planeView.enableDrawing(() => session?.settings.data === 'drawn', (points) => {
  drawing.push(...points);
  session?.setDrawing(drawing);
  planeView.show(frame, session?.data.kind === 'plane' ? session.data.view : [-1.5, 1.5], drawing, layers());
});
byId('clear-drawing').addEventListener('click', () => {
  drawing = [];
  void session?.pause();
  planeView.show(frame, [-1.5, 1.5], drawing, layers());
  say('Drawing cleared: draw new points, then press Play.');
});

// ---- Tabs and the explorer --------------------------------------------------------------------------------------

function selectTab(name: string): void {
  document.querySelectorAll<HTMLButtonElement>('.tab').forEach((tab) => tab.setAttribute('aria-selected', String(tab.dataset['tab'] === name)));
  byId('train-tab').hidden = name !== 'train';
  byId('explore-tab').hidden = name !== 'explore';
}
document.querySelectorAll<HTMLButtonElement>('.tab').forEach((tab) => tab.addEventListener('click', () => selectTab(tab.dataset['tab']!)));

const exploreStatus = byId<HTMLParagraphElement>('explore-status');
explorer.onMessage = (text, isError) => {
  exploreStatus.textContent = text;
  exploreStatus.classList.toggle('error', isError);
};
async function openFiles(files: ReturnType<typeof filesOfInput>): Promise<void> {
  explorer.onMessage(`opening ${files.length} files…`, false);
  try {
    await explorer.open(files);
    explorer.onMessage('', false);
  } catch (error) {
    explorer.onMessage(messageOf(error), true);
  }
}
for (const id of ['open-folder', 'open-files']) {
  const input = byId<HTMLInputElement>(id);
  input.addEventListener('change', () => {
    if (input.files !== null && input.files.length > 0) void openFiles(filesOfInput(input.files));
    input.value = '';
  });
}
// Files dropped anywhere on the page open in the explorer (instead of the browser navigating to them).
window.addEventListener('dragover', (event) => {
  event.preventDefault();
  byId('drop-zone').classList.add('over');
});
window.addEventListener('dragleave', () => byId('drop-zone').classList.remove('over'));
window.addEventListener('drop', (event) => {
  event.preventDefault();
  byId('drop-zone').classList.remove('over');
  if (event.dataTransfer === null) return;
  selectTab('explore');
  filesOfDrop(event.dataTransfer).then(openFiles, (error: unknown) => explorer.onMessage(messageOf(error), true));
});
byId('explore-download').addEventListener('click', () => {
  explorer.download().catch((error: unknown) => explorer.onMessage(messageOf(error), true));
});

// ---- Start ------------------------------------------------------------------------------------------------------

window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  say(messageOf(event.reason), true);
});
setInterval(showCounters, 500);

const api: PlaygroundApi = {
  state(): PlaygroundState {
    const s = session;
    return {
      backend: activeBackend === undefined ? '' : tf.getBackend(),
      settings: s?.settings ?? readSettings(),
      step: s?.step ?? 0,
      running: s?.running ?? false,
      stepsPerSecond: s?.stepsPerSecond ?? 0,
      records: s?.records ?? [],
      coverage: frame?.coverage,
      shownStep,
      renders,
      status: status.textContent ?? '',
      error: status.classList.contains('error'),
      availableBackends: available,
      drawnPoints: drawing.length,
      // tf.memory() throws while a backend is starting.
      tensors: activeBackend === undefined || busy ? -1 : tf.memory().numTensors,
      busy,
    };
  },
  generatedPoints: () => Array.from(frame?.generated ?? []),
  realPoints: () => Array.from(frame?.real ?? []),
  settled: () => queue,
  explorer: {
    state: () => explorer.state(),
    generate: (latents, label) => explorer.generateValues(latents, label),
  },
};
(window as PlaygroundWindow).ganKitPlayground = api;

async function start(): Promise<void> {
  for (const name of BACKENDS) {
    const ok = await backendAvailable(name);
    if (ok) available.push(name);
    const option = byId<HTMLSelectElement>('backend').querySelector<HTMLOptionElement>(`option[value="${name}"]`)!;
    option.disabled = !ok;
    if (!ok) option.textContent = `${name} (not in this browser)`;
  }
  const query = new URLSearchParams(location.search);
  const data = (DATA_NAMES as readonly string[]).includes(query.get('data') ?? '') ? query.get('data') as DataName : 'ring8';
  const wanted = query.get('backend') as BackendName | null;
  const backend = wanted !== null && available.includes(wanted) ? wanted : 'wasm';
  const settings = defaultSettings(data, backend);
  writeSettings(settings);
  await rebuild(settings);
}
void start();
