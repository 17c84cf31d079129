// The table of train settings and what is derived from it: the commander options, the checks of --config files and
// config.json (unknown keys named, with the nearest known one), the resume checks, and docs/cli.md's flag table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  TRAIN_SETTINGS, checkSettingsFile, commandOptions, parseRunConfig, resumedSettings, settingOptions, type RunConfig,
} from '../../src/cli/train_settings.js';
import { UsageError } from '../../src/cli/usage_error.js';

const RUN: RunConfig = {
  format: 'gan-kit-run', version: 1, data: 'ring8', model: 'mlp', loss: 'non-saturating', steps: 10, batchSize: 16,
  seed: 0, latentDim: 8, learningRate: 0.001, r1: 1, generatorUnits: [8, 4], sampleEvery: 5, checkpointEvery: 5,
};

const refused = (action: () => unknown, message: RegExp) =>
  assert.throws(action, (e: unknown) => e instanceof UsageError && message.test(e.message), String(message));

test('one commander option per setting, with its flag and argument, and every key of a run configuration a setting', () => {
  const options = settingOptions();
  assert.deepEqual(options.map((o) => o.long), TRAIN_SETTINGS.map((s) => `--${s.flag}`));
  assert.equal(new Set(TRAIN_SETTINGS.map((s) => s.key)).size, TRAIN_SETTINGS.length, 'keys are unique');
  assert.equal(new Set(TRAIN_SETTINGS.map((s) => s.flag)).size, TRAIN_SETTINGS.length, 'flags are unique');
  assert.deepEqual(parseRunConfig(JSON.stringify(RUN), 'c.json'), RUN, 'a run configuration parses unchanged');
});

test('docs/cli.md lists exactly the flags of train', () => {
  const guide = readFileSync(resolve(import.meta.dirname, '../../docs/cli.md'), 'utf8');
  const section = guide.slice(guide.indexOf('## `gan-kit train`'), guide.indexOf('### Conditional runs'));
  const documented = [...section.matchAll(/^\| `(--[a-z0-9-]+)/gm)].map((m) => m[1]!).sort();
  const declared = [...settingOptions(), ...commandOptions()].map((o) => o.long!).sort();
  assert.deepEqual(documented, declared);
});

test('unknown keys are refused with the nearest known key, or the list of keys when none is near', () => {
  refused(() => checkSettingsFile({ batchsize: 3 }, 'f.json'), /^f\.json: unknown setting 'batchsize' \(did you mean 'batchSize'\?\): fix or remove it$/);
  refused(() => parseRunConfig(JSON.stringify({ ...RUN, learning_rate: 1 }), 'r/config.json'), /unknown setting 'learning_rate' \(did you mean 'learningRate'\?\)/);
  refused(() => checkSettingsFile({ colourfulness: 3 }, 'f.json'), /unknown setting 'colourfulness' \(the settings are data, model, loss, steps, /);
  refused(() => parseRunConfig(JSON.stringify({ ...RUN, steps: undefined }), 'r/config.json'), /^r\/config\.json: 'steps' is missing: every run has one \(an integer ≥ 1\)$/);
  assert.deepEqual(checkSettingsFile({ steps: 3, data: 'ring8' }, 'f.json'), { steps: 3, data: 'ring8' });
});

test('resume: fixed settings compared as values, the changeable ones applied, each refusal naming the flag and both values', () => {
  const out = 'runs/x';
  assert.deepEqual(resumedSettings({ out, lr: '0.0010', gUnits: '8, 4', seed: '0' }, RUN), RUN, '0.0010 is 0.001; "8, 4" is 8,4');
  assert.deepEqual(resumedSettings({ out, steps: '20', sampleEvery: '2', checkpointEvery: '4' }, RUN), { ...RUN, steps: 20, sampleEvery: 2, checkpointEvery: 4 });
  refused(() => resumedSettings({ out, lr: '0.01' }, RUN), /^--lr '0\.01' differs from the run's '0\.001': a resumed run keeps its configuration$/);
  refused(() => resumedSettings({ out, beta1: '0.5' }, RUN), /^--beta1 '0\.5' differs from the run's 'none \(the loss preset's\)'/);
  refused(() => resumedSettings({ out, r1Final: '0.1' }, RUN), /^--r1-final '0\.1' differs from the run's 'none'/);
  refused(() => resumedSettings({ out, gConditioning: 'concat' }, RUN), /^--g-conditioning 'concat' differs from the run's 'none \(not conditional\)'/);
  refused(() => resumedSettings({ out, lr: 'fast' }, RUN), /^--lr must be a number > 0, got 'fast'$/);
});
