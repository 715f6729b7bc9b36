import { userInfo, hostname } from 'node:os';
import { AppError } from '../../../src-shared/errors';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { execText } from '../hosts/host-session';
import { armDeadManTimer, defaultDeadManSeconds, type DeadManTimer } from './dead-man-timer';
import { writeFileArgv } from './host-scripts';
import type { JournalEntry } from './journal';
import { readinessTimeoutMs, runReadinessGate, type StepEvent } from './readiness-gate';

export type { ApplyConfigOptions } from './apply-steps';
import { gateOptions, runStep, throwIfCancelled, type ApplyConfigOptions, type ApplyContext } from './apply-steps';
import { rollBack } from './roll-back';

const snapshotFile = 'last-known-good.json';

/**
 * Applies a configuration safely: snapshots the running configuration as last-known-good (a
 * journal entry written before anything restarts, and a file in the host's state folder), arms a
 * dead-man timer on the host that restores it unless confirmed, restarts through the launcher,
 * runs the readiness gate, then confirms. Any failure, and a cancel after the restart began, rolls
 * back (launcher.apply(lastKnownGood) and the same gate) and throws an AppError that says why,
 * with the server's own log lines and a plain explanation; the journal entry records it all.
 * If the host cannot be reached to roll back, the timer on the host does it within its window.
 */
export async function applyConfig(options: ApplyConfigOptions): Promise<JournalEntry> {
  const before = await options.launcher.read();
  const entry = await options.journal.begin({
    workspaceId: options.workspaceId,
    ...(options.endpointId === undefined ? {} : { endpointId: options.endpointId }),
    ...(options.reappliedFrom === undefined ? {} : { reappliedFrom: options.reappliedFrom }),
    launchKind: options.launcher.kind,
    by: options.by ?? defaultBy(),
    startedAt: Date.now(),
    before,
    after: options.next,
  });
  const steps: StepEvent[] = [];
  const context: ApplyContext = { options, before, entry, steps, emit: recorder(steps, options.onStep) };
  let timer: DeadManTimer | undefined;
  try {
    throwIfCancelled(options.signal);
    await runStep(context, 'snapshot', async () => {
      await execText(options.session, writeFileArgv(options.hostStateDir, snapshotFile), { stdin: JSON.stringify(before) });
      return `last-known-good saved in ${options.hostStateDir}/${snapshotFile} and journal entry ${entry.id}`;
    });
    const arming = { step: 'arm' as const, describe: (armed: DeadManTimer) => `dead-man timer armed on the host: restores last-known-good in ${armed.seconds} s unless confirmed` };
    timer = await runStep(context, arming, () => armTimer(options, before));
    throwIfCancelled(options.signal);
  } catch (error) {
    // Nothing restarted yet: disarm and leave the server as it was.
    await timer?.disarm().catch(() => undefined);
    throw await finish(context, error instanceof AppError && error.code === 'cancelled' ? 'cancelled' : 'rollback_failed', error);
  }
  return restartAndConfirm(context, timer);
}

async function restartAndConfirm(context: ApplyContext, timer: DeadManTimer): Promise<JournalEntry> {
  const { options } = context;
  let gate;
  try {
    await runStep(context, 'restart', async () => {
      await options.launcher.apply(options.next);
      return `restart issued through the ${options.launcher.kind} launcher`;
    });
    throwIfCancelled(options.signal);
    gate = await runReadinessGate({ ...gateOptions(options, options.next), onStep: context.emit });
  } catch (error) {
    return rollBack(context, timer, { error });
  }
  if (!gate.isReady) return rollBack(context, timer, { gate });
  const confirmed = await timer.disarm().catch((error: unknown) => error);
  if (confirmed === 'fired') {
    return rollBack(context, timer, { error: new AppError('timeout', `the dead-man timer fired (after ${timer.seconds} s) before the new configuration was confirmed`), timerRestored: true });
  }
  if (confirmed !== 'disarmed') return rollBack(context, timer, { error: confirmed });
  context.emit({ step: 'confirm', state: 'passed', detail: 'confirmed: the dead-man timer is disarmed' });
  return context.options.journal.update(context.entry.id, { result: 'applied', finishedAt: Date.now(), steps: context.steps, clamped: gate.clamped });
}

async function armTimer(options: ApplyConfigOptions, before: ServerConfig): Promise<DeadManTimer> {
  const loadSeconds = Math.ceil((options.healthTimeoutMs ?? readinessTimeoutMs(options.modelBytes)) / 1000);
  // The window must outlast a slow load and the canary, or the timer would undo a good change.
  const seconds = options.deadManSeconds ?? Math.max(defaultDeadManSeconds, loadSeconds + 90);
  return armDeadManTimer(options.session, { dir: options.hostStateDir, seconds, restoreArgv: await options.launcher.restoreCommand(before) });
}

/** Records finished steps for the journal and forwards every event to the caller. */
function recorder(steps: StepEvent[], onStep: ApplyConfigOptions['onStep']) {
  return (event: Omit<StepEvent, 'atMs'> & { atMs?: number }): void => {
    const full: StepEvent = { ...event, atMs: event.atMs ?? Date.now() };
    if (full.detail === undefined) delete full.detail;
    if (full.state !== 'started') steps.push(full);
    onStep?.(full);
  };
}

/** Closes the entry before anything restarted and returns the error to throw. */
async function finish(context: ApplyContext, result: 'cancelled' | 'rollback_failed', error: unknown): Promise<AppError> {
  const reason = error instanceof Error ? error.message : String(error);
  const step = context.steps.findLast((event) => event.state === 'failed')?.step ?? (result === 'cancelled' ? 'cancel' : 'snapshot');
  await context.options.journal.update(context.entry.id, { result, finishedAt: Date.now(), steps: context.steps, failure: { step, reason, explanations: [] } });
  if (error instanceof AppError) return error;
  return new AppError('internal', reason, { cause: error });
}

function defaultBy(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return hostname();
  }
}

export interface RollbackToOptions extends Omit<ApplyConfigOptions, 'next' | 'reappliedFrom'> {
  entryId: string;
}

/**
 * "Roll back to this": re-applies, through the same safe apply, the configuration the server ran
 * with after journal entry `entryId` (its new configuration if it was applied, its previous one
 * if it was rolled back). The new apply is a journal entry of its own that names `entryId`.
 */
export async function rollbackTo(options: RollbackToOptions): Promise<JournalEntry> {
  const target = await options.journal.get(options.entryId);
  if (target.result === 'applying') throw new AppError('conflict', `entry ${target.id} has not finished; its outcome is unknown`);
  const next = target.result === 'applied' ? target.after : target.before;
  return applyConfig({ ...options, next, reappliedFrom: target.id });
}
