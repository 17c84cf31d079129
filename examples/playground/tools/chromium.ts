// Debian's Chromium, driven by playwright-core for the playground's test and speed measurement (never a downloaded
// browser).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Throws, saying how to install it, when Debian's Chromium is missing. */
export function checkChromium(user: string): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${user} needs Debian's Chromium at ${CHROMIUM}, which is missing. Install it as root with ` +
      '`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium` (.ci/run does this); ' +
      'do not use `npx playwright install`, which downloads a browser.',
    );
  }
}

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}
