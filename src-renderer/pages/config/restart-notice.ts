import { formatDurationS } from '../../../src-shared/format/numbers';
import type { JournalEntry } from '../../../src-shared/schemas/config-journal';

/**
 * How long the server was down at its last successful apply: from the dead-man timer armed
 * (the restart begins right after) to /health answering 200. Undefined when no applied entry
 * recorded both. Pure.
 */
export function lastDowntimeMs(entries: readonly JournalEntry[]): number | undefined {
  for (const entry of entries) {
    if (entry.result !== 'applied') continue;
    const armed = entry.steps.find((step) => step.step === 'arm' && step.state === 'passed');
    const healthy = entry.steps.find((step) => step.step === 'health' && step.state === 'passed');
    if (armed !== undefined && healthy !== undefined && healthy.atMs >= armed.atMs) return healthy.atMs - armed.atMs;
  }
  return undefined;
}

/** "The server will restart: about 2.1 s of downtime expected (as at the last apply)." */
export function restartSentence(entries: readonly JournalEntry[]): string {
  const downtimeMs = lastDowntimeMs(entries);
  if (downtimeMs === undefined) return 'The server will restart: it does not answer until the new configuration has loaded (no earlier apply here to time it by).';
  return `The server will restart: about ${formatDurationS(downtimeMs / 1000)} of downtime expected (as at the last apply).`;
}
