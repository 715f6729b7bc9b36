import { AppError } from '../../../src-shared/errors';
import { gateOptions, runStep, type ApplyContext } from './apply-steps';
import type { DeadManTimer } from './dead-man-timer';
import { explainServerLog, type FailureExplanation } from './explain-failure';
import type { JournalEntry } from './journal';
import type { Launcher } from './launcher';
import { runReadinessGate, type ReadinessResult } from './readiness-gate';

/** Why the apply is rolled back: an error thrown on the way, or a gate that failed. */
export interface RollbackCause {
  error?: unknown;
  gate?: ReadinessResult;
  /** The dead-man timer already ran the restore: only check that it came back. */
  timerRestored?: boolean;
}

const logLines = 40;
/** The line host-scripts.ts writes before each start: the lines after the last one are this start's. */
const startMarker = '---- llmwb: started';

/**
 * Rolls back to the last-known-good configuration (launcher.apply and the same readiness gate),
 * disarms the timer once it is back, records the outcome in the journal, and throws the AppError
 * that says why: the failed step, the server's own log lines with a plain explanation, and
 * whether the previous configuration answers again. When the host cannot be reached, says that
 * the dead-man timer restores it on the host and by when.
 */
export async function rollBack(context: ApplyContext, timer: DeadManTimer, cause: RollbackCause): Promise<never> {
  const { options } = context;
  const isCancel = cause.error instanceof AppError && cause.error.code === 'cancelled';
  const failure = failureOf(cause);
  const logExcerpt = await thisStartLog(options.launcher);
  const explanations = explainServerLog(logExcerpt);
  let rollbackNote: string;
  let result: JournalEntry['result'];
  try {
    rollbackNote = await runStep(context, 'rollback', () => restorePrevious(context, cause));
    await timer.disarm().catch(() => undefined);
    result = isCancel ? 'cancelled' : 'rolled_back';
  } catch (error) {
    const deadline = new Date(timer.armedAtMs + timer.seconds * 1000).toISOString();
    rollbackNote = `Rolling back failed (${error instanceof Error ? error.message : String(error)}); the dead-man timer on the host restores the previous configuration by ${deadline}.`;
    result = 'rollback_failed';
  }
  await options.journal.update(context.entry.id, {
    result,
    finishedAt: Date.now(),
    steps: context.steps,
    ...(cause.gate === undefined ? {} : { clamped: cause.gate.clamped }),
    failure: { ...failure, explanations },
    logExcerpt,
  });
  throw failureError({ isCancel, failure, explanations, logExcerpt, rollbackNote, entryId: context.entry.id, result, cause: cause.error });
}

async function restorePrevious(context: ApplyContext, cause: RollbackCause): Promise<string> {
  const { options, before } = context;
  if (cause.timerRestored !== true) await options.launcher.apply(before);
  const gate = await runReadinessGate({ ...gateOptions(options, before), onStep: context.emit });
  if (!gate.isReady) throw new Error(`the previous configuration did not come back either (${gate.failure?.step ?? '?'}: ${gate.failure?.reason ?? '?'})`);
  return 'Rolled back: the previous configuration answers again.';
}

function failureOf(cause: RollbackCause): { step: string; reason: string } {
  if (cause.gate?.failure !== undefined) return cause.gate.failure;
  const error = cause.error;
  if (error instanceof AppError && error.code === 'cancelled') return { step: 'cancel', reason: 'the apply was cancelled after the restart began' };
  // One line: the reason goes inside the headline's parentheses.
  return { step: 'restart', reason: (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ') };
}

/** The server's log since its last start (all of the tail when the launcher marks no starts). */
async function thisStartLog(launcher: Launcher): Promise<string[]> {
  const lines = await launcher.logTail(logLines).catch(() => []);
  const lastStart = lines.findLastIndex((line) => line.startsWith(startMarker));
  return lastStart === -1 ? lines : lines.slice(lastStart + 1);
}

interface FailureReport {
  isCancel: boolean;
  failure: { step: string; reason: string };
  explanations: FailureExplanation[];
  logExcerpt: string[];
  rollbackNote: string;
  entryId: string;
  result: JournalEntry['result'];
  cause: unknown;
}

function failureError(report: FailureReport): AppError {
  const headline = report.isCancel ? 'The apply was cancelled.' : `The new configuration did not come up (${report.failure.step}: ${report.failure.reason}).`;
  const why = report.explanations.map((found) => found.explanation).join(' ');
  const message = [headline, why, report.rollbackNote].filter((part) => part !== '').join(' ');
  const serverLines = report.explanations.length > 0 ? report.explanations.map((found) => found.line) : report.logExcerpt.slice(-5);
  const code = report.isCancel ? 'cancelled' : report.cause instanceof AppError && report.cause.code === 'unreachable' ? 'unreachable' : 'remote_command_failed';
  return new AppError(code, message, {
    ...(serverLines.length > 0 ? { hint: `The server's log: ${serverLines.join(' | ')}` } : {}),
    details: { entryId: report.entryId, result: report.result, failure: report.failure, explanations: report.explanations, logExcerpt: report.logExcerpt },
    cause: report.cause,
  });
}
