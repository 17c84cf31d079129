// Draws a PlaneFrame on a canvas: the decision surface as a heat map (green: D says real, purple: D says fake), the
// manifold's warped grid, the real points, the generated points and their gradient arrows. Also turns mouse strokes
// on the canvas into points of the plane, for the "drawn" data set.
import { GRADIENT_POINTS, LINES, POINTS_PER_LINE, RESOLUTION, type PlaneFrame } from './plane_frame.js';

/** Which layers to draw. */
export interface PlaneLayers {
  readonly surface: boolean;
  readonly manifold: boolean;
  readonly real: boolean;
  readonly generated: boolean;
  readonly gradients: boolean;
}

const REAL_COLOUR = '#1b7a3a';
const GENERATED_COLOUR = '#7b2fbf';
const MANIFOLD_COLOUR = 'rgba(40, 40, 40, 0.35)';
const GRADIENT_COLOUR = '#d6336c';
const DRAWN_COLOUR = '#1f5fbf';

/**
 * The heat map's colour for σ(D(x)) = p: purple (0, fake) through white (0.5) to green (1, real); the square root
 * makes the small departures from 0.5 of a well-regularized D visible.
 */
function surfaceColour(p: number): [number, number, number] {
  const t = Math.max(0, Math.min(1, p));
  const fake = [186, 140, 224];
  const real = [130, 206, 150];
  const towards = t < 0.5 ? fake : real;
  const w = Math.sqrt(Math.abs(t - 0.5) * 2);
  return [0, 1, 2].map((c) => Math.round(255 + (towards[c]! - 255) * w)) as [number, number, number];
}

export class PlaneView {
  private readonly context: CanvasRenderingContext2D;
  private readonly heat: HTMLCanvasElement;
  private view: readonly [number, number] = [-1.5, 1.5];
  private frame: PlaneFrame | undefined;
  private drawing: readonly (readonly number[])[] | undefined;

  constructor(readonly canvas: HTMLCanvasElement) {
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('This browser gives no 2-D canvas context.');
    this.context = context;
    this.heat = document.createElement('canvas');
    this.heat.width = RESOLUTION;
    this.heat.height = RESOLUTION;
  }

  /** Canvas pixel → point of the plane. */
  toPlane(px: number, py: number): [number, number] {
    const [lo, hi] = this.view;
    return [lo + (px / this.canvas.width) * (hi - lo), hi - (py / this.canvas.height) * (hi - lo)];
  }

  private toCanvas(x: number, y: number): [number, number] {
    const [lo, hi] = this.view;
    return [((x - lo) / (hi - lo)) * this.canvas.width, ((hi - y) / (hi - lo)) * this.canvas.height];
  }

  /** Shows `frame` in the square `view`; with `drawing`, the drawn points too (the "drawn" data set). */
  show(frame: PlaneFrame | undefined, view: readonly [number, number], drawing: readonly (readonly number[])[] | undefined, layers: PlaneLayers): void {
    this.frame = frame;
    this.view = view;
    this.drawing = drawing;
    this.redraw(layers);
  }

  redraw(layers: PlaneLayers): void {
    const { context: g, canvas } = this;
    const frame = this.frame;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    if (frame !== undefined && layers.surface) {
      const heat = this.heat.getContext('2d')!;
      const image = heat.createImageData(RESOLUTION, RESOLUTION);
      for (let i = 0; i < RESOLUTION * RESOLUTION; i++) {
        const [r, gr, b] = surfaceColour(frame.surface[i]!);
        image.data.set([r, gr, b, 255], 4 * i);
      }
      heat.putImageData(image, 0, 0);
      g.imageSmoothingEnabled = true;
      g.drawImage(this.heat, 0, 0, canvas.width, canvas.height);
    }
    this.drawAxes();
    if (frame !== undefined && layers.manifold) {
      g.strokeStyle = MANIFOLD_COLOUR;
      g.lineWidth = 1;
      for (let line = 0; line < 2 * LINES; line++) {
        g.beginPath();
        for (let j = 0; j < POINTS_PER_LINE; j++) {
          const k = 2 * (line * POINTS_PER_LINE + j);
          const [x, y] = this.toCanvas(frame.manifold[k]!, frame.manifold[k + 1]!);
          if (j === 0) g.moveTo(x, y);
          else g.lineTo(x, y);
        }
        g.stroke();
      }
    }
    if (this.drawing !== undefined) this.dots(this.drawing.flat(), DRAWN_COLOUR, 2.5, 0.9);
    if (frame !== undefined && layers.real) this.dots(frame.real, REAL_COLOUR, 1.6, 0.6);
    if (frame !== undefined && layers.generated) this.dots(frame.generated, GENERATED_COLOUR, 1.6, 0.55);
    if (frame !== undefined && layers.gradients) this.arrows(frame);
  }

