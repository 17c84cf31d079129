import { readFile } from 'node:fs/promises';
import { CheckpointManager } from '../index.js';
import type { RunConfig } from './run_config.js';
import { describeDamaged, listCheckpoints } from './run_checkpoints.js';
import { readRunConfig, runPaths } from './run_directory.js';

/** The run's training settings in one line; the optional ones only when the run sets them (else the loss preset's apply). */
function trainingSettings(config: RunConfig): string {
  const optional: readonly (readonly [number | undefined, (value: number) => string])[] = [
    [config.learningRate, (v) => `lr ${v}`],
    [config.beta1, (v) => `Adam β₁ ${v}`],
    [config.beta2, (v) => `Adam β₂ ${v}`],
    [config.discriminatorSteps, (v) => `k ${v}`],
    [config.gradientPenaltyWeight, (v) => `GP λ ${v}`],
    [config.r1, (v) => `R1 γ ${v}`],
    [config.r1Final, (v) => `→ ${v}`],
    [config.learningRateDecayFrom, (v) => `lr → 0 after ${Math.round(100 * v)}% of the steps`],
  ];
  const units = (name: string, layers: readonly number[] | undefined) => (layers === undefined ? [] : [`${name} units ${layers.join(',')}`]);
  return [
    `batch ${config.batchSize}`, `seed ${config.seed}`, `latent ${config.latentDim}`,
    ...units('G', config.generatorUnits), ...units('D', config.discriminatorUnits),
    ...optional.flatMap(([value, show]) => (value === undefined ? [] : [show(value)])),
  ].join('  ');
}

/** The last step logged in `metrics.jsonl`, and what is wrong with the file (a half-written last line, a damaged line). */
async function lastMetrics(path: string): Promise<{ last: Record<string, unknown> | undefined; problems: string[] }> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const lines = text.split('\n');
  const problems: string[] = [];
  let last: Record<string, unknown> | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value = JSON.parse(line) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      last = value as Record<string, unknown>;
    } catch {
      problems.push(i === lines.length - 1 ? `metrics.jsonl ends in a half-written line (${line.length} characters), ignored` : `metrics.jsonl line ${i + 1} is not a JSON object, ignored`);
    }
  });
  return { last, problems };
}

/**
 * `gan-kit info`: what a run is (with its classes and conditioning methods when conditional), how far it got and its
 * last metrics. Every checkpoint is verified: a damaged one is named, with what is wrong, and not counted.
 */
export async function info(flags: { readonly run: string; readonly json?: boolean }, out: NodeJS.WriteStream): Promise<number> {
  const config = await readRunConfig(flags.run, '--run');
  const paths = runPaths(flags.run);
  const manager = new CheckpointManager({ directory: paths.checkpoints });
  const listed = await listCheckpoints(manager, '--run');
  const checked = await Promise.all(listed.map(async ({ path, step }) => manager.load(path).then(
    () => ({ path, step, reason: undefined }),
    (error: Error) => ({ path, step, reason: error.cause instanceof Error ? error.cause.message : error.message }),
  )));
  const intact = checked.filter((c) => c.reason === undefined);
  const damaged = checked.filter((c): c is typeof c & { reason: string } => c.reason !== undefined);
  const { last, problems } = await lastMetrics(paths.metrics);
  const step = intact[0]?.step ?? 0;
  const summary = {
    run: flags.run,
    config,
    checkpoints: intact.map((c) => c.step),
    damagedCheckpoints: damaged.map(({ path, step: at, reason }) => ({ path, step: at, reason })),
    step,
    progress: `${step}/${config.steps}`,
    lastMetrics: last ?? null,
    problems: [...damaged.map((d) => `checkpoint ${describeDamaged(d)}`), ...problems],
  };
  if (flags.json === true) {
    out.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  const c = config.conditioning;
  out.write([
    `run        ${flags.run}`,
    `data       ${config.data}  model ${config.model}  loss ${config.loss}`,
    ...(c === undefined ? [] : [`classes    ${c.classes}, conditional: D ${c.discriminator}, G ${c.generator}`]),
    `training   ${trainingSettings(config)}`,
    `progress   step ${summary.progress} (checkpoints at ${intact.map((c) => c.step).join(', ') || 'none'})`,
    `last step  ${last === undefined ? 'none logged' : Object.entries(last).filter(([k]) => k !== 'penalties').map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toFixed(4)) : String(v)}`).join('  ')}`,
    ...summary.problems.map((p) => `problem    ${p}`),
    '',
  ].join('\n'));
  return 0;
}
