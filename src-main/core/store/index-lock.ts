import { lock } from 'proper-lockfile';
import { AppError } from '../../../src-shared/errors';

/**
 * A lock held longer than this without its heartbeat is taken to belong to a dead process
 * (kill -9 while writing) and is broken. Writes hold the lock for milliseconds; only an event
 * loop blocked this long could lose it.
 */
const staleMs = 10_000;
/** About 20 s of retries in all: long enough to outlast a stale lock left by a killed process. */
const retries = { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100 };

/** Called by the work before it writes: throws when another process broke the lock meanwhile. */
export type AssertLockHeld = () => void;

/**
 * Runs `work` while this process holds `<file>.lock`, a directory created atomically by
 * proper-lockfile (mkdir is atomic on local file systems and NFS alike), refreshed while held
 * and broken once stale, so a process killed mid-write never blocks the others for good.
 */
export async function withFileLock<T>(file: string, work: (assertHeld: AssertLockHeld) => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(file, { realpath: false, stale: staleMs, retries, onCompromised: (error) => (compromised = error) });
  } catch (error) {
    throw new AppError('timeout', `The data folder's index stayed locked by another LLM Workbench process (${(error as Error).message}).`, {
      hint: `If no other llmwb or app process is running, remove ${file}.lock and try again.`,
      cause: error,
    });
  }
  const assertHeld = (): void => {
    if (compromised) throw new AppError('internal', `Lost the lock on ${file} (${compromised.message}); nothing was written.`, { hint: 'Try again.' });
  };
  try {
    return await work(assertHeld);
  } finally {
    // A compromised lock is already gone; releasing it again only reports that.
    await release().catch(() => undefined);
  }
}
