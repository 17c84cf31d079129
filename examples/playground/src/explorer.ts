// The "Explore a generator" tab: opens a generator saved by `gan-kit train` (or downloaded from this page), and shows
// what it makes of latent vectors chosen with sliders over latent directions, an interpolation between two samples,
// ψ-truncation towards the mean latent, and for conditional generators the class.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { grid25Modes, interpolationPath, lerp, ring8Modes, slerp, truncateTowardMean } from 'gan-kit';
import { findGenerator, type PickedFile, type RunConfig } from './generator_files.js';
import { latentDirections, seededLatents } from './latents.js';
import { drawImageGrid } from './views/image_grid.js';

/** Sliders over this many latent directions. */
const DIRECTIONS = 8;
const DIRECTION_SEED = 7;
/** Frames of the interpolation strip. */
const STRIP = 9;
const GRID = 64;
const SCATTER_POINTS = 2000;

/** A generator the explorer can show. */
export interface LoadedGenerator {
  readonly model: tfl.LayersModel;
  readonly latentDim: number;
  /** The number of classes of a conditional generator (inputs [z, label]). */
  readonly classes: number | undefined;
  /** One sample's shape: `[2]` for points, `[h, w, c]` for images. */
  readonly sampleShape: readonly number[];
  /** Where it came from, for people. */
  readonly source: string;
  readonly config: RunConfig | undefined;
}

/** What the explorer shows now (read by the browser test). */
export interface ExplorerState {
  readonly source: string;
  readonly latentDim: number;
  readonly classes: number | undefined;
  readonly sampleShape: readonly number[];
  /** The latent of the "current" sample, after truncation. */
  readonly latent: readonly number[];
  readonly label: number | undefined;
  /** G(latent[, label]), flat. */
  readonly sample: readonly number[];
  /** Completed redraws. */
  readonly renders: number;
}

/** The number of classes a conditional generator was built for: from the run's config, else from its label layers. */
function classesOf(model: tfl.LayersModel, config: RunConfig | undefined): number | undefined {
  if (model.inputs.length < 2) return undefined;
  if (typeof config?.conditioning?.classes === 'number') return config.conditioning.classes;
  for (const layer of model.layers) {
    const classes = (layer.getConfig() as { classes?: unknown }).classes;
    if (typeof classes === 'number') return classes;
  }
  throw new Error('This generator takes a label but says nowhere how many classes it has: choose its run\'s config.json too.');
}

/** Describes and checks a loaded generator: one latent input `[null, d]` (plus a label input when conditional). */
export function describeGenerator(model: tfl.LayersModel, source: string, config: RunConfig | undefined): LoadedGenerator {
  const latentShape = model.inputs[0]?.shape;
  const latentDim = latentShape?.[1];
  if (latentShape?.length !== 2 || typeof latentDim !== 'number' || model.inputs.length > 2 || model.outputs.length !== 1) {
    throw new Error(`${source} does not look like a generator: it takes ${model.inputs.map((i) => `[${i.shape.join(', ')}]`).join(' and ')} and makes ${model.outputs.length} outputs; a generator takes latents [batch, d] (and labels) to samples.`);
  }
  const sampleShape = model.outputs[0]!.shape.slice(1).map((d) => d ?? 0);
  return { model, latentDim, classes: classesOf(model, config), sampleShape, source, config };
}

/** The means of the mixture a run was trained on (ring8, grid25), to show beside its samples. */
function mixtureModes(config: RunConfig | undefined): number[][] {
  if (config?.data === 'ring8') return ring8Modes();
  if (config?.data === 'grid25') return grid25Modes();
  return [];
}

/**
 * Draws 2-D points: the cloud of samples, the data's modes (green rings) when known, the interpolation path with
 * its point at t (pink), and the sliders' sample (black).
 */
