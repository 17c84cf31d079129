// The README's first shell block, run as a newcomer runs it: a `git clone` of this repository (its committed HEAD)
// into an empty folder, then each command of the block verbatim, except the step count (2000 → 3). The install
// uses the lock file and npm's cache (prefer-offline), as CI's own install has just filled it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'gan-kit-clone-'));
const clone = join(work, 'gan-kit');

/** The commands of the README's first ```sh block. */
function firstShellBlock(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(readme);
  assert.ok(block, 'README.md has no ```sh block');
  return block[1]!.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== '');
}

/** The environment of a newcomer's shell: none of the `npm test` run's own npm_* variables, npm's cache preferred. */
function newcomerEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

/** `npx` keeps a folder per project path in npm's cache (`_npx/<hash>`, linking to the project): remove the clone's. */
function removeNpxCacheEntries(): void {
  const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', env: newcomerEnvironment() }).trim();
  const npx = join(cache, '_npx');
  for (const entry of existsSync(npx) ? readdirSync(npx) : []) {
    const manifest = join(npx, entry, 'package.json');
    if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(clone)) rmSync(join(npx, entry), { recursive: true, force: true });
  }
}

after(() => {
  removeNpxCacheEntries();
  rmSync(work, { recursive: true, force: true });
});

test("the README's first block works verbatim on a fresh clone: install without warnings, then the main job", () => {
  const commands = firstShellBlock();
  assert.equal(commands.length, 2, `the block is the install line and the main-job line: ${commands.join(' | ')}`);
  assert.equal(commands[0], 'npm install');
  assert.match(commands[1]!, /^npx gan-kit train .*--steps 2000 .*--out (\S+)$/);
  execFileSync('git', ['clone', '--quiet', root, clone]);

  const env = newcomerEnvironment();
  const install = spawnSync('sh', ['-c', commands[0]!], { cwd: clone, env, encoding: 'utf8', timeout: 240_000 });
  assert.equal(install.status, 0, `${commands[0]} failed:\n${install.stderr}`);
  const warnings = `${install.stdout}\n${install.stderr}`.split('\n').filter((line) => /\bwarn|EBADENGINE|WARNING/i.test(line));
  assert.deepEqual(warnings, [], `${commands[0]} printed warnings`);
  assert.ok(existsSync(join(clone, 'dist', 'cli.js')), 'the install built dist/ (the prepare script)');
  const changed = execFileSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' });
  assert.equal(changed, '', 'the install left the clone as it was (package-lock.json in step with package.json)');

  const job = commands[1]!.replace(/--steps 2000/, '--steps 3');
  const trained = spawnSync('sh', ['-c', job], { cwd: clone, env, encoding: 'utf8', timeout: 240_000 });
  assert.equal(trained.status, 0, `${job} failed:\n${trained.stderr}${trained.stdout}`);
  assert.match(trained.stdout, /finished at step 3\/3/);
  const out = join(clone, /--out (\S+)$/.exec(job)![1]!);
  for (const file of ['config.json', 'metrics.jsonl', 'losses.png', 'evolution.gif', 'samples/step-000000003.png']) {
    assert.ok(existsSync(join(out, file)), `${file} written`);
  }
  assert.ok(readdirSync(join(out, 'checkpoints')).length > 0, 'a checkpoint written');
});