  private drawAxes(): void {
    const g = this.context;
    const [x0, y0] = this.toCanvas(0, 0);
    g.strokeStyle = 'rgba(0, 0, 0, 0.12)';
    g.beginPath();
    g.moveTo(0, y0);
    g.lineTo(this.canvas.width, y0);
    g.moveTo(x0, 0);
    g.lineTo(x0, this.canvas.height);
    g.stroke();
  }

  private dots(points: ArrayLike<number>, colour: string, radius: number, alpha: number): void {
    const g = this.context;
    g.fillStyle = colour;
    g.globalAlpha = alpha;
    for (let i = 0; i + 1 < points.length; i += 2) {
      const [x, y] = this.toCanvas(points[i]!, points[i + 1]!);
      g.fillRect(x - radius, y - radius, 2 * radius, 2 * radius);
    }
    g.globalAlpha = 1;
  }

  /** Arrows along −∂L_G/∂x, the longest 1/12 of the view, the others in proportion. */
  private arrows(frame: PlaneFrame): void {
    const g = this.context;
    let longest = 0;
    for (let i = 0; i < GRADIENT_POINTS; i++) longest = Math.max(longest, Math.hypot(frame.gradients[2 * i]!, frame.gradients[2 * i + 1]!));
    if (!(longest > 0)) return;
    const scale = this.canvas.width / 12 / longest;
    g.strokeStyle = GRADIENT_COLOUR;
    g.lineWidth = 1.2;
    for (let i = 0; i < GRADIENT_POINTS; i++) {
      const [x, y] = this.toCanvas(frame.generated[2 * i]!, frame.generated[2 * i + 1]!);
      const dx = frame.gradients[2 * i]! * scale;
      const dy = -frame.gradients[2 * i + 1]! * scale;
      const length = Math.hypot(dx, dy);
      if (length < 0.5) continue;
      const ux = dx / length;
      const uy = dy / length;
      g.beginPath();
      g.moveTo(x, y);
      g.lineTo(x + dx, y + dy);
      g.moveTo(x + dx, y + dy);
      g.lineTo(x + dx - 4 * ux + 3 * uy, y + dy - 4 * uy - 3 * ux);
      g.moveTo(x + dx, y + dy);
      g.lineTo(x + dx - 4 * ux - 3 * uy, y + dy - 4 * uy + 3 * ux);
      g.stroke();
    }
  }

  /**
   * Calls `onPoints` with the plane points of each mouse stroke (while `enabled()`), one point per few pixels moved.
   */
  enableDrawing(enabled: () => boolean, onPoints: (points: number[][]) => void): void {
    let last: [number, number] | undefined;
    const at = (event: PointerEvent): [number, number] => {
      const box = this.canvas.getBoundingClientRect();
      return [((event.clientX - box.left) / box.width) * this.canvas.width, ((event.clientY - box.top) / box.height) * this.canvas.height];
    };
    this.canvas.addEventListener('pointerdown', (event) => {
      if (!enabled()) return;
      this.canvas.setPointerCapture(event.pointerId);
      last = at(event);
      onPoints([this.toPlane(...last)]);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (last === undefined) return;
      const now = at(event);
      if (Math.hypot(now[0] - last[0], now[1] - last[1]) < 4) return;
      last = now;
      onPoints([this.toPlane(...now)]);
    });
    const end = () => { last = undefined; };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
  }
}
