import type { StepRecord } from '../../src-shared/schemas/config-journal';

/** An apply (or a roll back) of one endpoint as the page follows it, fed by config.progress and config.finished. */
export interface LiveApply {
  events: StepRecord[];
  finished?: { result: 'applying' | 'applied' | 'rolled_back' | 'rollback_failed' | 'cancelled'; entryId?: string };
}

export const idleApply: LiveApply = { events: [] };

/** Adds one step event; a snapshot starting after an apply ended begins the next apply. */
export function addStepEvent(live: LiveApply, event: StepRecord): LiveApply {
  const isNewApply = event.step === 'snapshot' && event.state === 'started' && (live.finished !== undefined || live.events.length > 0);
  const base = isNewApply ? idleApply : live;
  return { events: [...base.events, { step: event.step, state: event.state, atMs: event.atMs, ...(event.detail === undefined ? {} : { detail: event.detail }) }] };
}

export function finishApply(live: LiveApply, finished: NonNullable<LiveApply['finished']>): LiveApply {
  return { ...live, finished };
}

/** True while an apply runs: it has begun and has not finished. */
export function isApplying(live: LiveApply): boolean {
  return live.events.length > 0 && live.finished === undefined;
}
