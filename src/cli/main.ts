import { Command, CommanderError, Option } from 'commander';
import { evaluate } from './evaluate.js';
import { info } from './info.js';
import { DISCRIMINATOR_CONDITIONINGS, GENERATOR_CONDITIONINGS, LOSSES, MODELS } from './run_config.js';
import { sample } from './sample.js';
import { train } from './train.js';
import { UsageError } from './usage_error.js';

/** Exit codes: 0 done, 1 training failed (diverged), 2 bad input (nothing changed), 130 stopped by Ctrl-C. */
const BAD_INPUT = 2;

function program(out: NodeJS.WriteStream, setCode: (code: number) => void): Command {
  const cli = new Command('gan-kit')
    .description('Train, sample and inspect generative adversarial networks (gan-kit on TensorFlow.js).')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => out.write(s) });

  cli.command('train')
    .description('train a GAN and write checkpoints, sample grids, an evolution GIF, loss curves and a metrics log to --out')
    .option('--data <name|path>', 'mnist, ring8, grid25, or a folder of images / IDX file / CIFAR-10 batch')
    .addOption(new Option('--model <name>', 'architecture (default: mlp for 2-D data, dcgan for images)').choices(MODELS))
    .addOption(new Option('--loss <name>', 'objective or published recipe (default: non-saturating)').choices(LOSSES))
    .option('--steps <n>', 'total generator steps of the run')
    .option('--epochs <n>', 'passes over the data (instead of --steps)')
    .option('--batch-size <n>', 'samples per batch')
    .option('--seed <n>', 'seed of initialisation, batches and noise (default 0)')
    .requiredOption('--out <dir>', 'run folder (must be new or empty, unless --resume)')
    .option('--resume', 'continue the run in --out until it reaches --steps')
    .option('--config <file.json>', 'run settings as JSON (flags override them)')
    .option('--backend <name>', 'tfjs backend: tensorflow, wasm, cpu, … (default: the fastest installed)')
    .option('--latent-dim <n>', 'size of the latent vector z')
    .option('--lr <rate>', 'learning rate of both optimizers (default: the recipe\'s)')
    .option('--r1 <gamma>', 'add an R1 penalty (γ/2)·E‖∇D(x)‖² on real data (Mescheder et al. 2018)')
    .option('--r1-final <gamma>', 'with --r1: γ at the last step, reached geometrically over the learning-rate decay\'s span')
    .option('--gp-weight <lambda>', 'λ of the WGAN-GP gradient penalty, with --loss wgan-gp (default: 0.1 with --data grid25, else 10)')
    .option('--beta1 <b>', 'Adam\'s β₁ for both optimizers, in [0, 1) (default: the recipe\'s)')
    .option('--beta2 <b>', 'Adam\'s β₂ for both optimizers, in [0, 1) (default: the recipe\'s)')
    .option('--lr-decay-from <fraction>', 'after this fraction of the steps, both learning rates fall linearly to 0')
    .option('--g-units <list>', 'with --model mlp: units of the generator\'s hidden layers, such as 128,128,128')
    .option('--d-units <list>', 'with --model mlp: units of the discriminator\'s hidden layers, such as 128,128,128')
    .option('--d-steps <k>', 'discriminator updates per generator update (default: the recipe\'s)')
    .option('--image-size <n>', 'side the images are resized to (required for a folder of images; IDX/CIFAR: as stored)')
    .option('--channels <1|3>', 'channels of the images (required for a folder of images; IDX/CIFAR: as stored)')
    .option('--sample-every <n>', 'steps between fixed-noise sample pictures')
    .option('--checkpoint-every <n>', 'steps between checkpoints')
    .option('--conditional', 'a class-conditional GAN on the data\'s labels (mnist, IDX with labels, CIFAR-10)')
    .addOption(new Option('--d-conditioning <method>', 'how D sees the label, with --conditional (default: projection)').choices(DISCRIMINATOR_CONDITIONINGS))
    .addOption(new Option('--g-conditioning <method>', 'how G sees the label, with --conditional (default: concat)').choices(GENERATOR_CONDITIONINGS))
    .action(async (flags) => setCode(await train(flags, out)));

  cli.command('sample')
    .description('draw samples from a trained run into a .npy, .png or .json file')
    .requiredOption('--run <dir>', 'the run folder')
    .requiredOption('--out <file>', 'output file: .npy (N×H×W×C or N×2 float32), .png (a grid) or .json')
    .option('--count <n>', 'how many samples (default 64)')
    .option('--seed <n>', 'seed of the latent vectors (the same seed gives the same samples)')
    .option('--interpolate', 'a latent walk: --count points on the arc between two random latents')
    .option('--labels <classes>', 'a conditional run\'s classes, cycled: 3, 0-9, 1,4,7 or 0-2,7 (default: all); .npy also writes FILE.labels.npy')
    .option('--backend <name>', 'tfjs backend (default: the fastest installed)')
    .action(async (flags) => setCode(await sample(flags, out)));

  cli.command('info')
    .description('show what a run is, how far it got and its last metrics')
    .requiredOption('--run <dir>', 'the run folder')
    .option('--json', 'print one JSON line')
    .action(async (flags) => setCode(await info(flags, out)));

  cli.command('evaluate')
    .description('score a trained run: mode coverage for 2-D mixtures; FID, KID, precision/recall, IS and class coverage for MNIST-sized images')
    .requiredOption('--run <dir>', 'the run folder')
    .option('--count <n>', 'samples to score (default 2500 for 2-D data, 2000 for images)')
    .option('--seed <n>', 'seed of the latents and of the real subset (default 0)')
    .option('--backend <name>', 'tfjs backend (default: the fastest installed)')
    .option('--json', 'print one JSON line')
    .action(async (flags) => setCode(await evaluate(flags, out)));

  return cli;
}

/**
 * Runs the gan-kit command line with `argv` (without the node and script paths) and returns the exit code. Bad
 * input (an unknown subcommand, flag, data set, model, loss, a bad number, an unreadable file, an output folder
 * holding another run) prints one line and returns 2 without changing anything.
 */
export async function main(argv: readonly string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let code = 0;
  const cli = program(out, (c) => { code = c; });
  if (argv.length === 0) {
    cli.outputHelp();
    return BAD_INPUT;
  }
  try {
    await cli.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return BAD_INPUT;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`gan-kit: error: ${error.message}\n`);
      return BAD_INPUT;
    }
    throw error;
  }
}
