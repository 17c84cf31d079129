import { readFile } from 'node:fs/promises';
import { CheckpointManager } from '../index.js';
import type { RunConfig } from './run_config.js';
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

/** `gan-kit info`: what a run is (with its classes and conditioning methods when conditional), how far it got and its last metrics. */
export async function info(flags: { readonly run: string; readonly json?: boolean }, out: NodeJS.WriteStream): Promise<number> {
  const config = await readRunConfig(flags.run, '--run');
  const paths = runPaths(flags.run);
  const checkpoints = await new CheckpointManager({ directory: paths.checkpoints }).list();
  const newest = checkpoints[0];
  const lines = (await readFile(paths.metrics, 'utf8').catch(() => '')).trim().split('\n').filter((l) => l !== '');
  const last = lines.length === 0 ? undefined : JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  const summary = {
    run: flags.run,
    config,
    checkpoints: checkpoints.map((c) => c.step),
    step: newest?.step ?? 0,
    progress: `${newest?.step ?? 0}/${config.steps}`,
    lastMetrics: last ?? null,
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
    `progress   step ${summary.progress} (checkpoints at ${checkpoints.map((c) => c.step).join(', ') || 'none'})`,
    `last step  ${last === undefined ? 'none logged' : Object.entries(last).filter(([k]) => k !== 'penalties').map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toFixed(4)) : String(v)}`).join('  ')}`,
    '',
  ].join('\n'));
  return 0;
}
