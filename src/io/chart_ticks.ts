// Round tick values for chart axes, shared by the line chart and the scatter plot.

/** The distance between about `target` round tick values (1, 2 or 5 × 10^k apart) over [lo, hi]. */
export function tickStep(lo: number, hi: number, target = 5): number {
  const raw = (hi - lo) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
}

/** The multiples of `step` in [lo, hi]. */
export function ticksIn(lo: number, hi: number, step: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(k * step);
  return ticks;
}

/** A tick label: four significant digits, no trailing zeros. */
export function formatTick(value: number): string {
  return Math.abs(value) < 1e-12 ? '0' : String(Number(value.toPrecision(4)));
}
