// The training curves: the two losses, and D(x) with D(G(z)) (mean σ of the discriminator's logits on the real and
// the generated batch), against the step. Drawn with uPlot, which redraws thousands of points cheaply.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StepRecord } from '../session.js';

/** At most this many points per series are plotted (every n-th step beyond that). */
const MAX_POINTS = 1500;

interface Series {
  readonly label: string;
  readonly colour: string;
  readonly value: (r: StepRecord) => number;
}

export class Chart {
  private readonly plot: uPlot;

  constructor(container: HTMLElement, title: string, private readonly series: readonly Series[], range?: [number, number]) {
    this.plot = new uPlot({
      title,
      width: container.clientWidth || 420,
      height: 190,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, ...(range === undefined ? {} : { y: { range } }) },
      axes: [{ label: 'step' }, {}],
      series: [{ label: 'step' }, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5, points: { show: false } }))],
    }, [[], ...series.map(() => [])], container);
  }

  /** Plots `records` (thinned to about MAX_POINTS). */
  update(records: readonly StepRecord[]): void {
    const stride = Math.max(1, Math.ceil(records.length / MAX_POINTS));
    const shown = records.filter((_, i) => i % stride === 0 || i === records.length - 1);
    this.plot.setData([shown.map((r) => r.step), ...this.series.map((s) => shown.map(s.value))]);
  }
}

export function lossChart(container: HTMLElement): Chart {
  return new Chart(container, 'Losses', [
    { label: 'D loss', colour: '#1b7a3a', value: (r) => r.discriminatorLoss },
    { label: 'G loss', colour: '#7b2fbf', value: (r) => r.generatorLoss },
  ]);
}

export function scoreChart(container: HTMLElement): Chart {
  return new Chart(container, 'D(x) and D(G(z))', [
    { label: 'D(x)', colour: '#1b7a3a', value: (r) => r.realScore },
    { label: 'D(G(z))', colour: '#7b2fbf', value: (r) => r.fakeScore },
  ], [0, 1]);
}
