import { Command, CommanderError } from 'commander';
import { evaluate } from './evaluate.js';
import { info } from './info.js';
import { sample } from './sample.js';
import { train } from './train.js';
import { translate } from './translate.js';
import { commandOptions, settingOptions } from './train_settings.js';
import { UsageError } from './usage_error.js';

/** Exit codes: 0 done, 1 training failed (diverged), 2 bad input (nothing changed), 130 stopped by Ctrl-C. */
const BAD_INPUT = 2;

function program(out: NodeJS.WriteStream, err: NodeJS.WritableStream, setCode: (code: number) => void): Command {
  const cli = new Command('gan-kit')
    .description('Train, sample and inspect generative adversarial networks (gan-kit on TensorFlow.js).')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      // commander's own errors (unknown flag, missing argument) on one line, its suggestion included.
      writeErr: (s) => err.write(s.startsWith('error:') ? `gan-kit: ${s.trim().replace(/\s*\n\s*/g, ' ')}\n` : s),
      writeOut: (s) => out.write(s),
    });

  const trainCommand = cli.command('train')
    .description('train a GAN and write checkpoints, sample grids, an evolution GIF, loss curves and a metrics log to --out');
  for (const option of [...settingOptions(), ...commandOptions()]) trainCommand.addOption(option);
  trainCommand
    .action(async (flags) => setCode(await train(flags, out)));

  cli.command('sample')
    .description('draw samples from a trained run (an image-to-image run: translations of held-out inputs) into a .npy, .png or .json file')
    .requiredOption('--run <dir>', 'the run folder')
    .requiredOption('--out <file>', 'output file: .npy (N×H×W×C or N×2 float32), .png (a grid) or .json')
    .option('--count <n>', 'how many samples (default 64)')
    .option('--seed <n>', 'seed of the latent vectors (the same seed gives the same samples)')
    .option('--interpolate', 'a latent walk: --count points on the arc between two random latents')
    .option('--labels <classes>', 'a conditional run\'s classes, cycled: 3, 0-9, 1,4,7 or 0-2,7 (default: all); .npy also writes FILE.labels.npy')
    .option('--truncation <psi>', 'the truncation trick: a StyleGAN2 run, w pulled toward the average style, psi in [0, 1] (1: none; 0.7 is usual); other GAN runs, BigGAN\'s latents from N(0, I) truncated to [-psi, psi], psi > 0 (smaller: more typical, less varied)')
    .option('--style-mix', 'a StyleGAN2 run: a --count × --count grid (default 8), rows\' coarse styles (4²–8²) with columns\' fine styles')
    .option('--backend <name>', 'tfjs backend (default: the fastest installed)')
    .action(async (flags) => setCode(await sample(flags, out, err)));

  cli.command('info')
    .description('show what a run is, how far it got and its last metrics')
    .requiredOption('--run <dir>', 'the run folder')
    .option('--json', 'print one JSON line')
    .action(async (flags) => setCode(await info(flags, out)));

  cli.command('evaluate')
    .description('score a trained run: mode coverage for 2-D mixtures; FID, KID, precision/recall, IS and class coverage for MNIST-sized images; task scores for image-to-image runs')
    .requiredOption('--run <dir>', 'the run folder')
    .option('--count <n>', 'samples to score (default 2500 for 2-D data, 2000 for images)')
    .option('--seed <n>', 'seed of the latents and of the real subset (default 0)')
    .option('--backend <name>', 'tfjs backend (default: the fastest installed)')
    .option('--json', 'print one JSON line')
    .action(async (flags) => setCode(await evaluate(flags, out, err)));

  cli.command('translate')
    .description('run an image-to-image run (cyclegan, pix2pix, srgan) on new images: translate them, or up-scale them for srgan')
    .requiredOption('--run <dir>', 'the run folder')
    .requiredOption('--in <path>', 'a PNG or JPEG file, or a folder of them (read at the run\'s input size and channels)')
    .requiredOption('--out <path>', 'a .png file for one image, a folder (made when missing) for a folder: NAME.png for each input')
    .option('--direction <a2b|b2a>', 'cyclegan: which generator (default a2b); pix2pix and srgan go the way they were trained')
    .option('--backend <name>', 'tfjs backend (default: the fastest installed)')
    .action(async (flags) => setCode(await translate(flags, out, err)));

  return cli;
}

/**
 * Runs the gan-kit command line with `argv` (without the node and script paths) and returns the exit code. Bad
 * input (an unknown subcommand, flag, data set, model, loss, a bad number, an unreadable or damaged file, an output
 * folder holding another run) prints one line on `err` and returns 2 without changing anything. Results go to `out`,
 * warnings (a damaged checkpoint skipped) to `err`.
 */
export async function main(argv: readonly string[], out: NodeJS.WriteStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let code = 0;
  const cli = program(out, err, (c) => { code = c; });
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
      err.write(`gan-kit: error: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return BAD_INPUT;
    }
    throw error;
  }
}