function drawPoints(
  canvas: HTMLCanvasElement, cloud: Float32Array, modes: readonly (readonly number[])[],
  path: Float32Array, between: ArrayLike<number>, current: ArrayLike<number>,
): void {
  const g = canvas.getContext('2d')!;
  let extent = 1;
  for (const v of [...cloud, ...modes.flat()]) if (Number.isFinite(v)) extent = Math.max(extent, Math.abs(v));
  extent *= 1.15;
  const at = (x: number, y: number): [number, number] => [((x + extent) / (2 * extent)) * canvas.width, ((extent - y) / (2 * extent)) * canvas.height];
  const dot = (x: number, y: number, radius: number, colour: string) => {
    const [px, py] = at(x, y);
    g.fillStyle = colour;
    g.beginPath();
    g.arc(px, py, radius, 0, 2 * Math.PI);
    g.fill();
  };
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.strokeStyle = 'rgba(0, 0, 0, 0.12)';
  g.beginPath();
  g.moveTo(0, canvas.height / 2);
  g.lineTo(canvas.width, canvas.height / 2);
  g.moveTo(canvas.width / 2, 0);
  g.lineTo(canvas.width / 2, canvas.height);
  g.stroke();
  g.fillStyle = 'rgba(123, 47, 191, 0.45)';
  for (let i = 0; i < cloud.length; i += 2) {
    const [x, y] = at(cloud[i]!, cloud[i + 1]!);
    g.fillRect(x - 1.5, y - 1.5, 3, 3);
  }
  g.strokeStyle = '#1b7a3a';
  g.lineWidth = 2;
  for (const [mx, my] of modes) {
    const [x, y] = at(mx!, my!);
    g.beginPath();
    g.arc(x, y, 7, 0, 2 * Math.PI);
    g.stroke();
  }
  g.strokeStyle = '#d6336c';
  g.beginPath();
  for (let i = 0; i < path.length; i += 2) {
    const [x, y] = at(path[i]!, path[i + 1]!);
    if (i === 0) g.moveTo(x, y);
    else g.lineTo(x, y);
  }
  g.stroke();
  dot(between[0]!, between[1]!, 5, '#d6336c');
  dot(current[0]!, current[1]!, 6, '#111');
}

function element<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`The page has no ${selector}.`);
  return found;
}

export class Explorer {
  private generator: LoadedGenerator | undefined;
  private directions: number[][] = [];
  private readonly sliders: HTMLInputElement[] = [];
  private current: { latent: number[]; label: number | undefined; sample: number[] } | undefined;
  private renders = 0;
  private rendering: Promise<void> | undefined;
  private again = false;
  /** Called with a message for people when something fails. */
  onMessage: (text: string, isError: boolean) => void = () => undefined;

  constructor(private readonly root: HTMLElement) {
    for (const id of ['#explore-seed', '#explore-psi', '#explore-class', '#explore-seed-a', '#explore-seed-b', '#explore-t', '#explore-method']) {
      element<HTMLInputElement>(root, id).addEventListener('input', () => this.render());
    }
    element<HTMLButtonElement>(root, '#explore-another').addEventListener('click', () => {
      const seed = element<HTMLInputElement>(root, '#explore-seed');
      seed.value = String(Number(seed.value) + 1);
      this.render();
    });
    element<HTMLButtonElement>(root, '#explore-centre').addEventListener('click', () => {
      for (const s of this.sliders) s.value = '0';
      this.render();
    });
  }

  get loaded(): LoadedGenerator | undefined {
    return this.generator;
  }

