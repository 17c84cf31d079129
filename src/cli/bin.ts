import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    // Bad input never gets here (main prints it on one line, exit code 2): this is a failure of the run or of
    // gan-kit. One line says what failed; GAN_KIT_DEBUG=1 adds where.
    const message = error instanceof Error ? error.message : String(error);
    const where = process.env['GAN_KIT_DEBUG'] === '1' && error instanceof Error ? `\n${error.stack ?? ''}` : ' (set GAN_KIT_DEBUG=1 to see where it happened)';
    process.stderr.write(`gan-kit: failed: ${message.replace(/\s*\n\s*/g, ' ')}${where}\n`);
    process.exitCode = 1;
  },
);
