import { rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CheckpointManager, type LoadedCheckpoint } from '../index.js';
import { UsageError } from './usage_error.js';

/** A checkpoint folder that does not verify, and why. */
export interface DamagedCheckpoint {
  readonly path: string;
  readonly reason: string;
}

/** A run's checkpoints as the commands use them. */
export interface RunCheckpoints {
  /** The newest checkpoint that verifies; `undefined` when there is none. */
  readonly newest: LoadedCheckpoint | undefined;
  /** The checkpoint folders newer than `newest` (all of them, when there is none) that do not verify. */
  readonly damaged: readonly DamagedCheckpoint[];
}

/** `ckpt-000000020 (trainer.json does not match its SHA-256 checksum …)`: a damaged checkpoint in one clause. */
export function describeDamaged(d: DamagedCheckpoint): string {
  // A system error's own path repeats the file already named: "(ENOENT: no such file or directory, stat '…')" → "(ENOENT)".
  const reason = d.reason.replace(/\s+/g, ' ').replace(/\((E[A-Z]+): [^()]*?, \w+ '[^']*'\)/g, '($1)').replace(/\.$/, '');
  return `${basename(d.path)} is damaged (${reason})`;
}

/** The checkpoint folders of `manager`, newest first, or a {@link UsageError} when its directory is not a folder. */
export async function listCheckpoints(manager: CheckpointManager, flag: string): Promise<{ path: string; step: number }[]> {
  const info = await stat(manager.directory).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) {
    throw new UsageError(`${flag} '${dirname(manager.directory)}': ${manager.directory} is a file, not the run's folder of checkpoints: move it away, or restore the folder`);
  }
  return manager.list();
}

/**
 * The checkpoints of a run folder's `checkpoints/` (through the public {@link CheckpointManager}): the newest one
 * that verifies, and every newer folder that does not, each with the reason. A damaged checkpoint is never taken for
 * "no checkpoint": the caller sees it in `damaged`. `flag` names the run folder in errors.
 */
export async function readRunCheckpoints(directory: string, flag: string): Promise<RunCheckpoints> {
  const manager = new CheckpointManager({ directory });
  const listed = await listCheckpoints(manager, flag);
  if (listed.length === 0) return { newest: undefined, damaged: [] };
  const newest = await manager.latest();
  if (newest !== undefined) return { newest, damaged: newest.skipped };
  const damaged: DamagedCheckpoint[] = [];
  for (const { path } of listed) {
    await manager.load(path).catch((error: Error) => {
      const cause = error.cause instanceof Error ? error.cause.message : error.message;
      damaged.push({ path, reason: cause });
    });
  }
  return { newest: undefined, damaged };
}

/**
 * Renames each damaged checkpoint folder `ckpt-N` to `damaged-ckpt-N` beside it (a name the checkpoint manager
 * neither reads nor prunes), so that a resumed run's new checkpoints take their place while the damaged files stay
 * on disk for inspection. Returns one line per folder saying what was done.
 */
export async function setDamagedAside(damaged: readonly DamagedCheckpoint[]): Promise<string[]> {
  const lines: string[] = [];
  for (const d of damaged) {
    let target = join(dirname(d.path), `damaged-${basename(d.path)}`);
    for (let n = 2; (await stat(target).catch(() => undefined)) !== undefined; n++) target = join(dirname(d.path), `damaged-${basename(d.path)}-${n}`);
    await rename(d.path, target);
    lines.push(`checkpoint ${describeDamaged(d)}: moved it to ${target}`);
  }
  return lines;
}
