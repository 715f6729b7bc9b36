import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small tmpfs of its own: a real disk that fills up, or that can be made read-only. */
export interface Tmpfs {
  dir: string;
  /** `mount -o remount,ro`: every later write fails with EROFS, even for root. */
  makeReadOnly(): void;
  unmount(): void;
}

function run(args: string[]): void {
  execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Mounts a tmpfs of `sizeKb` KiB in a fresh temp dir (needs root, or CAP_SYS_ADMIN). */
export function mountTmpfs(sizeKb: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'llmwb-tmpfs-'));
  try {
    run(['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    makeReadOnly: () => run(['-o', 'remount,ro', dir]),
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Why this machine cannot mount a test tmpfs, or undefined when it can (tried for real, then
 * unmounted). Tests that need one skip with this reason rather than pass without checking.
 */
export function tmpfsUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `tmpfs tests need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return `mounting a tmpfs needs root (uid ${process.getuid?.()})`;
  try {
    mountTmpfs(64).unmount();
    return undefined;
  } catch (error) {
    return `mount -t tmpfs is not permitted here: ${(error as Error).message.split('\n')[0]}`;
  }
}