  /** Opens the generator among `files` (see findGenerator). */
  async open(files: readonly PickedFile[]): Promise<void> {
    const found = await findGenerator(files);
    const model = await tfl.loadLayersModel(tf.io.browserFiles([found.model.file, ...found.weights]));
    try {
      this.show(describeGenerator(model, found.model.path, found.config));
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  /** Shows a copy of `model` (the training tab's generator, described by `config`), which stays the caller's. */
  async adopt(model: tfl.LayersModel, source: string, config: RunConfig): Promise<void> {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const copy = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    this.show(describeGenerator(copy, source, config));
  }

  private show(generator: LoadedGenerator): void {
    this.generator?.model.dispose();
    this.generator = generator;
    this.directions = latentDirections(generator.latentDim, DIRECTIONS, DIRECTION_SEED);
    const box = element<HTMLElement>(this.root, '#explore-directions');
    box.replaceChildren();
    this.sliders.length = 0;
    this.directions.forEach((_, k) => {
      const label = document.createElement('label');
      const slider = document.createElement('input');
      slider.type = 'range';
      slider.min = '-3';
      slider.max = '3';
      slider.step = '0.05';
      slider.value = '0';
      slider.dataset['direction'] = String(k);
      slider.addEventListener('input', () => this.render());
      label.append(generator.latentDim <= DIRECTIONS ? `z${k}` : `u${k}`, slider);
      box.append(label);
      this.sliders.push(slider);
    });
    const classPicker = element<HTMLSelectElement>(this.root, '#explore-class');
    classPicker.replaceChildren(...Array.from({ length: generator.classes ?? 0 }, (_, c) => new Option(String(c), String(c))));
    element<HTMLElement>(this.root, '#explore-class-row').hidden = generator.classes === undefined;
    const images = generator.sampleShape.length === 3;
    element<HTMLElement>(this.root, '#explore-images').hidden = !images;
    element<HTMLElement>(this.root, '#explore-points').hidden = images;
    element<HTMLElement>(this.root, '#explore-controls').hidden = false;
    const c = generator.config;
    const run = c === undefined ? '' : ` · run: ${[c.data, c.model, c.loss, c.steps === undefined ? undefined : `${c.steps} steps`].filter((x) => x !== undefined).join(', ')}`;
    element<HTMLElement>(this.root, '#explore-info').textContent =
      `${generator.source} · latent size ${generator.latentDim} · sample [${generator.sampleShape.join(', ')}]` +
      `${generator.classes === undefined ? '' : ` · conditional, ${generator.classes} classes`}${run}`;
    this.render();
  }

  private number(id: string): number {
    return Number(element<HTMLInputElement>(this.root, id).value);
  }

  /** The label input for `n` samples, when conditional. */
  private labels(n: number): tf.Tensor2D | undefined {
    if (this.generator?.classes === undefined) return undefined;
    return tf.fill([n, 1], Number(element<HTMLSelectElement>(this.root, '#explore-class').value), 'int32') as tf.Tensor2D;
  }

  private generate(z: tf.Tensor2D): tf.Tensor {
    const generator = this.generator!;
    const labels = this.labels(z.shape[0]);
    return generator.model.apply(labels === undefined ? z : [z, labels], { training: false }) as tf.Tensor;
  }

  /** Redraws after the current redraw (coalescing bursts of slider events); resolves when the view is up to date. */
  render(): Promise<void> {
    if (this.generator === undefined) return Promise.resolve();
    if (this.rendering !== undefined) {
      this.again = true;
      return this.rendering;
    }
    this.rendering = (async () => {
      try {
        do {
          this.again = false;
          await this.draw();
        } while (this.again);
      } catch (error) {
        this.onMessage(error instanceof Error ? error.message : String(error), true);
      } finally {
        this.rendering = undefined;
      }
    })();
    return this.rendering;
  }

  private async draw(): Promise<void> {
    const generator = this.generator!;
    const d = generator.latentDim;
    const psi = this.number('#explore-psi');
    const t = this.number('#explore-t');
    const spherical = element<HTMLSelectElement>(this.root, '#explore-method').value !== 'linear';
    element<HTMLElement>(this.root, '#explore-psi-value').textContent = psi.toFixed(2);
    element<HTMLElement>(this.root, '#explore-t-value').textContent = t.toFixed(2);
    const out = tf.tidy(() => {
      const base = seededLatents(1, d, this.number('#explore-seed'));
      const offsets = this.directions.map((u, k) => u.map((x) => x * Number(this.sliders[k]!.value)));
      const shift = tf.tensor2d([offsets.reduce((sum, u) => sum.map((s, j) => s + u[j]!), new Array<number>(d).fill(0))]);
      const latent = truncateTowardMean(tf.add(base, shift) as tf.Tensor2D, psi);
      const a = tf.reshape(seededLatents(1, d, this.number('#explore-seed-a')), [d]) as tf.Tensor1D;
      const b = tf.reshape(seededLatents(1, d, this.number('#explore-seed-b')), [d]) as tf.Tensor1D;
      const between = truncateTowardMean(tf.reshape(spherical ? slerp(a, b, t) : lerp(a, b, t), [1, d]) as tf.Tensor2D, psi);
      const path = truncateTowardMean(interpolationPath(a, b, STRIP, spherical ? 'spherical' : 'linear'), psi);
      const many = truncateTowardMean(seededLatents(generator.sampleShape.length === 3 ? GRID : SCATTER_POINTS, d, this.number('#explore-seed')), psi);
      return {
        latent, sample: this.generate(latent), between: this.generate(between),
        strip: this.generate(path), many: this.generate(many),
      };
    });
    try {
      const [latent, sample] = await Promise.all([out.latent.data(), out.sample.data()]);
      const label = generator.classes === undefined ? undefined : Number(element<HTMLSelectElement>(this.root, '#explore-class').value);
      this.current = { latent: Array.from(latent), label, sample: Array.from(sample) };
      if (generator.sampleShape.length === 3) {
        await drawImageGrid(element(this.root, '#explore-current'), out.sample as tf.Tensor4D, 1);
        await drawImageGrid(element(this.root, '#explore-between'), out.between as tf.Tensor4D, 1);
        await drawImageGrid(element(this.root, '#explore-strip'), out.strip as tf.Tensor4D, STRIP);
        await drawImageGrid(element(this.root, '#explore-grid'), out.many as tf.Tensor4D, 8);
      } else if (generator.sampleShape.length === 1 && generator.sampleShape[0] === 2) {
        const [cloud, strip, between] = await Promise.all([out.many.data(), out.strip.data(), out.between.data()]);
        drawPoints(element(this.root, '#explore-plane'), cloud as Float32Array, mixtureModes(generator.config), strip as Float32Array, between, sample);
        const [cx, cy] = sample;
        element<HTMLElement>(this.root, '#explore-point').textContent =
          `black: G of the sliders' latent = (${cx!.toFixed(3)}, ${cy!.toFixed(3)}); pink: the interpolation path and its point at t; ` +
          `purple: ${SCATTER_POINTS} samples of the seed${generator.config?.data === undefined ? '' : `; green rings: the modes of ${generator.config.data}`}`;
      } else {
        throw new Error(`Samples of shape [${generator.sampleShape.join(', ')}] cannot be shown: the explorer shows images [h, w, 1 or 3] and points [2].`);
      }
      this.renders++;
    } finally {
      tf.dispose(Object.values(out));
    }
  }

  /** What is shown now, for tests. */
  state(): ExplorerState | undefined {
    const g = this.generator;
    const c = this.current;
    if (g === undefined || c === undefined) return undefined;
    return { source: g.source, latentDim: g.latentDim, classes: g.classes, sampleShape: g.sampleShape, latent: c.latent, label: c.label, sample: c.sample, renders: this.renders };
  }

  /** G(latents[, label]) of the open generator, flat (for tests comparing with Node). */
  async generateValues(latents: readonly (readonly number[])[], label?: number): Promise<number[]> {
    const generator = this.generator;
    if (generator === undefined) throw new Error('No generator is open.');
    const out = tf.tidy(() => {
      const z = tf.tensor2d(latents.map((row) => [...row]));
      const labels = generator.classes === undefined ? undefined : tf.fill([latents.length, 1], label ?? 0, 'int32');
      return generator.model.apply(labels === undefined ? z : [z, labels], { training: false }) as tf.Tensor;
    });
    try {
      return Array.from(await out.data());
    } finally {
      out.dispose();
    }
  }

  /** Saves the open generator through the browser's downloads (generator.json and generator.weights.bin). */
  async download(): Promise<void> {
    if (this.generator === undefined) throw new Error('No generator is open.');
    await this.generator.model.save('downloads://generator');
  }
}
