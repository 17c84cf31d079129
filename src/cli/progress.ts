import cliProgress from 'cli-progress';
import type { AdversarialTrainer, StepLogs, TrainerCallbacks } from '../index.js';

function format(n: number): string {
  return Number.isFinite(n) ? n.toFixed(3) : String(n);
}

/**
 * Hooks that show training progress: on a terminal a progress bar (step, steps/s, ETA, losses, D(x), D(G(z))); in a
 * log (no TTY) one line every `logEvery` steps.
 */
export function progressCallbacks(options: { readonly totalSteps: number; readonly stream: NodeJS.WriteStream; readonly logEvery: number }): TrainerCallbacks<AdversarialTrainer> {
  const { totalSteps, stream, logEvery } = options;
  const tty = stream.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let started = 0;
  let startStep = 0;
  const fields = (logs: StepLogs | undefined, step: number) => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? (step - startStep) / elapsed : 0;
    return {
      rate: rate.toFixed(2),
      d: format(logs?.discriminatorLoss ?? NaN),
      g: format(logs?.generatorLoss ?? NaN),
      dx: format(logs?.realScore ?? NaN),
      dgz: format(logs?.fakeScore ?? NaN),
      eta: rate > 0 ? `${Math.round((totalSteps - step) / rate)}s` : '?',
    };
  };
  return {
    onTrainBegin: ({ step }) => {
      started = Date.now();
      startStep = step;
      if (tty) {
        bar = new cliProgress.SingleBar({
          stream,
          format: 'step {value}/{total} [{bar}] {rate} steps/s ETA {eta} | D {d} G {g} | D(x) {dx} D(G(z)) {dgz}',
          hideCursor: true,
        }, cliProgress.Presets.shades_classic);
        bar.start(totalSteps, step, fields(undefined, step));
      }
    },
    onStepEnd: ({ step, logs }) => {
      const f = fields(logs, step);
      if (bar !== undefined) bar.update(step, f);
      else if (step % logEvery === 0 || step === totalSteps) {
        stream.write(`step ${step}/${totalSteps} ${f.rate} steps/s ETA ${f.eta} | D ${f.d} G ${f.g} | D(x) ${f.dx} D(G(z)) ${f.dgz}\n`);
      }
    },
    onTrainEnd: () => {
      bar?.stop();
    },
  };
}
