/**
 * Progress p through the changing part of a schedule that holds for the first fraction f₀ of a fit of T steps and
 * then moves until the last step: p = clamp((s/T − f₀) / (1 − f₀), 0, 1), after step s. Shared by
 * `linearLearningRateDecay` and `regularizerWeightSchedule`.
 */
export function scheduleProgress(step: number, totalSteps: number, from: number): number {
  return Math.min(1, Math.max(0, (step / totalSteps - from) / (1 - from)));
}
